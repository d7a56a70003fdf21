import type { GoalState } from "../hook-tools/tool-context";
import { localEndpoint, otherApp, relationsOf, remoteUnits, unitsOf } from "../model/relations";
import { type ModelState, unitApp } from "../model/state";

/** goal-state's view for `unit`: its app's units and, per endpoint, the related apps and their units. */
export function goalStateFor(state: ModelState, unit: string): GoalState {
  const app = unitApp(unit);
  const active = (name: string) => ({
    status: "active",
    since: state.units.get(name)?.createdAt ?? new Date(0),
  });
  const units = Object.fromEntries(unitsOf(state, app).map((u) => [u, active(u)]));
  const relations: GoalState["relations"] = {};
  for (const relation of relationsOf(state, app)) {
    if (relation.life !== "alive") continue;
    const endpoint = localEndpoint(relation, app)?.endpoint ?? "";
    const entry = relations[endpoint] ?? {};
    entry[otherApp(relation, app)] = { status: "joined", since: relation.createdAt };
    for (const remote of remoteUnits(state, relation, unit)) entry[remote] = active(remote);
    relations[endpoint] = entry;
  }
  return { units, relations };
}
