import { notFound } from "./http-exchange";

// A small router for the API below its root (`/api/v3`): ASP.NET matches paths case-insensitively,
// ignores a trailing slash and constrains `{id}` to integers.

export interface ApiRequest {
  method: string;
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
  /** The JSON body as an object (400 if it is not one). */
  body(): Promise<Record<string, unknown>>;
}

export interface ApiReply {
  status: number;
  body?: unknown;
}

export type ApiHandler = (request: ApiRequest) => ApiReply | Promise<ApiReply>;

interface Route {
  method: string;
  segments: string[];
  handler: ApiHandler;
}

export type RouteMatch = { handler: ApiHandler; params: Record<string, string> } | "wrong-method" | undefined;

const segmentsOf = (path: string) =>
  path
    .toLowerCase()
    .split("/")
    .filter((segment) => segment !== "");

export class Router {
  private readonly routes: Route[] = [];

  on(method: string, pattern: string, handler: ApiHandler): this {
    this.routes.push({ method, segments: segmentsOf(pattern), handler });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const segments = segmentsOf(path);
    let pathKnown = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, segments);
      if (!params) continue;
      if (route.method === method || (method === "HEAD" && route.method === "GET")) {
        return { handler: route.handler, params };
      }
      pathKnown = true;
    }
    return pathKnown ? "wrong-method" : undefined;
  }
}

function matchSegments(
  pattern: readonly string[],
  segments: readonly string[],
): Record<string, string> | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] as string;
    if (part.startsWith("{")) {
      if (!/^\d+$/.test(segment)) return undefined;
      params[part.slice(1, -1)] = segment;
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

/** The `{id}` of a route, as a number. */
export function idParam(request: ApiRequest, name = "id"): number {
  const id = Number(request.params[name]);
  if (!Number.isSafeInteger(id)) throw notFound();
  return id;
}

/** A boolean query flag (`?forceSave=true`), its name matched case-insensitively. */
export function queryFlag(query: URLSearchParams, name: string): boolean {
  for (const [key, value] of query) {
    if (key.toLowerCase() === name.toLowerCase()) return value.toLowerCase() === "true";
  }
  return false;
}
