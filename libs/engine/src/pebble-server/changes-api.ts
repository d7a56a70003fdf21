import { type ChangeStore, changeToJson } from "./changes";
import { DurationParseError, formatGoDuration, nsToMs, parseGoDuration } from "./go-duration";
import { JsonBody } from "./json-body";
import {
  type ApiResponse,
  badRequest,
  gatewayTimeout,
  notFound,
  serverError,
  syncResponse,
} from "./response-envelope";
import type { ApiRequest, Route } from "./router";

/** An optional Go duration query parameter, in nanoseconds (0 when absent). */
export function optionalDuration(value: string | null, what: string): number {
  if (!value) return 0;
  try {
    return parseGoDuration(value);
  } catch (error) {
    if (error instanceof DurationParseError) throw badRequest(`invalid ${what}: ${error.message}`);
    throw error;
  }
}

/** GET /v1/changes, GET/POST /v1/changes/{id}, GET /v1/changes/{id}/wait (api_changes.go). */
export function changesRoutes(changes: ChangeStore): Route[] {
  const find = (request: ApiRequest) => {
    const id = request.params.id ?? "";
    const change = changes.change(id);
    if (!change) throw notFound(`cannot find change with id ${JSON.stringify(id)}`);
    return change;
  };

  const list = (request: ApiRequest): ApiResponse => {
    const select = request.query.get("select") || "in-progress";
    if (select !== "all" && select !== "in-progress" && select !== "ready") {
      throw badRequest("select should be one of: all,in-progress,ready");
    }
    const service = request.query.get("for") ?? "";
    const selected = changes.list().filter((change) => {
      if (select === "in-progress" && change.ready) return false;
      if (select === "ready" && !change.ready) return false;
      return !service || (change.serviceNames ?? []).includes(service);
    });
    return syncResponse(selected.map(changeToJson));
  };

  const get = (request: ApiRequest): ApiResponse => syncResponse(changeToJson(find(request)));

  const wait = async (request: ApiRequest): Promise<ApiResponse> => {
    const change = find(request);
    const timeout = optionalDuration(request.query.get("timeout"), "timeout");
    const ready = await changes.waitReady(change, timeout > 0 ? nsToMs(timeout) : undefined, request.signal);
    if (!ready) {
      if (request.signal.aborted) throw serverError("request cancelled");
      throw gatewayTimeout(`timed out waiting for change after ${formatGoDuration(timeout)}`);
    }
    return syncResponse(changeToJson(change));
  };

  const abort = async (request: ApiRequest): Promise<ApiResponse> => {
    const change = find(request);
    const body = JsonBody.parse(await request.body(), "cannot decode data from request body");
    const action = body.string("action");
    if (action !== "abort") throw badRequest(`invalid action ${JSON.stringify(action)}`);
    if (change.ready) throw badRequest(`cannot abort change ${change.id} with nothing pending`);
    changes.abort(change);
    return syncResponse(changeToJson(change));
  };

  return [
    { path: "/v1/changes", GET: list },
    { path: "/v1/changes/{id}", GET: get, POST: abort },
    { path: "/v1/changes/{id}/wait", GET: wait },
  ];
}
