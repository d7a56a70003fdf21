import { describe, expect, it } from "vitest";
import { comparePortRanges, formatPortRange, parsePortRange } from "./ports";

describe("port ranges", () => {
  it("parses single ports, ranges and icmp; tcp is the default", () => {
    expect(parsePortRange("80")).toEqual({ from: 80, to: 80, protocol: "tcp" });
    expect(parsePortRange("1000-2000/udp")).toEqual({ from: 1000, to: 2000, protocol: "udp" });
    expect(parsePortRange("icmp")).toEqual({ from: -1, to: -1, protocol: "icmp" });
  });

  it("formats and sorts like network.PortRange", () => {
    const ranges = ["53/udp", "8080", "icmp", "80-81"].map(parsePortRange).sort(comparePortRanges);
    expect(ranges.map(formatPortRange)).toEqual(["icmp", "80-81/tcp", "8080/tcp", "53/udp"]);
  });

  it("has Juju's error texts", () => {
    expect(() => parsePortRange("1-2-3")).toThrow('invalid port range "1-2-3"');
    expect(() => parsePortRange("x-2")).toThrow(
      'invalid port "x": strconv.Atoi: parsing "x": invalid syntax',
    );
    expect(() => parsePortRange("80/icmp")).toThrow(`protocol "icmp" doesn't support any ports; got "80"`);
  });
});
