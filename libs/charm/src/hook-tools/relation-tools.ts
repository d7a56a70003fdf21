import { requirePositional, requireStringValues } from "./argument-checks";
import { readRecord, readString, readStringList, readStringMap } from "./output-shape";
import { type RelationIdLike, relationFlag } from "./relation-id";
import { runJsonTool, runTool } from "./run-tool";
import type { ToolRunner } from "./tool-runner";

/** One relation databag: strings only. */
export type Databag = Record<string, string>;

/** Ids of the relations on `endpoint` (default: the current relation's), as Juju prints them: `db:3`. */
export async function relationIds(runner: ToolRunner, endpoint?: string): Promise<string[]> {
  const args = [
    "--format=json",
    ...(endpoint === undefined ? [] : [requirePositional(endpoint, "endpoint")]),
  ];
  return runJsonTool(runner, "relation-ids", args, (v) => readStringList(v, "relation ids"));
}

/** Remote units in the relation, sorted; the departing unit is left out during relation-departed. */
export async function relationList(runner: ToolRunner, relationId: RelationIdLike): Promise<string[]> {
  return runJsonTool(runner, "relation-list", ["--format=json", ...relationFlag(relationId)], (v) =>
    readStringList(v, "units"),
  );
}

/** The remote application's name (relation-list --app prints one string). */
export async function relationListApp(runner: ToolRunner, relationId: RelationIdLike): Promise<string> {
  return runJsonTool(runner, "relation-list", ["--format=json", ...relationFlag(relationId), "--app"], (v) =>
    readString(v, "application"),
  );
}

/**
 * Every key of one databag: a unit's (`target` = unit name) or an application's (`app`,
 * `target` = app name). Reading your own app bag needs leadership.
 */
export async function relationGet(
  runner: ToolRunner,
  relationId: RelationIdLike,
  target: string,
  opts: { app?: boolean } = {},
): Promise<Databag> {
  const args = [
    "--format=json",
    ...relationFlag(relationId),
    ...(opts.app ? ["--app"] : []),
    "-",
    requirePositional(target, opts.app ? "application" : "unit"),
  ];
  return runJsonTool(runner, "relation-get", args, (v) => readStringMap(v, "databag"));
}

/**
 * Write keys to this unit's databag, or this app's with `app` (leader only). An empty string
 * deletes a key. The map goes on stdin (`--file -`), so values never reach argv.
 */
export async function relationSet(
  runner: ToolRunner,
  relationId: RelationIdLike,
  data: Databag,
  opts: { app?: boolean } = {},
): Promise<void> {
  requireStringValues(data, "relation data");
  const args = [...relationFlag(relationId), ...(opts.app ? ["--app"] : []), "--file", "-"];
  await runTool(runner, "relation-set", args, JSON.stringify(data));
}

/** The model on the other side of a (cross-model) relation. */
export async function relationModelGet(
  runner: ToolRunner,
  relationId: RelationIdLike,
): Promise<{ uuid: string }> {
  return runJsonTool(runner, "relation-model-get", ["--format=json", ...relationFlag(relationId)], (v) => ({
    uuid: readString(readRecord(v, "relation model").uuid, "uuid"),
  }));
}
