import type { ModelHost } from "../model-host";
import { time, unitTag } from "./wire-format";

// Juju's operations and their tasks: ids from one model-wide sequence. The engine numbers its
// tasks itself (UnitAgents.queueAction), so each task here maps to the engine's task id.

export interface Task {
  id: string;
  operation: string;
  unit: string;
  name: string;
  params: Record<string, unknown>;
  enqueued: Date;
  engineId: string;
  started?: Date;
  completed?: Date;
}

export interface Operation {
  id: string;
  enqueued: Date;
  summary: string;
  tasks: Task[];
}

export type TaskStatus = "pending" | "running" | "completed" | "failed";

export class Operations {
  readonly #operations = new Map<string, Operation>();
  readonly #tasks = new Map<string, Task>();
  #next = 1;

  constructor(readonly host: ModelHost) {}

  begin(summary: string): Operation {
    const operation: Operation = { id: String(this.#next++), enqueued: new Date(), summary, tasks: [] };
    this.#operations.set(operation.id, operation);
    return operation;
  }

  /** Queues `name` on `unit` (params checked by the engine, which throws on bad ones). */
  enqueue(operation: Operation, unit: string, name: string, params: Record<string, unknown>): Task {
    const engineId = this.host.agents.queueAction(unit, name, params);
    const task: Task = {
      id: String(this.#next++),
      operation: operation.id,
      unit,
      name,
      params,
      enqueued: new Date(),
      engineId,
    };
    operation.tasks.push(task);
    this.#tasks.set(task.id, task);
    return task;
  }

  task(id: string): Task | undefined {
    return this.#tasks.get(id);
  }

  operation(id: string): Operation | undefined {
    return this.#operations.get(id);
  }

  operations(): Operation[] {
    return [...this.#operations.values()];
  }

  status(task: Task): TaskStatus {
    const outcome = this.host.agents.actionOutcome(task.engineId);
    if (outcome) {
      task.started ??= new Date();
      task.completed ??= new Date();
      return outcome.status;
    }
    if (this.host.model.tasks.get(task.engineId)?.status === "running") {
      task.started ??= new Date();
      return "running";
    }
    return "pending";
  }

  /** Juju's ActionResult of a task: output is the action-set results and return-code (no hook stdout). */
  result(task: Task): Record<string, unknown> {
    const status = this.status(task);
    const outcome = this.host.agents.actionOutcome(task.engineId);
    const record = this.host.model.tasks.get(task.engineId);
    const result: Record<string, unknown> = {
      action: {
        tag: `action-${task.id}`,
        receiver: unitTag(task.unit),
        name: task.name,
        parameters: task.params,
      },
      status,
      message: outcome?.message ?? "",
      enqueued: time(task.enqueued),
      started: time(task.started),
      completed: time(task.completed),
      log: (record?.log ?? []).map((entry) => ({ timestamp: time(entry.time), message: entry.message })),
    };
    if (outcome) {
      const output: Record<string, unknown> = { ...outcome.results };
      if (outcome.returnCode !== null) output["return-code"] = outcome.returnCode;
      else output["return-code"] = outcome.status === "completed" ? 0 : 1;
      result.output = output;
    }
    return result;
  }

  /** An operation's status: failed if any task failed, else the least advanced task's. */
  operationStatus(operation: Operation): TaskStatus {
    const statuses = operation.tasks.map((t) => this.status(t));
    if (statuses.length === 0) return "failed";
    if (statuses.includes("pending")) return statuses.includes("running") ? "running" : "pending";
    if (statuses.includes("running")) return "running";
    return statuses.includes("failed") ? "failed" : "completed";
  }
}
