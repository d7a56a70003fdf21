import type { ParsedDatabag, Relation } from "@charmarr/charm";
import * as z from "zod";
import { appNameField } from "../databag-fields";
import { publishAppData } from "../publish-app-data";
import { MEDIA_MOUNT_PATH } from "./media-layout";

/** The endpoint name on both sides of the relation. */
export const MEDIA_STORAGE = "media-storage";

/**
 * media-storage: the storage charm provides the claim every media app mounts at /data, and the
 * one PUID/PGID/umask of the stack; each consumer publishes its instance name. No secret.
 * Spec: kubernetes-and-storage.md §6.2.
 */

export const ACCESS_MODES = ["ReadWriteMany", "ReadWriteOnce"] as const;
export type MediaAccessMode = (typeof ACCESS_MODES)[number];

export interface MediaStorageProvider {
  /** A PersistentVolumeClaim in the consumer's own namespace. */
  pvcName: string;
  /** Always MEDIA_MOUNT_PATH: the layout's absolute paths depend on it. */
  mountPath: typeof MEDIA_MOUNT_PATH;
  puid: number;
  pgid: number;
  /** Octal digits, e.g. `002`. */
  umask: string;
  /** Informational: ReadWriteOnce pins every consumer to one node. */
  accessMode: MediaAccessMode;
}

export interface MediaStorageRequirer {
  instanceName: string;
}

/** A Kubernetes object name (DNS-1123 subdomain): what a PVC may be called. */
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
export function isDns1123Subdomain(name: string): boolean {
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

/** The highest id Linux takes (uid_t is 32-bit; -1 is "no id"). */
export const MAX_ID = 2 ** 31 - 1;

/** A uid or gid in decimal, never 0: the stack never runs as root. */
export function isMediaId(id: number): boolean {
  return Number.isInteger(id) && id >= 1 && id <= MAX_ID;
}

/** Three octal digits, e.g. `002`, `022`. */
export const UMASK = /^[0-7]{3}$/;

const decimalId = z
  .string()
  .regex(/^[1-9][0-9]{0,9}$/, "a decimal id from 1")
  .transform(Number)
  .refine(isMediaId, `a decimal id from 1 to ${MAX_ID}`);

const providerBag = z.object({
  "pvc-name": z.string().refine(isDns1123Subdomain, "not a Kubernetes object name"),
  "mount-path": z.literal(MEDIA_MOUNT_PATH),
  puid: decimalId,
  pgid: decimalId,
  umask: z.string().regex(UMASK, "not three octal digits"),
  "access-mode": z.enum(ACCESS_MODES),
});

const providerSchema = providerBag.transform(
  (bag): MediaStorageProvider => ({
    pvcName: bag["pvc-name"],
    mountPath: bag["mount-path"],
    puid: bag.puid,
    pgid: bag.pgid,
    umask: bag.umask,
    accessMode: bag["access-mode"],
  }),
);

const requirerBag = z.object({ "instance-name": appNameField });
const requirerSchema = requirerBag.transform(
  (bag): MediaStorageRequirer => ({ instanceName: bag["instance-name"] }),
);

const PROVIDER = {
  name: "media-storage provider",
  keys: Object.keys(providerBag.shape),
  schema: providerSchema,
};
const REQUIRER = {
  name: "media-storage requirer",
  keys: Object.keys(requirerBag.shape),
  schema: requirerSchema,
};

/** The storage charm's side (leader only); undefined withdraws it (the claim is not usable). */
export async function publishMediaStorageProvider(
  relation: Relation,
  data: MediaStorageProvider | undefined,
): Promise<void> {
  await publishAppData(
    relation,
    PROVIDER,
    data === undefined
      ? {}
      : {
          "pvc-name": data.pvcName,
          "mount-path": data.mountPath,
          puid: String(data.puid),
          pgid: String(data.pgid),
          umask: data.umask,
          "access-mode": data.accessMode,
        },
  );
}

export function readMediaStorageProvider(relation: Relation): Promise<ParsedDatabag<MediaStorageProvider>> {
  return relation.parseRemoteAppData(providerSchema);
}

/** A consumer's side (leader only). */
export async function publishMediaStorageRequirer(
  relation: Relation,
  data: MediaStorageRequirer,
): Promise<void> {
  await publishAppData(relation, REQUIRER, { "instance-name": data.instanceName });
}

export function readMediaStorageRequirer(relation: Relation): Promise<ParsedDatabag<MediaStorageRequirer>> {
  return relation.parseRemoteAppData(requirerSchema);
}
