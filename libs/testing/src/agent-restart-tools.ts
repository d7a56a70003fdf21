import type { TestModel } from "./test-model";

/**
 * Restarts the agents of `units` (Juju then runs `config-changed` with nothing changed) and
 * settles: each unit's hook tools in that `config-changed`, sorted (a steady hook's cost).
 */
export async function toolsAfterAgentRestart(
  m: TestModel,
  ...units: string[]
): Promise<Record<string, string[]>> {
  for (const unit of units) m.restartAgent(unit);
  const ran = await m.settle();
  return Object.fromEntries(
    units.map((unit) => [
      unit,
      (ran.find((h) => h.unit === unit && h.hook === "config-changed")?.toolCalls ?? [])
        .map((c) => c.tool)
        .sort(),
    ]),
  );
}
