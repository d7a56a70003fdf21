import { ToolError, UsageError } from "./errors";
import { parseFlags } from "./flags";
import { parseUpsert, upsertFlags } from "./secret-upsert";
import type { HookTool } from "./tool";

/**
 * secret-add [--owner application|unit] [--label] [--description] [--expire] [--rotate]
 * [--file] content...: prints the new URI now; the secret exists only once the hook commits.
 */
export const secretAdd: HookTool = {
  name: "secret-add",
  args: "[key[#base64|#file]=value...]",
  purpose: "Add a new secret.",
  async run(io) {
    const parsed = parseFlags(io.argv, upsertFlags);
    if (parsed.args.length === 0 && parsed.string("file") === "") {
      throw new UsageError("missing secret value or filename");
    }
    const { owner, args } = await parseUpsert(io, parsed, parsed.args);
    if (!args.content) throw new ToolError("empty secret value not valid");
    io.out(`${io.ctx.createSecret({ ...args, owner, content: args.content })}\n`);
  },
};
