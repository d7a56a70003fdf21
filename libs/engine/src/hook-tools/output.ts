import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { FlagDef, ParsedArgs } from "./flags";
import { FORMATTERS, type FormatName } from "./formatters";
import { goQuote } from "./go-quote";
import type { ToolIO } from "./tool";

/** cmd.Output: `--format` (with a per-tool default and set of formats) and `-o/--output <file>`. */
export class Output {
  constructor(
    readonly defaultFormat: FormatName,
    readonly formats: readonly FormatName[] = ["smart", "yaml", "json"],
  ) {}

  get flags(): FlagDef[] {
    return [
      {
        names: ["format"],
        parse: (raw) => {
          if (!(this.formats as readonly string[]).includes(raw))
            throw new Error(`unknown format ${goQuote(raw)}`);
          return raw;
        },
      },
      { names: ["o", "output"] },
    ];
  }

  format(parsed: ParsedArgs): FormatName {
    return parsed.string("format", this.defaultFormat) as FormatName;
  }

  /** Writes `value` (or the value for the chosen format) to stdout or the --output file. */
  async write(io: ToolIO, parsed: ParsedArgs, value: unknown): Promise<void> {
    const text = FORMATTERS[this.format(parsed)](value);
    const path = parsed.string("o");
    if (path === "") io.out(text);
    else await writeFile(resolve(io.ctx.cwd, path), text);
  }
}
