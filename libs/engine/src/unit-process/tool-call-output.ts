import type { ToolOutput } from "@charmarr/charm";

/** How much of each stream of a tool call a hook record keeps. */
export const TOOL_OUTPUT_LIMIT_BYTES = 64 * 1024;

/** What a hook record keeps of a tool call's output: each stream's first 64 KiB. */
export interface RecordedToolOutput {
  stdout: string;
  stderr: string;
  /** Set when stdout or stderr was longer than the limit and cut. */
  outputTruncated?: true;
}

/** The first `limit` bytes of `text` (UTF-8), cut on a character boundary; undefined when it fits. */
function cut(text: string, limit: number): string | undefined {
  if (text.length <= limit / 4) return undefined; // fits whatever the characters
  const bytes = Buffer.from(text, "utf8");
  if (bytes.length <= limit) return undefined;
  // A streaming decode leaves out a character whose bytes run past the limit.
  return new TextDecoder().decode(bytes.subarray(0, limit), { stream: true });
}

/** A tool call's output as the hook record keeps it, bounded to `limit` bytes per stream. */
export function recordedOutput(output: ToolOutput, limit = TOOL_OUTPUT_LIMIT_BYTES): RecordedToolOutput {
  const stdout = cut(output.stdout, limit);
  const stderr = cut(output.stderr, limit);
  return {
    stdout: stdout ?? output.stdout,
    stderr: stderr ?? output.stderr,
    ...(stdout !== undefined || stderr !== undefined ? { outputTruncated: true as const } : {}),
  };
}
