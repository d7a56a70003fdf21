import { InvalidArgumentError } from "./hook-tool-error";
import { OutputShapeError, readList, readString } from "./output-shape";
import { runJsonTool, runTool } from "./run-tool";
import type { ToolRunner } from "./tool-runner";

/** A port or range (`toPort`) on tcp/udp, or icmp. On K8s ranges are rejected by Juju. */
export type Port = { protocol: "tcp" | "udp"; port: number; toPort?: number } | { protocol: "icmp" };
/** A bare number means that TCP port. */
export type PortLike = number | Port;

export type OpenedPort = Port & {
  /** With `withEndpoints`: the endpoints the port is open for, `["*"]` for all. */
  endpoints?: string[];
};

export interface PortOptions {
  /** Only for these endpoints; default all (`*`). */
  endpoints?: readonly string[];
}

/** Open a port on the unit (on K8s: on the app's Service). Applied when the hook exits 0. */
export async function openPort(runner: ToolRunner, port: PortLike, opts: PortOptions = {}): Promise<void> {
  return changePort(runner, "open-port", port, opts);
}

export async function closePort(runner: ToolRunner, port: PortLike, opts: PortOptions = {}): Promise<void> {
  return changePort(runner, "close-port", port, opts);
}

/** Ports open before this hook (changes made in this hook are not shown). */
export async function openedPorts(
  runner: ToolRunner,
  opts: { withEndpoints?: boolean } = {},
): Promise<OpenedPort[]> {
  const args = ["--format=json", ...(opts.withEndpoints ? ["--endpoints"] : [])];
  return runJsonTool(runner, "opened-ports", args, (v) =>
    readList(v, "ports", (item, where) => parseOpenedPort(readString(item, where), where)),
  );
}

async function changePort(
  runner: ToolRunner,
  tool: string,
  port: PortLike,
  opts: PortOptions,
): Promise<void> {
  const endpoints = opts.endpoints?.length ? [`--endpoints=${opts.endpoints.join(",")}`] : [];
  await runTool(runner, tool, [...endpoints, formatPort(port)]);
}

/** `8080/tcp`, `5000-5010/udp`, `icmp`: the form open-port takes and opened-ports prints. */
export function formatPort(port: PortLike): string {
  const spec: Port = typeof port === "number" ? { protocol: "tcp", port } : port;
  if (spec.protocol === "icmp") return "icmp";
  if (spec.protocol !== "tcp" && spec.protocol !== "udp") {
    throw new InvalidArgumentError(
      `protocol "${String(spec.protocol)}" not valid, expected tcp, udp or icmp`,
    );
  }
  const numbers = [spec.port, ...(spec.toPort === undefined ? [] : [spec.toPort])];
  for (const n of numbers) {
    if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError(`port ${n} not valid`);
  }
  if (spec.toPort !== undefined && spec.toPort < spec.port) {
    throw new InvalidArgumentError(`port range ${spec.port}-${spec.toPort} not valid`);
  }
  return `${numbers.join("-")}/${spec.protocol}`;
}

const OPENED_PORT = /^(?:icmp|(\d+)(?:-(\d+))?\/(tcp|udp))(?: \(([^)]*)\))?$/;

function parseOpenedPort(text: string, where: string): OpenedPort {
  const match = OPENED_PORT.exec(text);
  if (!match) throw new OutputShapeError(`${where}: expected a port like 80/tcp, 5000-5010/udp or icmp`);
  const [, from, to, protocol, endpoints] = match;
  const port: Port =
    protocol === "tcp" || protocol === "udp"
      ? { protocol, port: Number(from), ...(to === undefined ? {} : { toPort: Number(to) }) }
      : { protocol: "icmp" };
  return endpoints === undefined ? port : { ...port, endpoints: endpoints.split(",") };
}
