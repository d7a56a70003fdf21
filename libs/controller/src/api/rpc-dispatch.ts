import type { ApiContext } from "./api-context";
import { ApiError } from "./api-error";
import type { ConnectionState } from "./connection-state";
import type { Facade } from "./facade";
import { paramsObject } from "./wire-format";

// Juju's JSON-RPC envelope (rpc/jsoncodec): dispatch by (type, version, request), with the
// dispatcher's own errors worded as Juju's.

export interface RpcRequest {
  "request-id": number;
  type: string;
  version: number;
  request: string;
  id?: string;
  params?: unknown;
}

export type RpcReply =
  | { "request-id": number; response: unknown }
  | { "request-id": number; error: string; "error-code": string; response: Record<string, never> };

/** A frame's request, or why it is not one (an answerable error when it has a request-id). */
export function parseRequest(value: unknown): RpcRequest | { bad: string; requestId?: number } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { bad: "not an object" };
  const frame = value as Record<string, unknown>;
  const requestId = frame["request-id"];
  if (typeof requestId !== "number" || !Number.isInteger(requestId) || requestId <= 0)
    return { bad: "no request-id" };
  if (typeof frame.type !== "string" || typeof frame.request !== "string")
    return { bad: "no type or request", requestId };
  const version = typeof frame.version === "number" ? frame.version : 0;
  const id = typeof frame.id === "string" ? frame.id : typeof frame.id === "number" ? String(frame.id) : "";
  return {
    "request-id": requestId,
    type: frame.type,
    version,
    request: frame.request,
    id,
    params: frame.params,
  };
}

export function errorReply(requestId: number, err: unknown): RpcReply {
  if (err instanceof ApiError)
    return { "request-id": requestId, error: err.message, "error-code": err.code, response: {} };
  const message = err instanceof Error ? err.message : String(err);
  return { "request-id": requestId, error: message, "error-code": "", response: {} };
}

export class Dispatcher {
  readonly #facades = new Map<string, Facade>();

  constructor(facades: readonly Facade[]) {
    for (const facade of facades) this.#facades.set(facade.name, facade);
  }

  /** The facades (and versions) an endpoint serves, for the login result. */
  advertised(conn: ConnectionState): { name: string; versions: number[] }[] {
    return [...this.#facades.values()]
      .filter((f) => f.endpoints.includes(conn.endpoint))
      .map((f) => ({ name: f.name, versions: [...f.versions] }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  async call(ctx: ApiContext, conn: ConnectionState, request: RpcRequest): Promise<RpcReply> {
    const requestId = request["request-id"];
    try {
      const facade = this.#facades.get(request.type);
      if (!facade || !facade.endpoints.includes(conn.endpoint))
        throw new ApiError(`unknown object type ${JSON.stringify(request.type)}`, "not implemented");
      if (!conn.loggedIn && facade.name !== "Admin")
        throw new ApiError("unauthorized access", "unauthorized access");
      if (!facade.versions.includes(request.version))
        throw new ApiError(
          `unknown version (${request.version}) of interface ${JSON.stringify(request.type)}`,
          "not implemented",
        );
      const method = Object.hasOwn(facade.methods, request.request)
        ? facade.methods[request.request]
        : undefined;
      const since = facade.since?.[request.request];
      if (!method || (since !== undefined && request.version < since))
        throw new ApiError(
          `no such request - method ${request.type}.${request.request} is not implemented`,
          "not implemented",
        );
      const response = await method({
        ctx,
        conn,
        version: request.version,
        params: paramsObject(request.params),
        id: request.id ?? "",
      });
      return { "request-id": requestId, response: response ?? {} };
    } catch (err) {
      return errorReply(requestId, err);
    }
  }
}
