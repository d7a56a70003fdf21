import type { z } from "zod";
import type { Databag, HookTools } from "../hook-tools";
import type { Logger } from "../logging/hook-logger";
import { memoize } from "./memoize";

/** Parsed remote data, or why it was ignored. */
export type ParsedDatabag<T> = { ok: true; data: T } | { ok: false; reason: string };

/**
 * One relation as this unit sees it during a hook. Reads are cached for the hook (the
 * answers cannot change within it); writes go straight to relation-set, which Juju buffers
 * until the hook exits 0.
 */
export class Relation {
  readonly #tools: HookTools;
  readonly #log: Logger;
  readonly #localApp: string;
  readonly #localUnit: string;
  readonly #knownRemoteApp: string | undefined;

  constructor(
    tools: HookTools,
    log: Logger,
    readonly id: number,
    readonly endpoint: string,
    local: { app: string; unit: string; remoteApp?: string },
  ) {
    this.#tools = tools;
    this.#log = log;
    this.#localApp = local.app;
    this.#localUnit = local.unit;
    this.#knownRemoteApp = local.remoteApp;
  }

  /** The application on the other side. */
  readonly remoteApp = memoize(async () => this.#knownRemoteApp ?? this.#tools.relationListApp(this.id));
  /** Remote units currently in the relation (the departing one excluded during departed). */
  readonly units = memoize(() => this.#tools.relationList(this.id));

  readonly #bags = new Map<string, Promise<Databag>>();
  #read(target: string, app: boolean): Promise<Databag> {
    const key = `${app ? "app" : "unit"}:${target}`;
    let bag = this.#bags.get(key);
    if (!bag) {
      bag = this.#tools.relationGet(this.id, target, { app });
      this.#bags.set(key, bag);
    }
    return bag;
  }

  async remoteAppData(): Promise<Databag> {
    return this.#read(await this.remoteApp(), true);
  }
  unitData(unit: string): Promise<Databag> {
    return this.#read(unit, false);
  }
  /** Own app databag: readable by the leader only. */
  localAppData(): Promise<Databag> {
    return this.#read(this.#localApp, true);
  }
  localUnitData(): Promise<Databag> {
    return this.#read(this.#localUnit, false);
  }

  /** Write to this app's databag (leader only). An empty string deletes a key. */
  async setAppData(data: Databag): Promise<void> {
    this.#bags.delete(`app:${this.#localApp}`);
    await this.#tools.relationSet(this.id, data, { app: true });
  }
  async setUnitData(data: Databag): Promise<void> {
    this.#bags.delete(`unit:${this.#localUnit}`);
    await this.#tools.relationSet(this.id, data, { app: false });
  }

  /**
   * The remote app's databag parsed with a schema. Garbage is never fatal: it is logged as
   * a warning (keys only, never values) and reported as not ok, so the charm waits.
   */
  async parseRemoteAppData<S extends z.ZodType>(schema: S): Promise<ParsedDatabag<z.infer<S>>> {
    const bag = await this.remoteAppData();
    if (Object.keys(bag).length === 0) return { ok: false, reason: "no data yet" };
    const result = schema.safeParse(bag);
    if (result.success) return { ok: true, data: result.data };
    const fields = [...new Set(result.error.issues.map((i) => i.path.join(".") || "(databag)"))];
    const reason = `invalid data from ${await this.remoteApp()} on ${this.endpoint}:${this.id}: ${fields.join(", ")}`;
    this.#log.warn({ relation: `${this.endpoint}:${this.id}`, fields }, `ignoring ${reason}`);
    return { ok: false, reason };
  }
}
