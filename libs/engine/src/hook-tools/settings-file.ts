import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { ToolError } from "./errors";
import { goIoReason } from "./io-reason";
import type { ToolIO } from "./tool";
import { parseYamlStringMap } from "./yaml-string-map";

/** Reads a file argument the way cmd.FileVar does: `-` is stdin, else a path relative to cwd. */
export async function readFileArg(io: ToolIO, path: string): Promise<string> {
  if (path === "-") return io.stdin ?? "";
  const full = resolve(io.ctx.cwd, path);
  try {
    return await readFile(full, "utf8");
  } catch (err) {
    throw new ToolError(`open ${full}: ${goIoReason(err)}`);
  }
}

/** relation-set/state-set `--file`: a YAML map of strings; command-line pairs override it. */
export async function readSettingsFile(io: ToolIO, path: string): Promise<Map<string, string>> {
  const values = parseYamlStringMap(await readFileArg(io, path));
  return new Map(
    [...values].map(([k, v]) => [k, typeof v === "string" ? v : Buffer.from(v).toString("utf8")]),
  );
}
