import { ToolError, UsageError } from "./errors";
import { checkEmpty, parseFlags } from "./flags";
import type { FormatName } from "./formatters";
import { GoStrings, GoStruct } from "./go-value";
import { Output } from "./output";
import { relationFlag } from "./relation-flag";
import type { HookTool } from "./tool";

// The network-get display structs: yaml also carries the legacy `address`, `macaddress` and
// `interfacename` copies that json leaves out.
function display(address: string, format: FormatName): GoStruct {
  const cidr = `${address.split(".").slice(0, 3).join(".")}.0/24`;
  const yaml = format !== "json";
  const addr = new GoStruct([
    ["hostname", ""],
    ["value", address],
    ["cidr", cidr],
    ...(yaml ? [["address", address] as const] : []),
  ]);
  const info = new GoStruct([
    ["mac-address", ""],
    ["interface-name", "eth0"],
    ["addresses", [addr]],
    ...(yaml ? [["macaddress", ""] as const, ["interfacename", "eth0"] as const] : []),
  ]);
  return new GoStruct([
    ["bind-addresses", [info]],
    ["egress-subnets", new GoStrings([`${address}/32`])],
    ["ingress-addresses", new GoStrings([address])],
  ]);
}

/** network-get <binding> [-r ID] [--bind-address] [--ingress-address] [--egress-subnets]. */
export const networkGet: HookTool = {
  name: "network-get",
  args: "<binding-name> [--ingress-address] [--bind-address] [--egress-subnets]",
  purpose: "Get network config.",
  async run(io) {
    const output = new Output("smart");
    const parsed = parseFlags(io.argv, [
      ...output.flags,
      { names: ["primary-address"], bool: true },
      { names: ["bind-address"], bool: true },
      { names: ["ingress-address"], bool: true },
      { names: ["egress-subnets"], bool: true },
      relationFlag(io.ctx),
    ]);
    const [binding, ...rest] = parsed.args;
    if (binding === undefined) throw new UsageError("no arguments specified");
    if (binding === "") throw new UsageError("no binding name specified");
    const keys = (["bind-address", "ingress-address", "egress-subnets"] as const).filter((k) =>
      parsed.bool(k),
    );
    checkEmpty(rest);
    const address = io.ctx.networkAddress(binding);
    if (parsed.bool("primary-address")) {
      if (keys.length > 0) throw new ToolError("--primary-address must be the only flag specified");
      await output.write(io, parsed, address);
      return;
    }
    if (keys.length === 0) {
      await output.write(io, parsed, display(address, output.format(parsed)));
      return;
    }
    const values: Record<string, unknown> = {
      "bind-address": address,
      "ingress-address": address,
      "egress-subnets": new GoStrings([`${address}/32`]),
    };
    const [only] = keys;
    if (keys.length === 1 && only) await output.write(io, parsed, values[only]);
    else await output.write(io, parsed, Object.fromEntries(keys.map((k) => [k, values[k]])));
  },
};
