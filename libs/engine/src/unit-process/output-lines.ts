import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

/**
 * Reads a stream to its end, calling `onLine` for each line as it completes (the last one even
 * without a newline), as Juju logs hook output line by line. Resolves to the whole text.
 */
export function collectLines(stream: Readable, onLine: (line: string) => void): Promise<string> {
  const decoder = new StringDecoder("utf8");
  let text = "";
  let pending = "";
  const take = (chunk: string) => {
    text += chunk;
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) onLine(line);
  };
  return new Promise((resolve, reject) => {
    stream.on("data", (chunk: Buffer) => take(decoder.write(chunk)));
    stream.on("error", reject);
    stream.on("end", () => {
      take(decoder.end());
      if (pending) onLine(pending);
      resolve(text);
    });
  });
}
