// Juju's network.PortRange as open-port/close-port/opened-ports see it (core/network/portrange.go).

export interface PortRange {
  from: number;
  to: number;
  protocol: "tcp" | "udp" | "icmp";
}

export class PortRangeError extends Error {}

function atoi(text: string, what: string): number {
  if (!/^[+-]?\d+$/.test(text)) {
    throw new PortRangeError(
      `invalid port ${JSON.stringify(what)}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`,
    );
  }
  return Number(text);
}

/** Parses `<port>[/<protocol>]`, `<from>-<to>[/<protocol>]` or `icmp`, with Juju's error texts. */
export function parsePortRange(input: string): PortRange {
  let text = input;
  let protocol = "tcp";
  const slash = text.indexOf("/");
  if (slash >= 0) {
    protocol = text.slice(slash + 1);
    text = text.slice(0, slash);
  }
  const parts = text.split("-");
  if (parts.length > 2) throw new PortRangeError(`invalid port range ${JSON.stringify(text)}`);
  let from: number;
  let to: number;
  if (parts.length === 1) {
    if (parts[0] === "icmp") {
      from = -1;
      to = -1;
      protocol = "icmp";
    } else {
      from = atoi(parts[0] ?? "", text);
      to = from;
    }
  } else {
    from = atoi(parts[0] ?? "", parts[0] ?? "");
    to = atoi(parts[1] ?? "", parts[1] ?? "");
  }
  const proto = protocol.toLowerCase();
  if (proto !== "tcp" && proto !== "udp" && proto !== "icmp") {
    throw new PortRangeError(`invalid protocol ${JSON.stringify(proto)}, expected "tcp", "udp", or "icmp"`);
  }
  const range: PortRange = { from, to, protocol: proto };
  if (proto === "icmp") {
    if (from === -1 && to === -1) return range;
    throw new PortRangeError(`protocol "icmp" doesn't support any ports; got "${from}"`);
  }
  if (from > to) throw new PortRangeError(`invalid port range ${formatPortRange(range)}`);
  if (from < 0 || from > 65535 || to < 0 || to > 65535) {
    throw new PortRangeError(`port range bounds must be between 0 and 65535, got ${from}-${to}`);
  }
  return range;
}

export function formatPortRange(range: PortRange): string {
  if (range.protocol === "icmp") return "icmp";
  return range.from === range.to
    ? `${range.from}/${range.protocol}`
    : `${range.from}-${range.to}/${range.protocol}`;
}

export const samePortRange = (a: PortRange, b: PortRange): boolean =>
  a.from === b.from && a.to === b.to && a.protocol === b.protocol;

/** Protocol first, then numbers, as network.SortPortRanges. */
export function comparePortRanges(a: PortRange, b: PortRange): number {
  if (a.protocol !== b.protocol) return a.protocol < b.protocol ? -1 : 1;
  return a.from - b.from || a.to - b.to;
}
