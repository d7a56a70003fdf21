import { decodeSecretValue, SecretContentError } from "../model/secret-content";
import { ToolError, UsageError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import { goQuote } from "./go-quote";
import { Output } from "./output";
import { secretRefArgs } from "./secret-ref-args";
import type { HookTool } from "./tool";

function decode(value: string): string {
  try {
    return decodeSecretValue(value);
  } catch (err) {
    if (err instanceof SecretContentError) throw new ToolError(err.message);
    throw err;
  }
}

/**
 * secret-get <ID> [key[#base64]] [--label L] [--peek|--refresh] (default yaml): the tracked
 * revision, or the latest with --peek/--refresh. With both an ID and --label, attaches the label.
 */
export const secretGet: HookTool = {
  name: "secret-get",
  args: "<ID> [key[#base64]]",
  purpose: "Get the content of a secret.",
  async run(io) {
    const output = new Output("yaml", ["yaml", "json"]);
    const parsed = parseFlags(io.argv, [
      ...output.flags,
      { names: ["label"] },
      { names: ["peek"], bool: true },
      { names: ["refresh"], bool: true },
    ]);
    const { xid, label, rest: args } = secretRefArgs(parsed);
    const peek = parsed.bool("peek");
    const refresh = parsed.bool("refresh");
    if (peek && refresh) throw new UsageError("specify one of --peek or --refresh but not both");
    const key = args.shift() ?? "";
    checkEmpty(args);
    const content = io.ctx.getSecret(xid, label, refresh, peek);
    const values = Object.fromEntries(Object.entries(content).map(([k, v]) => [k, decode(v)]));
    if (key === "") {
      await output.write(io, parsed, values);
      return;
    }
    const raw = key.endsWith("#base64");
    const name = raw ? key.slice(0, -"#base64".length) : key;
    const value = content[name];
    if (value === undefined) throw new ToolError(`secret key value ${goQuote(name)} not found`);
    await output.write(io, parsed, raw ? value : decode(value));
  },
};
