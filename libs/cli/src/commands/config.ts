// `charmarr config <app> [key=value...] [--reset key]`.
import { expectPositionals, parseKeyValues } from "../args";
import { table } from "../table";
import { type CommandContext, withModel } from "./context";

interface ConfigEntry {
  type?: string;
  value?: unknown;
  default?: unknown;
  source?: string;
  description?: string;
}

export function formatConfig(config: Record<string, ConfigEntry>): string {
  const rows = Object.entries(config)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, e]) => [key, e.value === undefined ? "" : String(e.value), e.source ?? "", e.type ?? ""]);
  return `${table(["Key", "Value", "Source", "Type"], rows)}\n`;
}

export async function configCommand(ctx: CommandContext): Promise<void> {
  const [app, ...pairs] = expectPositionals(ctx.args, 1, 100, "config <app> [key=value...] [--reset key]");
  const reset = ctx.args.lists.reset ?? [];
  const set = parseKeyValues(pairs, "config");
  await withModel(ctx, async (session) => {
    if (Object.keys(set).length === 0 && reset.length === 0) {
      const got = await session.call<{ config?: Record<string, ConfigEntry> }>("Application", "Get", {
        application: app,
        branch: "master",
      });
      ctx.out(
        ctx.args.values.format === "json"
          ? `${JSON.stringify(got.config ?? {}, null, 2)}\n`
          : formatConfig(got.config ?? {}),
      );
      return;
    }
    if (Object.keys(set).length > 0) {
      await session.bulk(
        "Application",
        "SetConfigs",
        { Args: [{ application: app, generation: "master", config: set, "config-yaml": "" }] },
        [app!],
      );
      ctx.note(`Set ${Object.keys(set).join(", ")} on ${app}`);
    }
    if (reset.length > 0) {
      await session.bulk(
        "Application",
        "UnsetApplicationsConfig",
        { Args: [{ application: app, branch: "master", options: reset }] },
        [app!],
      );
      ctx.note(`Reset ${reset.join(", ")} on ${app}`);
    }
  });
}
