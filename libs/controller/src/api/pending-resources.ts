import { randomUUID } from "node:crypto";
import type { DeployOptions } from "@charmarr/engine";

/** The engine's resource record (its state type is not exported by name). */
export type ResourceRecord = Exclude<NonNullable<DeployOptions["resources"]>[string], string>;

/** A resource announced by AddPendingResources, filled by its HTTP upload, consumed by Deploy. */
export interface PendingResource {
  id: string;
  app: string;
  name: string;
  type: string;
  description: string;
  createdAt: Date;
  /** Set by the upload. */
  record?: ResourceRecord;
  size?: number;
  fingerprint?: string;
}

/** An uploaded resource attached to an application (what ListResources shows). */
export interface AppResource {
  name: string;
  type: string;
  description: string;
  revision: number;
  size: number;
  fingerprint: string;
  timestamp: Date;
  pendingId: string;
}

export class PendingResources {
  readonly #pending = new Map<string, PendingResource>();
  readonly #attached = new Map<string, Map<string, AppResource>>();

  add(app: string, name: string, type: string, description: string): string {
    const id = randomUUID();
    this.#pending.set(id, { id, app, name, type, description, createdAt: new Date() });
    return id;
  }

  get(id: string): PendingResource | undefined {
    return this.#pending.get(id);
  }

  /** The pending resource's record once uploaded, removed from the pending set and attached to its app. */
  consume(id: string, app: string, name: string): ResourceRecord {
    const pending = this.#pending.get(id);
    if (!pending || pending.app !== app || pending.name !== name)
      throw new Error(`pending resource ${JSON.stringify(id)} for ${app}/${name} not found`);
    if (!pending.record) throw new Error(`resource ${JSON.stringify(name)} was not uploaded`);
    this.#pending.delete(id);
    const resources = this.#attached.get(app) ?? new Map<string, AppResource>();
    this.#attached.set(app, resources);
    resources.set(name, {
      name,
      type: pending.type,
      description: pending.description,
      revision: (resources.get(name)?.revision ?? 0) + 1,
      size: pending.size ?? 0,
      fingerprint: pending.fingerprint ?? "",
      timestamp: new Date(),
      pendingId: id,
    });
    return pending.record;
  }

  attached(app: string): AppResource[] {
    return [...(this.#attached.get(app)?.values() ?? [])];
  }

  pendingFor(app: string): PendingResource[] {
    return [...this.#pending.values()].filter((p) => p.app === app);
  }
}
