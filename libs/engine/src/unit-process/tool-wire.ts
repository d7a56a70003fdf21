/**
 * The bytes a hook-tool client and the tool server exchange over the unix socket, one request
 * and one response per connection (contract §1.5: context id, command, args, cwd, stdin →
 * stdout, stderr, exit code).
 *
 * A frame is a big-endian u32 field count followed by that many fields, each a u32 length and
 * the bytes. No JSON: the client is a module-free Perl script (`pack "N/a*"` does this framing
 * natively) and every byte of argv, stdin and output passes through unchanged.
 *
 *   request:  contextId, tool, cwd, stdinMode, stdin, ...args
 *   response: status, stdout, stderr   (status: decimal exit code, or "stdin")
 */

/** How the client's stdin looked: unusable (closed, a TTY, a device), readable but not read, or sent. */
export type StdinMode = "none" | "available" | "sent";

export interface ToolRequest {
  contextId: string;
  tool: string;
  args: string[];
  cwd: string;
  stdinMode: StdinMode;
  /** The client's stdin; only with stdinMode "sent". */
  stdin?: string;
}

/** Either the tool's answer, or "send your stdin and ask again" (Juju's ErrNoStdin round trip). */
export type ToolResponse = { stdout: string; stderr: string; exitCode: number } | { wantsStdin: true };

const HEADER = 4;
// Far above any hook-tool payload (relation data and secrets are capped well below 1 MiB).
const MAX_FRAME = 64 * 1024 * 1024;

export function encodeFrame(fields: readonly (string | Uint8Array)[]): Buffer {
  const parts: Buffer[] = [u32(fields.length)];
  for (const field of fields) {
    const bytes = typeof field === "string" ? Buffer.from(field, "utf8") : Buffer.from(field);
    parts.push(u32(bytes.length), bytes);
  }
  return Buffer.concat(parts);
}

/** The fields of the frame at the start of `buf`, or undefined while bytes are still missing. */
export function decodeFrame(buf: Buffer): Buffer[] | undefined {
  if (buf.length > MAX_FRAME) throw new Error(`hook-tool frame larger than ${MAX_FRAME} bytes`);
  if (buf.length < HEADER) return undefined;
  const count = buf.readUInt32BE(0);
  const fields: Buffer[] = [];
  let at = HEADER;
  for (let i = 0; i < count; i++) {
    if (buf.length < at + HEADER) return undefined;
    const length = buf.readUInt32BE(at);
    at += HEADER;
    if (buf.length < at + length) return undefined;
    fields.push(buf.subarray(at, at + length));
    at += length;
  }
  return fields;
}

const STDIN_MODES: readonly string[] = ["none", "available", "sent"] satisfies StdinMode[];

export function parseRequest(fields: readonly Buffer[]): ToolRequest {
  const [contextId, tool, cwd, mode, stdin, ...args] = fields.map((f) => f.toString("utf8"));
  if (contextId === undefined || tool === undefined || cwd === undefined || stdin === undefined) {
    throw new Error(`malformed hook-tool request (${fields.length} fields)`);
  }
  if (mode === undefined || !STDIN_MODES.includes(mode)) throw new Error(`bad stdin mode ${mode}`);
  const stdinMode = mode as StdinMode;
  return { contextId, tool, cwd, args, stdinMode, ...(stdinMode === "sent" ? { stdin } : {}) };
}

export function encodeResponse(response: ToolResponse): Buffer {
  if ("wantsStdin" in response) return encodeFrame(["stdin", "", ""]);
  return encodeFrame([String(response.exitCode), response.stdout, response.stderr]);
}

function u32(n: number): Buffer {
  const b = Buffer.alloc(HEADER);
  b.writeUInt32BE(n, 0);
  return b;
}
