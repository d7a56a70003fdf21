import { describe, expect, it } from "vitest";
import { jsonOutput, RecordingToolRunner } from "../../testing/recording-tool-runner";
import { HookTools } from "./hook-tools";

const NETWORK = {
  "bind-addresses": [
    {
      "mac-address": "",
      "interface-name": "eth0",
      addresses: [{ hostname: "", value: "10.1.2.3", cidr: "10.1.2.0/24" }],
    },
  ],
  "egress-subnets": ["10.1.2.3/32"],
  "ingress-addresses": ["10.1.2.3"],
};

const EXPECTED = {
  bindAddresses: [
    {
      macAddress: "",
      interfaceName: "eth0",
      addresses: [{ hostname: "", value: "10.1.2.3", cidr: "10.1.2.0/24" }],
    },
  ],
  egressSubnets: ["10.1.2.3/32"],
  ingressAddresses: ["10.1.2.3"],
};

describe("network-get", () => {
  it("reads a binding's addresses", async () => {
    const runner = new RecordingToolRunner({ "network-get": jsonOutput(NETWORK) });
    await expect(new HookTools(runner).networkGet("media-manager")).resolves.toEqual(EXPECTED);
    expect(runner.onlyCall.args).toEqual(["--format=json", "media-manager"]);
  });

  it("asks as seen from a relation, and accepts the legacy address key", async () => {
    const legacy = structuredClone(NETWORK) as unknown as {
      "bind-addresses": { addresses: Record<string, string>[] }[];
    };
    legacy["bind-addresses"][0]!.addresses = [{ hostname: "", address: "10.1.2.3", cidr: "10.1.2.0/24" }];
    const runner = new RecordingToolRunner({ "network-get": jsonOutput(legacy) });
    await expect(new HookTools(runner).networkGet("db", { relationId: 4 })).resolves.toEqual(EXPECTED);
    expect(runner.onlyCall.args).toEqual(["--format=json", "-r", "4", "db"]);
  });
});
