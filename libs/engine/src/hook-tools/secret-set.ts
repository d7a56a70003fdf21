import { parseFlags } from "./flags";
import { parseUpsert, upsertFlags } from "./secret-upsert";
import { secretIdArg } from "./secret-uri-arg";
import type { HookTool } from "./tool";

/** secret-set <ID> [content...] [--label] [--description] [--expire] [--rotate] [--file]: owner only, buffered. */
export const secretSet: HookTool = {
  name: "secret-set",
  args: "<ID> [key[#base64]=value...]",
  purpose: "Update an existing secret.",
  async run(io) {
    const parsed = parseFlags(io.argv, upsertFlags);
    const rest = [...parsed.args];
    const xid = secretIdArg(rest);
    const { args } = await parseUpsert(io, parsed, rest);
    io.ctx.updateSecret(xid, args);
  },
};
