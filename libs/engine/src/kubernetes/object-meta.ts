import { randomUUID } from "node:crypto";
import type { JsonObject } from "./json-value";

/**
 * The cluster's resourceVersion sequence: one counter for every object, as etcd's revision.
 * An object's version changes on every real change of it and only then.
 */
export class ResourceVersions {
  #last = 1000;

  /** The last version handed out (a controller restart carries on from it). */
  get last(): number {
    return this.#last;
  }

  set last(value: number) {
    this.#last = Math.max(this.#last, value);
  }

  next(): string {
    this.#last += 1;
    return String(this.#last);
  }
}

/** The server-set metadata of a new object. */
export function serverMetadata(
  versions: ResourceVersions,
  now: Date,
  namespace: string | undefined,
): { uid: string; resourceVersion: string; creationTimestamp: string; namespace?: string } {
  return {
    ...(namespace === undefined ? {} : { namespace }),
    uid: randomUUID(),
    resourceVersion: versions.next(),
    creationTimestamp: timestamp(now),
  };
}

/** RFC 3339 to the second, as the API server writes times. */
export const timestamp = (date: Date): string => `${date.toISOString().slice(0, 19)}Z`;

/** The metadata object of an API object (made when absent). */
export function metadataOf(object: JsonObject): JsonObject {
  const meta = object.metadata;
  if (typeof meta === "object" && meta !== null && !Array.isArray(meta)) return meta;
  const made: JsonObject = {};
  object.metadata = made;
  return made;
}

/** The fields of metadata only the server sets: a write cannot change them. */
export const SERVER_METADATA = [
  "uid",
  "resourceVersion",
  "creationTimestamp",
  "generation",
  "deletionTimestamp",
  "namespace",
  "name",
  "managedFields",
] as const;

/** Puts back the server-owned metadata (and the status, which only the controllers write). */
export function keepServerFields(before: JsonObject, after: JsonObject): void {
  const oldMeta = metadataOf(before);
  const newMeta = metadataOf(after);
  for (const key of SERVER_METADATA) {
    const value = oldMeta[key];
    if (value === undefined) delete newMeta[key];
    else newMeta[key] = value;
  }
  if (before.status === undefined) delete after.status;
  else after.status = before.status;
  after.apiVersion = before.apiVersion ?? null;
  after.kind = before.kind ?? null;
}
