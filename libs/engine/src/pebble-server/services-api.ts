import type { ChangeStore, Task } from "./changes";
import type { CheckManager } from "./checks";
import { rfc3339 } from "./clock";
import { JsonBody } from "./json-body";
import { PlanFormatError } from "./layer";
import { type Plan, startOrder, stopOrder } from "./plan";
import {
  type ApiResponse,
  asyncResponse,
  badRequest,
  errorResponse,
  serverError,
  syncResponse,
} from "./response-envelope";
import { type ApiRequest, multiCommaList, type Route } from "./router";
import type { ServiceManager } from "./service-supervisor";

export interface ServicesApiOptions {
  plan: () => Plan;
  changes: ChangeStore;
  services: ServiceManager;
  checks: CheckManager;
}

const title = (action: string) => action.charAt(0).toUpperCase() + action.slice(1);

/** The services in `lanes` that were asked for, keeping the lane order (intersectOrdered). */
function onlyRequested(requested: readonly string[], lanes: string[][]): string[][] {
  return lanes
    .map((lane) => lane.filter((name) => requested.includes(name)))
    .filter((lane) => lane.length > 0);
}

/** GET/POST /v1/services, /v1/services/{name} and POST /v1/signals (api_services.go, api_signals.go). */
export function servicesRoutes(options: ServicesApiOptions): Route[] {
  const { changes, services } = options;

  const list = (request: ApiRequest): ApiResponse =>
    syncResponse(
      services.list(multiCommaList(request.query.getAll("names"))).map((info) => {
        const json: Record<string, unknown> = {
          name: info.name,
          startup: info.startup,
          current: info.current,
        };
        if (info.currentSince) json["current-since"] = rfc3339(info.currentSince);
        return json;
      }),
    );

  const act = async (request: ApiRequest): Promise<ApiResponse> => {
    const body = JsonBody.parse(await request.body(), "cannot decode data from request body");
    const action = body.string("action");
    let names = body.strings("services");
    switch (action) {
      case "replan":
      case "autostart":
        if (names.length > 0) throw badRequest(`${action} accepts no service names`);
        if (action === "autostart") {
          try {
            names = services.defaultServiceNames();
          } catch (error) {
            throw serverError((error as Error).message);
          }
          if (names.length === 0)
            return errorResponse(400, { message: "no default services", kind: "no-default-services" });
        }
        break;
      default:
        if (names.length === 0) throw badRequest(`must specify services for ${action} action`);
    }

    const plan = options.plan();
    let tasks: Task[];
    let resolved: string[] = [];
    try {
      switch (action) {
        case "start":
        case "autostart": {
          const lanes = startOrder(plan, names);
          tasks = services.startTasks(lanes);
          resolved = lanes.flat();
          break;
        }
        case "stop": {
          const lanes = stopOrder(plan, names);
          tasks = services.stopTasks(lanes);
          resolved = lanes.flat();
          break;
        }
        case "restart": {
          const stops = services.stopTasks(onlyRequested(names, stopOrder(plan, names)));
          const lanes = startOrder(plan, names);
          tasks = [...stops, ...chainAfter(services.startTasks(lanes), stops)];
          resolved = lanes.flat();
          break;
        }
        case "replan": {
          const { stopLanes, startLanes } = services.replan();
          const stops = services.stopTasks(stopLanes);
          tasks = [...stops, ...chainAfter(services.startTasks(startLanes), stops)];
          names = [...new Set([...stopLanes.flat(), ...startLanes.flat()])].sort();
          resolved = names;
          options.checks.replan();
          break;
        }
        default:
          throw badRequest(`invalid action ${JSON.stringify(action)}`);
      }
    } catch (error) {
      if (error instanceof PlanFormatError) throw badRequest(`cannot ${action} services: ${error.message}`);
      throw error;
    }

    if (tasks.length === 0) {
      const change = changes.newChange(action, `${title(action)} - no services`, [], { status: "Done" });
      return asyncResponse(change.id);
    }
    const first = JSON.stringify(names[0]);
    const summary =
      resolved.length === 1
        ? `${title(action)} service ${first}`
        : `${title(action)} service ${first} and ${resolved.length - 1} more`;
    const change = changes.newChange(action, summary, tasks, {
      serviceNames: names.length > 0 ? names : undefined,
    });
    return asyncResponse(change.id);
  };

  const signal = async (request: ApiRequest): Promise<ApiResponse> => {
    const body = JsonBody.parse(await request.body(), "cannot decode request body");
    const names = body.strings("services");
    if (names.length === 0) throw badRequest("must specify one or more services");
    try {
      services.sendSignal(names, body.string("signal"));
    } catch (error) {
      throw serverError((error as Error).message);
    }
    return syncResponse(true);
  };

  const notImplemented = (): ApiResponse => {
    throw badRequest("not implemented");
  };

  return [
    { path: "/v1/services", GET: list, POST: act },
    { path: "/v1/services/{name}", GET: notImplemented, POST: notImplemented },
    { path: "/v1/signals", POST: signal },
  ];
}

/** Start tasks wait for every stop task of the same change. */
function chainAfter(tasks: Task[], before: readonly Task[]): Task[] {
  for (const task of tasks) for (const stop of before) task.waitFor(stop);
  return tasks;
}
