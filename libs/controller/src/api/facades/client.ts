import { AllWatcher } from "../all-watcher";
import type { Facade } from "../facade";
import { fullStatus } from "../model-status";
import { arrayOf } from "../wire-format";

/** Client v7/v8: FullStatus and WatchAll. */
export const clientFacade: Facade = {
  name: "Client",
  versions: [7, 8],
  endpoints: ["model"],
  methods: {
    FullStatus({ ctx, params }) {
      const patterns = arrayOf(params.patterns).filter((p): p is string => typeof p === "string");
      return fullStatus(ctx, patterns);
    },
    WatchAll({ ctx, conn }) {
      return { "watcher-id": conn.addWatcher(new AllWatcher(ctx)) };
    },
  },
};
