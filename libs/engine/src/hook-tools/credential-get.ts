import { ToolError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import { GoStruct } from "./go-value";
import { Output } from "./output";
import type { HookTool } from "./tool";

/** credential-get: the model's cloud spec; needs `juju trust`. */
export const credentialGet: HookTool = {
  name: "credential-get",
  args: "",
  purpose: "Access cloud credentials.",
  async run(io) {
    const output = new Output("smart");
    const parsed = parseFlags(io.argv, output.flags);
    checkEmpty(parsed.args);
    let spec: ReturnType<typeof io.ctx.cloudSpec>;
    try {
      spec = io.ctx.cloudSpec();
    } catch (err) {
      throw new ToolError(`cannot access cloud credentials: ${(err as Error).message}`);
    }
    // params.CloudSpec field order; omitempty fields left out when empty.
    const fields: [string, unknown][] = [
      ["type", spec.type],
      ["name", spec.name],
    ];
    if (spec.region) fields.push(["region", spec.region]);
    if (spec.endpoint) fields.push(["endpoint", spec.endpoint]);
    if (spec.credential) {
      const credential: [string, unknown][] = [["auth-type", spec.credential["auth-type"]]];
      if (spec.credential.attrs && Object.keys(spec.credential.attrs).length > 0) {
        credential.push(["attrs", spec.credential.attrs]);
      }
      if (spec.credential.redacted?.length) credential.push(["redacted", spec.credential.redacted]);
      fields.push(["credential", new GoStruct(credential)]);
    }
    if (spec.cacertificates?.length) fields.push(["cacertificates", spec.cacertificates]);
    fields.push(
      ["skip-tls-verify", spec["skip-tls-verify"]],
      ["is-controller-cloud", spec["is-controller-cloud"]],
    );
    await output.write(io, parsed, new GoStruct(fields));
  },
};
