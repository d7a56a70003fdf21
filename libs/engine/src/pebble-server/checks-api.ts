import { type CheckManager, ChecksNotFoundError, checkInfoToJson } from "./checks";
import { JsonBody } from "./json-body";
import type { Plan } from "./plan";
import { type ApiResponse, badRequest, notFound, serverError, syncResponse } from "./response-envelope";
import { type ApiRequest, multiCommaList, type Route } from "./router";

/** "alive", "ready" or unset; anything else is a 400. */
export function checkLevel(request: ApiRequest): string {
  const level = request.query.get("level") ?? "";
  if (level !== "" && level !== "alive" && level !== "ready")
    throw badRequest(`level must be "alive" or "ready"`);
  return level;
}

/** GET/POST /v1/checks and POST /v1/checks/refresh (api_checks.go). */
export function checksRoutes(checks: CheckManager, plan: () => Plan): Route[] {
  const list = (request: ApiRequest): ApiResponse => {
    const level = checkLevel(request);
    const names = multiCommaList(request.query.getAll("names"));
    const infos = checks
      .list()
      .filter(
        (info) => (level === "" || info.level === level) && (names.length === 0 || names.includes(info.name)),
      );
    return syncResponse(infos.map(checkInfoToJson));
  };

  const act = async (request: ApiRequest): Promise<ApiResponse> => {
    const body = JsonBody.parse(await request.body(), "cannot decode data from request body");
    const action = body.string("action");
    const names = body.strings("checks");
    if (names.length === 0) throw badRequest(`must specify checks for ${action} action`);
    if (action !== "start" && action !== "stop") throw badRequest(`invalid action ${JSON.stringify(action)}`);
    let changed: string[];
    try {
      changed = action === "start" ? checks.start(names) : checks.stop(names);
    } catch (error) {
      if (error instanceof ChecksNotFoundError) throw badRequest(`cannot ${action} checks: ${error.message}`);
      throw serverError(`cannot ${action} checks: ${(error as Error).message}`);
    }
    return syncResponse({ changed: [...changed].sort() });
  };

  const refresh = async (request: ApiRequest): Promise<ApiResponse> => {
    const body = JsonBody.parse(await request.body(), "cannot decode data from request body");
    const name = body.string("name");
    if (name === "") throw badRequest("must specify check name");
    if (!plan().checks.has(name)) throw notFound(`cannot find check with name ${JSON.stringify(name)}`);
    const { info, error } = await checks.refresh(name, request.signal);
    return syncResponse(error ? { info: checkInfoToJson(info), error } : { info: checkInfoToJson(info) });
  };

  return [
    { path: "/v1/checks", GET: list, POST: act },
    { path: "/v1/checks/refresh", POST: refresh },
  ];
}
