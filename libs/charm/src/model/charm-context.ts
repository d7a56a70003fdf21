import { containerSocketPath, PebbleClient } from "@charmarr/pebble";
import type { JujuContext } from "../dispatch/juju-env";
import type { JujuEvent } from "../dispatch/juju-event";
import { type HookTools, parseRelationId } from "../hook-tools";
import type { Logger } from "../logging/hook-logger";
import type { SecretRedactor } from "../logging/secret-redactor";
import type { CharmMetadata } from "./charm-metadata";
import { type ConfigResult, describeConfigProblems } from "./config-schema";
import { memoize } from "./memoize";
import { Relation } from "./relation";
import type { Status, StatusCollector, StatusName } from "./status-collector";

/** Thrown by `ctx.config` when the operator's config is invalid; dispatch turns it into Blocked. */
export class InvalidConfigError extends Error {}

/**
 * What charm code sees during one hook: the event, the unit, config, leadership, relations,
 * status and the typed hook tools. Stable answers are read once per hook.
 */
export class CharmContext<C = Record<string, unknown>> {
  readonly event: JujuEvent;
  readonly unit: { name: string; number: number };
  readonly app: { name: string };
  readonly model: { name: string; uuid: string };
  readonly #configResult: ConfigResult<C>;
  readonly #relations = new Map<string, Promise<Relation[]>>();

  constructor(
    readonly juju: JujuContext,
    readonly metadata: CharmMetadata,
    readonly tools: HookTools,
    readonly log: Logger,
    readonly status: StatusCollector,
    readonly redactor: SecretRedactor,
    configResult: ConfigResult<C>,
    isLeader: () => Promise<boolean>,
  ) {
    this.event = juju.event;
    this.unit = { name: juju.unitName, number: juju.unitNumber };
    this.app = { name: juju.appName };
    this.model = { name: juju.modelName, uuid: juju.modelUuid };
    this.#configResult = configResult;
    this.isLeader = isLeader;
  }

  /** Leadership, asked once per hook (a `true` is good for ~30 s). */
  readonly isLeader: () => Promise<boolean>;

  /** The parsed config. Throws InvalidConfigError (reported as Blocked) if it is invalid. */
  get config(): C {
    if (!this.#configResult.ok)
      throw new InvalidConfigError(describeConfigProblems(this.#configResult.problems));
    return this.#configResult.config;
  }

  get configResult(): ConfigResult<C> {
    return this.#configResult;
  }

  readonly #containers = new Map<string, PebbleClient>();

  /**
   * The Pebble of a workload container declared in charmcraft.yaml, at the socket Juju
   * shares into the charm container (`/charm/containers/<name>/pebble.socket`).
   */
  container(name: string): PebbleClient {
    if (!this.metadata.containers?.[name]) {
      throw new Error(`container "${name}" is not declared in charmcraft.yaml`);
    }
    let client = this.#containers.get(name);
    if (!client) {
      client = new PebbleClient(containerSocketPath(name));
      this.#containers.set(name, client);
    }
    return client;
  }

  readonly #memos = new Map<object | symbol, unknown>();

  /**
   * A value made once per hook for `key` (an object or symbol the caller owns), the way ops
   * builds the charm anew for every dispatch: libraries keep per-hook state here, never in
   * module state. Later calls with the same key return the first value.
   */
  memo<T>(key: object | symbol, make: () => T): T {
    if (this.#memos.has(key)) return this.#memos.get(key) as T;
    const value = make();
    this.#memos.set(key, value);
    return value;
  }

  /** Release what the hook opened (Pebble connections), so the process can end. */
  close(): void {
    for (const client of this.#containers.values()) client.close();
  }

  /** Keep `value` out of every log record from now on. */
  redact(value: string): void {
    this.redactor.add(value);
  }

  /**
   * The unit's status as the last hook left it (one `status-get`, asked once); the hook then
   * skips its `status-set` when the status it ends with is this one.
   */
  readonly lastStatus = memoize(async (): Promise<Status> => {
    const current = await this.tools.statusGet();
    this.#previousStatus = { name: current.status as StatusName, message: current.message };
    return this.#previousStatus;
  });

  /**
   * In `update-status`, the unit's status as the last hook left it, when that was active; else
   * undefined (any other hook, or a unit that is not active, which a full reconcile may fix).
   * Active means what only changes with an event of its own (relation data, grants,
   * registrations) was settled by that event: a reconcile may then check only what can change
   * without one (workload health, drift) and keep this status (see lastStatus).
   */
  readonly steadyStatus = memoize(async (): Promise<Status | undefined> => {
    if (this.event.kind !== "update-status") return undefined;
    const current = await this.lastStatus();
    return current.name === "active" ? current : undefined;
  });
  #previousStatus: Status | undefined;

  /** Whether `status` (as it would be set) is what status-get said this hook, so need not be set. */
  statusUnchanged(status: Status): boolean {
    const previous = this.#previousStatus;
    return previous !== undefined && previous.name === status.name && previous.message === status.message;
  }

  /**
   * The live relations on an endpoint. During relation-broken the broken relation is left
   * out, as ops does: Juju may still list it, but it is going.
   */
  relations(endpoint: string): Promise<Relation[]> {
    let relations = this.#relations.get(endpoint);
    if (!relations) {
      relations = this.#loadRelations(endpoint);
      this.#relations.set(endpoint, relations);
    }
    return relations;
  }

  /** The relation of the current relation event, if this is one. */
  readonly relation = memoize(async (): Promise<Relation | undefined> => {
    const event = this.event;
    if (!("relationId" in event)) return undefined;
    return this.#relation(event.relationId, event.endpoint, event.remoteApp || undefined);
  });

  async #loadRelations(endpoint: string): Promise<Relation[]> {
    const event = this.event;
    const ids = await this.tools.relationIds(endpoint);
    return ids
      .map(parseRelationId)
      .filter((id) => !(event.kind === "relation-broken" && event.relationId === id))
      .map((id) =>
        this.#relation(
          id,
          endpoint,
          "relationId" in event && event.relationId === id ? event.remoteApp : undefined,
        ),
      );
  }

  readonly #byId = new Map<number, Relation>();
  #relation(id: number, endpoint: string, remoteApp: string | undefined): Relation {
    let relation = this.#byId.get(id);
    if (!relation) {
      relation = new Relation(this.tools, this.log, id, endpoint, {
        app: this.app.name,
        unit: this.unit.name,
        remoteApp,
      });
      this.#byId.set(id, relation);
    }
    return relation;
  }
}
