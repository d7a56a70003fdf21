import { requirePositional } from "./argument-checks";
import { InvalidArgumentError } from "./hook-tool-error";
import { readRecord, readString, readStringList } from "./output-shape";
import { runJsonTool, runTool } from "./run-tool";
import type { ToolRunner } from "./tool-runner";

export interface StorageInfo {
  kind: "block" | "filesystem" | (string & {});
  location: string;
}

/** An attached storage instance (`data/0`; default: the one of the current storage hook). */
export async function storageGet(runner: ToolRunner, storageId?: string): Promise<StorageInfo> {
  const args = [
    "--format=json",
    ...(storageId === undefined ? [] : ["-s", requirePositional(storageId, "storage id")]),
  ];
  return runJsonTool(runner, "storage-get", args, (v) => {
    const record = readRecord(v, "storage");
    return { kind: readString(record.kind, "kind"), location: readString(record.location, "location") };
  });
}

/** Ids of this unit's storage instances (`data/0`), optionally of one storage name. */
export async function storageList(runner: ToolRunner, name?: string): Promise<string[]> {
  const args = ["--format=json", ...(name === undefined ? [] : [requirePositional(name, "storage name")])];
  return runJsonTool(runner, "storage-list", args, (v) => readStringList(v, "storage ids"));
}

/** Ask for `count` more instances of a storage (machine charms mainly). Applied when the hook exits 0. */
export async function storageAdd(runner: ToolRunner, name: string, count = 1): Promise<void> {
  if (!Number.isInteger(count) || count < 1)
    throw new InvalidArgumentError(`storage count ${count} not valid`);
  await runTool(runner, "storage-add", [`${requirePositional(name, "storage name")}=${count}`]);
}
