import type { ApiContext } from "./api-context";
import type { ConnectionState } from "./connection-state";

/** Where a facade is served: the controller endpoint (`/api`), the model endpoint, or both. */
export type Endpoint = "controller" | "model";

export interface FacadeCall {
  ctx: ApiContext;
  conn: ConnectionState;
  version: number;
  params: Record<string, unknown>;
  /** The watcher id at the envelope's top level (watcher facades only). */
  id: string;
}

export type FacadeMethod = (call: FacadeCall) => unknown | Promise<unknown>;

export interface Facade {
  name: string;
  /** The versions served and advertised at login (ascending). */
  versions: number[];
  endpoints: Endpoint[];
  methods: Record<string, FacadeMethod>;
  /** Methods that exist only from this version on. */
  since?: Record<string, number>;
}
