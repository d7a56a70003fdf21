// Bencoding (BEP 3), encoder only: what a .torrent file is written in. Dictionary keys are sorted
// as raw byte strings, as the spec requires (the info hash depends on it).

export type BencodeValue =
  | number
  | string
  | Buffer
  | readonly BencodeValue[]
  | { [key: string]: BencodeValue };

function encodeInto(value: BencodeValue, out: Buffer[]): void {
  if (typeof value === "number") {
    if (!Number.isSafeInteger(value)) throw new TypeError(`bencode: ${value} is not an integer`);
    out.push(Buffer.from(`i${value}e`));
  } else if (typeof value === "string" || Buffer.isBuffer(value)) {
    const bytes = typeof value === "string" ? Buffer.from(value, "utf8") : value;
    out.push(Buffer.from(`${bytes.length}:`), bytes);
  } else if (Array.isArray(value)) {
    out.push(Buffer.from("l"));
    for (const item of value) encodeInto(item, out);
    out.push(Buffer.from("e"));
  } else {
    const entries = Object.entries(value as { [key: string]: BencodeValue }).sort(([a], [b]) =>
      Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8")),
    );
    out.push(Buffer.from("d"));
    for (const [key, item] of entries) {
      encodeInto(key, out);
      encodeInto(item, out);
    }
    out.push(Buffer.from("e"));
  }
}

export function bencode(value: BencodeValue): Buffer {
  const out: Buffer[] = [];
  encodeInto(value, out);
  return Buffer.concat(out);
}
