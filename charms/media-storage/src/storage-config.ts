import { ACCESS_MODES, isDns1123Subdomain, MAX_ID, type MediaAccessMode, UMASK } from "@charmarr/interfaces";
import { quantityBytes } from "@charmarr/kubernetes";
import * as z from "zod";

/** Where the media lives: what the operator has. */
export const BACKENDS = ["storage-class", "hostpath", "nfs", "existing-claim"] as const;
export type Backend = (typeof BACKENDS)[number];

/** Linux's PATH_MAX. */
const MAX_PATH = 4096;

function isAbsoluteDir(path: string): boolean {
  return (
    path.length <= MAX_PATH &&
    path.startsWith("/") &&
    !/[\u0000-\u001f\u007f]/.test(path) &&
    !path.split("/").some((part) => part === "." || part === "..")
  );
}

/** An IPv4/IPv6 address or a DNS name, as the NFS volume source takes it. */
const HOST =
  /^(?:[a-zA-Z0-9](?:[-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*|[0-9a-fA-F:]+)$/;

const id = z
  .number()
  .int()
  .min(1)
  .max(MAX_ID)
  .describe(`a whole number from 1 to ${MAX_ID} (0 is root: the media apps never run as root)`);

/** What charmcraft.yaml's types cannot say: a bad value is Blocked, naming the option and what is allowed. */
export const storageConfigOptions = {
  backend: z.enum(BACKENDS),
  "storage-class": z
    .string()
    .refine(isDns1123Subdomain)
    .describe("a StorageClass name (lower case, digits, - and .)"),
  "access-mode": z.enum(ACCESS_MODES),
  size: z
    .string()
    .refine((q) => (quantityBytes(q) ?? 0) >= 2 ** 20)
    .describe("a size of at least 1Mi such as 100Gi, 2Ti or 500G"),
  hostpath: z
    .string()
    .refine((p) => isAbsoluteDir(p) && p !== "/")
    .describe("an absolute directory other than / such as /srv/media (no . or .. parts)"),
  "nfs-server": z
    .string()
    .refine((h) => h.length <= 253 && HOST.test(h))
    .describe("an IP address or host name such as 192.168.1.10"),
  "nfs-path": z.string().refine(isAbsoluteDir).describe("an absolute exported path such as /export/media"),
  "existing-claim": z
    .string()
    .refine(isDns1123Subdomain)
    .describe("a PersistentVolumeClaim name (lower case, digits, - and .)"),
  puid: id,
  pgid: id,
  umask: z.string().regex(UMASK).describe("three octal digits such as 002 or 022"),
};

export interface StorageConfig {
  backend?: Backend;
  "storage-class"?: string;
  "access-mode": MediaAccessMode;
  size: string;
  hostpath?: string;
  "nfs-server"?: string;
  "nfs-path"?: string;
  "existing-claim"?: string;
  puid: number;
  pgid: number;
  umask: string;
  "cleanup-on-remove": boolean;
}

export type VolumeSource = { kind: "hostpath"; path: string } | { kind: "nfs"; server: string; path: string };

/** What the leader drives the cluster to, from the config. */
export interface StoragePlan {
  backend: Backend;
  claimName: string;
  accessMode: MediaAccessMode;
  size: string;
  /** backend=storage-class. */
  storageClass?: string;
  /** hostpath and nfs: the PersistentVolume this charm makes for the claim. */
  volume?: { name: string; source: VolumeSource };
  labels: Record<string, string>;
}

/** The claim this charm makes: `<app>-data` in the model's namespace. */
export function claimNameFor(app: string): string {
  return `${app}-data`;
}

/** PVs are cluster-wide: the model's UUID in the name keeps two models' `media-storage` apart. */
export function volumeNameFor(app: string, modelUuid: string): string {
  return `${app}-data-${modelUuid.replace(/-/g, "").slice(0, 8)}`;
}

/** The plan, or the Blocked message naming what the backend still needs. */
export function storagePlan(
  config: StorageConfig,
  where: { app: string; model: string; modelUuid: string },
): { ok: true; plan: StoragePlan } | { ok: false; message: string } {
  const need = (option: string) => ({
    ok: false as const,
    message: `backend=${config.backend} needs ${option}: juju config ${where.app} ${option}=...`,
  });
  const base = {
    claimName: claimNameFor(where.app),
    accessMode: config["access-mode"],
    size: config.size,
    labels: {
      "app.kubernetes.io/managed-by": "charmarr",
      "app.kubernetes.io/name": where.app,
      "charmarr.io/model": where.model,
    },
  };
  const volumeName = volumeNameFor(where.app, where.modelUuid);
  switch (config.backend) {
    case undefined:
      return {
        ok: false,
        message: `backend is not set (allowed: one of ${BACKENDS.join(", ")}): juju config ${where.app} backend=...`,
      };
    case "storage-class":
      if (!config["storage-class"]) return need("storage-class");
      return { ok: true, plan: { ...base, backend: config.backend, storageClass: config["storage-class"] } };
    case "hostpath":
      if (!config.hostpath) return need("hostpath");
      return {
        ok: true,
        plan: {
          ...base,
          backend: config.backend,
          volume: { name: volumeName, source: { kind: "hostpath", path: config.hostpath } },
        },
      };
    case "nfs": {
      const server = config["nfs-server"];
      const path = config["nfs-path"];
      if (!server) return need("nfs-server");
      if (!path) return need("nfs-path");
      return {
        ok: true,
        plan: {
          ...base,
          backend: config.backend,
          volume: { name: volumeName, source: { kind: "nfs", server, path } },
        },
      };
    }
    case "existing-claim": {
      const claim = config["existing-claim"];
      if (!claim) return need("existing-claim");
      return { ok: true, plan: { ...base, backend: config.backend, claimName: claim } };
    }
  }
}
