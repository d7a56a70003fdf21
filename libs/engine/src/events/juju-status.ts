import type { Model } from "../model/model";
import type { HookResult } from "./hook-record";
import type { UnitAgent } from "./unit-agent";
import { type HookOp, opName } from "./unit-op";

const maintenance = (message: string) => ({ status: "maintenance", message, data: {} });

/** The statuses Juju sets itself before a hook (contract §1.4). */
export function beforeHook(model: Model, agent: UnitAgent, op: HookOp): void {
  const { unit } = agent;
  switch (op.effect.kind) {
    case "install":
      if (!agent.charmSetStatus) model.setUnitStatus(unit, maintenance("installing charm software"));
      break;
    case "stop":
      model.setUnitStatus(unit, maintenance("stopping charm software"));
      break;
    case "remove":
      model.setUnitStatus(unit, maintenance("cleaning up prior to charm deletion"));
      break;
  }
  // update-status is not shown as executing, to spare the status history.
  if (op.effect.kind === "update-status") return;
  const message = op.env.action ? `running action ${op.env.action.name}` : `running ${op.env.hook} hook`;
  agent.agentStatus = { status: "executing", message };
}

/** The statuses Juju sets after a hook, by how it went (call after the agent recorded a failure). */
export function afterHook(model: Model, agent: UnitAgent, op: HookOp, result: HookResult): void {
  const { unit } = agent;
  if (result === "ok" && op.effect.kind === "start" && !agent.charmSetStatus) {
    model.setUnitStatus(unit, { status: "unknown", message: "", data: {} });
  }
  if (result === "ok" && op.effect.kind === "remove") {
    model.setUnitStatus(unit, { status: "terminated", message: "", data: {} });
  }
  // A hook in error keeps showing it, through actions and killed retries, until a retry succeeds.
  const error = agent.error;
  agent.agentStatus = error
    ? { status: "error", message: `hook failed: ${JSON.stringify(opName(error.op))}` }
    : { status: "idle", message: "" };
}
