import type { ApiContext } from "../api-context";
import { ApiError } from "../api-error";
import { bulkResults } from "../bulk-results";
import type { Facade } from "../facade";
import type { Operation } from "../operations";
import {
  applicationTag,
  arrayOf,
  recordOf,
  stringOf,
  tagName,
  time,
  unitFromTag,
  unitTag,
} from "../wire-format";

// Action v7: operations of tasks, `<app>/leader` resolved to the leader's unit.

/** `unit-radarr-0`, `radarr/0` or `radarr/leader` → the unit's name. */
function receiverUnit(ctx: ApiContext, receiver: string): string {
  const leader = /^([a-z][a-z0-9-]*)\/leader$/.exec(receiver);
  if (leader) {
    const app = ctx.application(leader[1]!);
    if (!app.leader)
      throw new ApiError(`could not determine leader for ${JSON.stringify(leader[1])}`, "not found");
    return app.leader;
  }
  const unit = receiver.startsWith("unit-") ? unitFromTag(receiver) : receiver;
  if (!ctx.host.model.state.units.has(unit))
    throw new ApiError(`unit ${JSON.stringify(unit)} not found`, "not found");
  return unit;
}

function operationResult(ctx: ApiContext, operation: Operation): Record<string, unknown> {
  const tasks = operation.tasks.map((t) => ctx.operations.result(t));
  const started = operation.tasks
    .map((t) => t.started?.getTime())
    .filter((t): t is number => t !== undefined);
  const status = ctx.operations.operationStatus(operation);
  const completed = operation.tasks.map((t) => t.completed?.getTime() ?? Number.NaN);
  const done = status === "completed" || status === "failed";
  return {
    operation: operation.id,
    summary: operation.summary,
    status,
    enqueued: time(operation.enqueued),
    started: time(started.length > 0 ? new Date(Math.min(...started)) : undefined),
    completed: time(
      done && completed.every((c) => !Number.isNaN(c)) ? new Date(Math.max(...completed)) : undefined,
    ),
    actions: tasks,
  };
}

export const actionFacade: Facade = {
  name: "Action",
  versions: [7],
  endpoints: ["model"],
  methods: {
    EnqueueOperation({ ctx, params }) {
      const requested = arrayOf(params.actions).map(recordOf);
      const names = [...new Set(requested.map((a) => stringOf(a.name)))];
      const operation = ctx.operations.begin(`${names.join(", ")} run on ${requested.length} unit(s)`);
      const actions = bulkResults(requested, (item) => {
        const unit = receiverUnit(ctx, stringOf(item.receiver));
        const task = ctx.operations.enqueue(operation, unit, stringOf(item.name), recordOf(item.parameters));
        return {
          action: {
            tag: `action-${task.id}`,
            receiver: unitTag(unit),
            name: task.name,
            parameters: task.params,
          },
          status: "pending",
          enqueued: time(task.enqueued),
        };
      });
      ctx.operatorChanged("action");
      return { operation: operation.id, actions };
    },

    Actions({ ctx, params }) {
      return {
        results: bulkResults(arrayOf(params.entities), (entity) => {
          const id = tagName(stringOf(recordOf(entity).tag), "action");
          const task = ctx.operations.task(id);
          if (!task) throw new ApiError(`action ${JSON.stringify(id)} not found`, "not found");
          return ctx.operations.result(task);
        }),
      };
    },

    Operations({ ctx, params }) {
      return {
        results: bulkResults(arrayOf(params.entities), (entity) => {
          const id = tagName(stringOf(recordOf(entity).tag), "operation");
          const operation = ctx.operations.operation(id);
          if (!operation) throw new ApiError(`operation ${JSON.stringify(id)} not found`, "not found");
          return operationResult(ctx, operation);
        }),
        truncated: false,
      };
    },

    ListOperations({ ctx, params }) {
      const apps = arrayOf(params.applications).map(stringOf);
      const units = arrayOf(params.units).map(stringOf);
      const names = arrayOf(params.actions).map(stringOf);
      const statuses = arrayOf(params.status).map(stringOf);
      const matching = ctx.operations
        .operations()
        .filter(
          (op) =>
            (apps.length === 0 ||
              op.tasks.some((t) => apps.includes(t.unit.slice(0, t.unit.lastIndexOf("/"))))) &&
            (units.length === 0 || op.tasks.some((t) => units.includes(t.unit))) &&
            (names.length === 0 || op.tasks.some((t) => names.includes(t.name))) &&
            (statuses.length === 0 || statuses.includes(ctx.operations.operationStatus(op))),
        )
        .reverse();
      const offset = typeof params.offset === "number" ? params.offset : 0;
      const limit = typeof params.limit === "number" && params.limit > 0 ? params.limit : matching.length;
      const page = matching.slice(offset, offset + limit);
      return {
        results: page.map((op) => operationResult(ctx, op)),
        truncated: offset + page.length < matching.length,
      };
    },

    ApplicationsCharmsActions({ ctx, params }) {
      return {
        results: bulkResults(arrayOf(params.entities), (entity) => {
          const app = tagName(stringOf(recordOf(entity).tag), "application");
          const actions: Record<string, unknown> = {};
          for (const [name, spec] of Object.entries(ctx.application(app).meta.actions)) {
            actions[name] = {
              description: spec.description ?? "",
              params: {
                type: "object",
                title: name,
                description: spec.description ?? "",
                properties: spec.params,
                required: spec.required,
                additionalProperties: spec.additionalProperties,
              },
            };
          }
          return { "application-tag": applicationTag(app), actions };
        }),
      };
    },
  },
};
