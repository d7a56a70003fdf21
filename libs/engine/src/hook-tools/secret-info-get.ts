import { ToolError, UsageError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import { goQuote } from "./go-quote";
import { GoStruct } from "./go-value";
import { Output } from "./output";
import { secretRefArgs } from "./secret-ref-args";
import type { HookTool } from "./tool";
import type { SecretMetadataView } from "./tool-context";

// metadataDisplay: revision, label and owner always; the rest omitted when empty.
function display(md: SecretMetadataView): GoStruct {
  const fields: [string, unknown][] = [
    ["revision", md.latestRevision],
    ["label", md.label],
    ["owner", md.owner],
  ];
  if (md.description !== "") fields.push(["description", md.description]);
  if (md.rotatePolicy) fields.push(["rotation", md.rotatePolicy]);
  if (md.latestExpireTime) fields.push(["expiry", md.latestExpireTime]);
  if (md.nextRotateTime) fields.push(["rotates", md.nextRotateTime]);
  if (md.access.length > 0) {
    fields.push([
      "access",
      md.access.map(
        (a) =>
          new GoStruct([
            ["target", a.target],
            ["scope", a.scope],
            ["role", a.role],
          ]),
      ),
    ]);
  }
  return new GoStruct(fields);
}

/** secret-info-get <ID> | --label L (default yaml): metadata of an owned secret, keyed by bare xid. */
export const secretInfoGet: HookTool = {
  name: "secret-info-get",
  args: "<ID>",
  purpose: "Get a secret's metadata info.",
  async run(io) {
    const output = new Output("yaml", ["yaml", "json"]);
    const parsed = parseFlags(io.argv, [...output.flags, { names: ["label"] }]);
    const { xid, label, rest: args } = secretRefArgs(parsed);
    if (xid !== undefined && label !== "")
      throw new UsageError("specify either a secret URI or label but not both");
    checkEmpty(args);
    const all = io.ctx.secretMetadata();
    const id = xid ?? [...all].find(([, md]) => md.label === label)?.[0];
    const md = id === undefined ? undefined : all.get(id);
    if (id === undefined || md === undefined)
      throw new ToolError(`secret ${goQuote(xid ?? label)} not found`);
    await output.write(io, parsed, { [id]: display(md) });
  },
};
