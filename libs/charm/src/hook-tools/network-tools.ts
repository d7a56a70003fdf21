import { requirePositional } from "./argument-checks";
import { readList, readRecord, readString, readStringList } from "./output-shape";
import { type RelationIdLike, relationFlag } from "./relation-id";
import { runJsonTool } from "./run-tool";
import type { ToolRunner } from "./tool-runner";

export interface NetworkAddress {
  hostname: string;
  /** The IP address (older Juju printed it as `address`). */
  value: string;
  cidr: string;
}

export interface BindAddress {
  macAddress: string;
  interfaceName: string;
  addresses: NetworkAddress[];
}

export interface NetworkInfo {
  bindAddresses: BindAddress[];
  egressSubnets: string[];
  ingressAddresses: string[];
}

/** Addresses of an endpoint or extra binding, optionally as seen from one relation. */
export async function networkGet(
  runner: ToolRunner,
  binding: string,
  opts: { relationId?: RelationIdLike } = {},
): Promise<NetworkInfo> {
  const args = [
    "--format=json",
    ...(opts.relationId === undefined ? [] : relationFlag(opts.relationId)),
    requirePositional(binding, "binding"),
  ];
  return runJsonTool(runner, "network-get", args, (v) => {
    const record = readRecord(v, "network");
    return {
      bindAddresses: readList(record["bind-addresses"], "bind-addresses", readBindAddress),
      egressSubnets: readStringList(record["egress-subnets"], "egress-subnets"),
      ingressAddresses: readStringList(record["ingress-addresses"], "ingress-addresses"),
    };
  });
}

function readBindAddress(value: unknown, where: string): BindAddress {
  const record = readRecord(value, where);
  return {
    macAddress: readString(record["mac-address"] ?? "", `${where}.mac-address`),
    interfaceName: readString(record["interface-name"] ?? "", `${where}.interface-name`),
    addresses: readList(record.addresses, `${where}.addresses`, readAddress),
  };
}

function readAddress(value: unknown, where: string): NetworkAddress {
  const record = readRecord(value, where);
  return {
    hostname: readString(record.hostname ?? "", `${where}.hostname`),
    value: readString(record.value ?? record.address, `${where}.value`),
    cidr: readString(record.cidr ?? "", `${where}.cidr`),
  };
}
