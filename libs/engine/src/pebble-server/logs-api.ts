import type { ServerResponse } from "node:http";
import { rfc3339 } from "./clock";
import { type ApiResponse, badRequest } from "./response-envelope";
import { type ApiRequest, multiCommaList, type Route } from "./router";
import type { LogEntry } from "./service-logs";
import type { ServiceManager } from "./service-supervisor";

const DEFAULT_LOG_COUNT = 30;

const logLine = (entry: LogEntry) =>
  `${JSON.stringify({ time: rfc3339(entry.time), service: entry.service, message: entry.message })}\n`;

/** GET /v1/logs?services=&n=&follow= as newline-delimited JSON (api_logs.go). */
export function logsRoutes(services: ServiceManager): Route[] {
  const logs = (request: ApiRequest): ApiResponse => {
    const follow = request.query.get("follow") ?? "";
    if (follow !== "" && follow !== "true" && follow !== "false") {
      throw badRequest(`follow parameter must be "true" or "false"`);
    }
    const nText = request.query.get("n");
    let count = follow === "true" ? 0 : DEFAULT_LOG_COUNT;
    if (nText) {
      if (!/^-?\d+$/.test(nText) || Number(nText) < -1)
        throw badRequest("n must be -1, 0, or a positive integer");
      count = Number(nText);
    }
    let names = multiCommaList(request.query.getAll("services"));
    if (names.length === 0) names = services.list().map((s) => s.name);
    const buffers = names.flatMap((name) => services.logs(name) ?? []);

    return {
      kind: "raw",
      write: (res: ServerResponse) =>
        new Promise<void>((resolve) => {
          res.writeHead(200, { "Content-Type": "application/x-ndjson" });
          const recent = buffers
            .flatMap((buffer) => buffer.last(count))
            .sort((a, b) => a.time.getTime() - b.time.getTime());
          for (const entry of count < 0 ? recent : recent.slice(Math.max(0, recent.length - count))) {
            res.write(logLine(entry));
          }
          if (follow !== "true") {
            res.end();
            return resolve();
          }
          const unsubscribe = buffers.map((buffer) => buffer.subscribe((entry) => res.write(logLine(entry))));
          const stop = () => {
            for (const off of unsubscribe) off();
            resolve();
          };
          request.signal.addEventListener("abort", stop, { once: true });
          res.once("close", stop);
        }),
    };
  };

  return [{ path: "/v1/logs", GET: logs }];
}
