import { randomBytes } from "node:crypto";

// Juju secret ids are rs/xid values: 12 bytes (4 time, 3 machine, 2 pid, 3 counter) written in
// lowercase base32hex without padding, i.e. 20 characters of [0-9a-v].
const ALPHABET = "0123456789abcdefghijklmnopqrstuv";
const machineAndPid = randomBytes(5);
let counter = randomBytes(3).readUIntBE(0, 3);

function encodeBase32Hex(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** A new xid stamped with `now` (seconds), unique within this process. */
export function newXid(now: Date): string {
  const bytes = new Uint8Array(12);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, Math.floor(now.getTime() / 1000) >>> 0);
  bytes.set(machineAndPid, 4);
  counter = (counter + 1) & 0xffffff;
  bytes[9] = counter >>> 16;
  bytes[10] = (counter >>> 8) & 0xff;
  bytes[11] = counter & 0xff;
  return encodeBase32Hex(bytes);
}

export const XID_PATTERN = /^[0-9a-v]{20}$/;
