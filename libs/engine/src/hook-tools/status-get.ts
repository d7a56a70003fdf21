import type { StatusInfo } from "../model/state";
import { ToolError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import { Output } from "./output";
import type { HookTool } from "./tool";

function details(info: StatusInfo, includeData: boolean): Record<string, unknown> {
  if (!includeData) return { status: info.status };
  return { status: info.status, message: info.message, "status-data": { ...info.data } };
}

/** status-get [--include-data] [--application]: smart without data prints just the status word. */
export const statusGet: HookTool = {
  name: "status-get",
  args: "[--include-data] [--application]",
  purpose: "Print status information.",
  async run(io) {
    const output = new Output("smart");
    const parsed = parseFlags(io.argv, [
      ...output.flags,
      { names: ["include-data"], bool: true },
      { names: ["application"], bool: true },
    ]);
    checkEmpty(parsed.args);
    const includeData = parsed.bool("include-data");
    const brief = !includeData && output.format(parsed) === "smart";
    if (!parsed.bool("application")) {
      const unit = io.ctx.unitStatus();
      await output.write(io, parsed, brief ? unit.status : details(unit, includeData));
      return;
    }
    let app: ReturnType<typeof io.ctx.applicationStatus>;
    try {
      app = io.ctx.applicationStatus();
    } catch (err) {
      throw new ToolError(`finding application status: ${(err as Error).message}`);
    }
    if (brief) {
      await output.write(io, parsed, app.application.status);
      return;
    }
    const units = Object.fromEntries(app.units.map(([name, info]) => [name, details(info, includeData)]));
    await output.write(io, parsed, {
      "application-status": { ...details(app.application, includeData), units },
    });
  },
};
