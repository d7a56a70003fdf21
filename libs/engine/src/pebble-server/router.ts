import type { IncomingHttpHeaders } from "node:http";
import type { ApiResponse } from "./response-envelope";

/** What a handler sees of an HTTP request. */
export interface ApiRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Path variables, e.g. `id` for /v1/changes/{id}. */
  readonly params: Readonly<Record<string, string>>;
  readonly headers: IncomingHttpHeaders;
  body(): Promise<Buffer>;
  /** Fires when the client goes away (long polls stop waiting). */
  readonly signal: AbortSignal;
}

export type Handler = (request: ApiRequest) => Promise<ApiResponse> | ApiResponse;

export interface Route {
  readonly path: string;
  readonly GET?: Handler;
  readonly POST?: Handler;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

/** Matches request paths against route templates with `{name}` segments (gorilla/mux style). */
export class Router {
  private readonly routes: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.routes = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split("/")
        .map((segment) => {
          const variable = /^\{(.+)\}$/.exec(segment);
          if (!variable) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(variable[1] as string);
          return "([^/]+)";
        })
        .join("/");
      return { route, pattern: new RegExp(`^${source}$`), names };
    });
  }

  match(path: string): { route: Route; params: Record<string, string> } | undefined {
    for (const { route, pattern, names } of this.routes) {
      const match = pattern.exec(path);
      if (!match) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = decodeURIComponent(match[i + 1] as string);
      });
      return { route, params };
    }
    return undefined;
  }
}

/** Comma-separated values, possibly repeated (strutil.MultiCommaSeparatedList). */
export function multiCommaList(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");
}
