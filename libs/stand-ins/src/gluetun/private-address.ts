import { BlockList, isIP } from "node:net";

// The stand-in must never reach the internet: it forwards only to addresses inside this machine's
// networks (the engine's bridges and loopback).
const allowed = new BlockList();
allowed.addSubnet("10.0.0.0", 8, "ipv4");
allowed.addSubnet("172.16.0.0", 12, "ipv4");
allowed.addSubnet("192.168.0.0", 16, "ipv4");
allowed.addSubnet("127.0.0.0", 8, "ipv4");
allowed.addSubnet("169.254.0.0", 16, "ipv4");
allowed.addAddress("::1", "ipv6");
allowed.addSubnet("fe80::", 10, "ipv6");

/** Whether an IP literal is private, loopback or link-local (an IPv4-mapped IPv6 as its IPv4). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const ip = mapped ?? address;
  const family = isIP(ip);
  if (family === 0) return false;
  return allowed.check(ip, family === 4 ? "ipv4" : "ipv6");
}
