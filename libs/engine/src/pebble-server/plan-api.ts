import { JsonBody } from "./json-body";
import { PlanFormatError, parseLayer } from "./layer";
import { planToYaml } from "./plan";
import { LabelExistsError, type PlanManager } from "./plan-manager";
import { type ApiResponse, badRequest, serverError, syncResponse } from "./response-envelope";
import type { ApiRequest, Route } from "./router";
import type { UserDatabase } from "./user-database";

/** GET /v1/plan and POST /v1/layers (api_plan.go). Adding a layer never starts anything. */
export function planRoutes(plans: PlanManager, users: UserDatabase): Route[] {
  const getPlan = (request: ApiRequest): ApiResponse => {
    const format = request.query.get("format") ?? "";
    if (format !== "yaml") throw badRequest(`invalid format ${JSON.stringify(format)}`);
    return syncResponse(planToYaml(plans.plan));
  };

  const addLayer = async (request: ApiRequest): Promise<ApiResponse> => {
    const body = JsonBody.parse(await request.body(), "cannot decode request body");
    const action = body.string("action");
    const label = body.string("label");
    const format = body.string("format");
    if (action !== "add") throw badRequest(`invalid action ${JSON.stringify(action)}`);
    if (label === "") throw badRequest("label must be set");
    if (format !== "yaml") throw badRequest(`invalid format ${JSON.stringify(format)}`);
    let layer: ReturnType<typeof parseLayer>;
    try {
      layer = parseLayer(label, body.string("layer"), users);
    } catch (error) {
      if (error instanceof PlanFormatError) throw badRequest(`cannot parse layer YAML: ${error.message}`);
      throw error;
    }
    try {
      if (body.bool("combine")) plans.combineLayer(layer, body.bool("inner"));
      else plans.appendLayer(layer, body.bool("inner"));
    } catch (error) {
      if (error instanceof LabelExistsError || error instanceof PlanFormatError)
        throw badRequest(error.message);
      throw serverError((error as Error).message);
    }
    return syncResponse(true);
  };

  return [
    { path: "/v1/plan", GET: getPlan },
    { path: "/v1/layers", POST: addLayer },
  ];
}
