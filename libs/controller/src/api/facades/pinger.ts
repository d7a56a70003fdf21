import type { Facade } from "../facade";

/** Pinger v1: the keep-alive. */
export const pingerFacade: Facade = {
  name: "Pinger",
  versions: [1],
  endpoints: ["controller", "model"],
  methods: {
    Ping: () => ({}),
  },
};
