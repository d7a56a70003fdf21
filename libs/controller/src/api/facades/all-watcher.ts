import { AllWatcher } from "../all-watcher";
import { ApiError } from "../api-error";
import type { Facade, FacadeCall } from "../facade";

function watcher({ conn, id }: FacadeCall): AllWatcher {
  const found = conn.watchers.get(id);
  if (!(found instanceof AllWatcher))
    throw new ApiError(`unknown watcher id ${JSON.stringify(id)}`, "not found");
  return found;
}

/** AllWatcher v3: Next (blocking) and Stop, the watcher id at the envelope's top level. */
export const allWatcherFacade: Facade = {
  name: "AllWatcher",
  versions: [3],
  endpoints: ["model"],
  methods: {
    async Next(call) {
      return { deltas: await watcher(call).next() };
    },
    Stop(call) {
      watcher(call).stop();
      return {};
    },
  },
};
