import type { CheckManager } from "./checks";
import { checkLevel } from "./checks-api";
import { type ApiResponse, syncResponse } from "./response-envelope";
import { type ApiRequest, multiCommaList, type Route } from "./router";

/** GET /v1/system-info and GET /v1/health (api.go, api_health.go). */
export function systemRoutes(info: { bootId: string; version: string }, checks: CheckManager): Route[] {
  const systemInfo = (): ApiResponse => syncResponse({ "boot-id": info.bootId, version: info.version });

  const health = (request: ApiRequest): ApiResponse => {
    const level = checkLevel(request);
    const names = multiCommaList(request.query.getAll("names"));
    const healthy = !checks.list().some((check) => {
      // "ready" includes the alive checks.
      const levelMatch =
        level === "" || level === check.level || (level === "ready" && check.level === "alive");
      return levelMatch && (names.length === 0 || names.includes(check.name)) && check.status === "down";
    });
    return syncResponse({ healthy }, healthy ? 200 : 502);
  };

  return [
    { path: "/v1/system-info", GET: systemInfo },
    { path: "/v1/health", GET: health },
  ];
}
