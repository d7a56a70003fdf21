import { UsageError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import type { HookTool } from "./tool";

/** application-version-set <version>: shown as the application's Version; immediate. */
export const applicationVersionSet: HookTool = {
  name: "application-version-set",
  args: "<new-version>",
  purpose: "Specify which version of the application is deployed.",
  run(io) {
    const [version, ...rest] = parseFlags(io.argv, []).args;
    if (version === undefined) throw new UsageError("no version specified");
    checkEmpty(rest);
    io.ctx.setWorkloadVersion(version);
  },
};
