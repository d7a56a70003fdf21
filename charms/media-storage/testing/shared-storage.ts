import { chownSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import type { TestModel } from "@charmarr/testing";

// What every media app's process test needs now that the apps mount one shared volume: the
// media-storage charm (packed once per test process) on a hostPath folder owned by the stack's
// ids, trusted, and related to each media app (themselves trusted to patch their StatefulSet).
// The model must serve the Kubernetes API: testModel({ kubernetes: true }).

const CHARM_DIR = resolve(import.meta.dirname, "..");

/** The stack's ids in tests: LinuxServer's defaults, never root. */
export const PUID = 1000;
export const PGID = 1000;

let packed: Promise<string> | undefined;

/** The packed media-storage charm, packed at most once per test process. */
export function mediaStorageCharmFile(): Promise<string> {
  packed ??= packCharm(CHARM_DIR, mkdtempSync(join(tmpdir(), "media-storage-charm-"))).then((p) => p.path);
  return packed;
}

export interface SharedStorage {
  /** The storage application. */
  app: string;
  /** The claim every app mounts at /data. */
  claim: string;
  /** Where /data of every app is on this host (the hostPath folder). */
  hostDir: string;
}

export interface SharedStorageOptions {
  /** The storage application's name. Default `storage`. */
  app?: string;
  /** The node folder (hostPath). Default /srv/media. */
  hostPath?: string;
  puid?: number;
  pgid?: number;
  umask?: string;
}

/**
 * Deploys media-storage on a hostPath folder made for it (owned PUID:PGID, as the operator's
 * page says), trusts it, and relates and trusts each of `consumers`. Settle afterwards.
 */
export async function addSharedStorage(
  m: TestModel,
  consumers: readonly string[],
  options: SharedStorageOptions = {},
): Promise<SharedStorage> {
  const app = options.app ?? "storage";
  const hostPath = options.hostPath ?? "/srv/media";
  const puid = options.puid ?? PUID;
  const pgid = options.pgid ?? PGID;
  const hostDir = m.kube.cluster.hostPathDir(hostPath);
  mkdirSync(hostDir, { recursive: true, mode: 0o775 });
  chownSync(hostDir, puid, pgid);
  m.deploy(app, {
    charmFile: await mediaStorageCharmFile(),
    trust: true,
    config: {
      backend: "hostpath",
      hostpath: hostPath,
      puid,
      pgid,
      ...(options.umask === undefined ? {} : { umask: options.umask }),
    },
  });
  for (const consumer of consumers) relateToSharedStorage(m, consumer, app);
  return { app, claim: `${app}-data`, hostDir };
}

/** `juju trust <consumer>` and `juju integrate <storage> <consumer>`. */
export function relateToSharedStorage(m: TestModel, consumer: string, storage = "storage"): void {
  m.trust(consumer);
  m.integrate(`${storage}:media-storage`, `${consumer}:media-storage`);
}
