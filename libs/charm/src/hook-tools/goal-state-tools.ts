import { readMap, readOptionalString, readRecord, readString, withoutUndefined } from "./output-shape";
import { runJsonTool } from "./run-tool";
import type { ToolRunner } from "./tool-runner";

export interface GoalStatus {
  /** e.g. waiting, active, dying, joined. */
  status: string;
  /** RFC 3339 time of the last change, when Juju knows it. */
  since?: string;
}

export interface GoalState {
  /** This application's units. */
  units: Record<string, GoalStatus>;
  /** endpoint → remote app or unit → status. */
  relations: Record<string, Record<string, GoalStatus>>;
}

/** What Juju is converging towards: the units and relations this app will have. */
export async function goalState(runner: ToolRunner): Promise<GoalState> {
  return runJsonTool(runner, "goal-state", ["--format=json"], (v) => {
    const record = readRecord(v, "goal-state");
    return {
      units: readMap(record.units ?? null, "units", readGoalStatus),
      relations: readMap(record.relations ?? null, "relations", (item, where) =>
        readMap(item, where, readGoalStatus),
      ),
    };
  });
}

function readGoalStatus(value: unknown, where: string): GoalStatus {
  const record = readRecord(value, where);
  return withoutUndefined({
    status: readString(record.status, `${where}.status`),
    since: readOptionalString(record.since, `${where}.since`),
  });
}

/**
 * How many units Juju is converging towards (ops' `planned_units`): this app's units that are
 * not dying. 0 during `juju remove-application`, so a charm can tell its last unit from a scale-down.
 */
export function plannedUnits(state: GoalState): number {
  return Object.values(state.units).filter((u) => u.status !== "dying").length;
}
