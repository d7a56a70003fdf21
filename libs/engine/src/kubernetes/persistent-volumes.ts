import { mkdirSync, rmSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import {
  clone,
  isObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
  objectAt,
  objectOf,
  stringAt,
} from "./json-value";
import {
  keepServerFields,
  metadataOf,
  type ResourceVersions,
  serverMetadata,
  timestamp,
} from "./object-meta";
import { applyPatch, PatchError, type PatchType } from "./patch-types";
import { parseQuantity } from "./quantity";
import {
  alreadyExists,
  badRequest,
  CLAIMS,
  conflict,
  deleted,
  fieldError,
  forbiddenByAdmission,
  invalid,
  type KubeStatus,
  notFound,
  type ResourceType,
  type StatusCause,
  VOLUMES,
} from "./status-objects";
import type { StorageClassFixture } from "./storage-classes";

const ACCESS_MODES = ["ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"];
/** The volume sources a PersistentVolume may have here. */
const PV_SOURCES = ["hostPath", "nfs", "local", "csi"] as const;
const PROVISIONED_BY = "pv.kubernetes.io/provisioned-by";
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export interface PersistentStorageOptions {
  versions: ResourceVersions;
  now: () => Date;
  /** Dynamic volumes live in `<stateDir>/volumes/<pv>`, NFS exports in `<stateDir>/nfs/<server>/<path>`. */
  stateDir: string;
  /** hostPath `/srv/media` is `<hostPathRoot>/srv/media` on this host. */
  hostPathRoot: string;
  classes: readonly StorageClassFixture[];
  /** Whether a running pod mounts the claim (it then stays Terminating when deleted). */
  claimInUse: (namespace: string, name: string) => boolean;
}

/**
 * Why a volume cannot be mounted now (the pod's FailedMount event), or its host directory (or, for
 * a hostPath `CharDevice`, the host's device node itself).
 */
export type VolumeMountSource = { ok: true; hostDir: string; device?: true } | { ok: false; message: string };

/**
 * Devices a hostPath volume may expose. Unlike directories they are not kept under the hostPath
 * root (a device node cannot be faked there), so only those a workload here needs are passed
 * through: the TUN device (Gluetun) and FUSE.
 */
export const HOST_DEVICES: readonly string[] = ["/dev/net/tun", "/dev/fuse"];

/**
 * PersistentVolumeClaims and PersistentVolumes with the controllers behind them: defaults,
 * binding (static by `volumeName`/`claimRef` or class `""`, dynamic by class: at once or at the
 * first consumer), resize, release with the stale `claimRef.uid`, reclaim (`Retain` keeps the
 * data, `Delete` removes a dynamic volume's directory) and the protection finalizers.
 */
export interface PersistentStorageSnapshot {
  claims: [string, JsonObject][];
  volumes: [string, JsonObject][];
  consumed: string[];
}

export class PersistentStorage {
  readonly #claims = new Map<string, JsonObject>();
  readonly #volumes = new Map<string, JsonObject>();
  /** Claims a scheduled pod waits for (WaitForFirstConsumer binds them). */
  readonly #consumed = new Set<string>();
  /** Fault: claim key → reads it still answers Pending before binding. */
  readonly #heldPending = new Map<string, number>();
  /** Fault: NFS servers that do not answer. */
  readonly #downNfs = new Set<string>();

  constructor(private readonly options: PersistentStorageOptions) {}

  /** Claims and volumes as plain data (faults are not kept). */
  snapshot(): PersistentStorageSnapshot {
    return {
      claims: [...this.#claims].map(([key, object]) => [key, structuredClone(object)]),
      volumes: [...this.#volumes].map(([key, object]) => [key, structuredClone(object)]),
      consumed: [...this.#consumed],
    };
  }

  restore(snapshot: PersistentStorageSnapshot): void {
    this.#claims.clear();
    this.#volumes.clear();
    this.#consumed.clear();
    for (const [key, object] of snapshot.claims) this.#claims.set(key, structuredClone(object));
    for (const [key, object] of snapshot.volumes) this.#volumes.set(key, structuredClone(object));
    for (const key of snapshot.consumed) this.#consumed.add(key);
  }

  // ---- claims ----------------------------------------------------------------------------------

  getClaim(namespace: string, name: string): JsonObject {
    const key = claimKey(namespace, name);
    const held = this.#heldPending.get(key);
    if (held !== undefined) {
      if (held <= 1) this.#heldPending.delete(key);
      else this.#heldPending.set(key, held - 1);
    }
    const claim = this.#claims.get(key);
    if (!claim) throw notFound(CLAIMS, name);
    const answer = clone(claim);
    if (held !== undefined) this.reconcile();
    return answer;
  }

  /** The claim as it is now, without counting as a read; undefined if absent. */
  peekClaim(namespace: string, name: string): JsonObject | undefined {
    const claim = this.#claims.get(claimKey(namespace, name));
    return claim && clone(claim);
  }

  listClaims(namespace: string): JsonObject[] {
    return [...this.#claims.values()]
      .filter((c) => metadataOf(c).namespace === namespace)
      .map((c) => clone(c));
  }

  createClaim(namespace: string, body: JsonValue): JsonObject {
    if (!isObject(body)) throw badRequest("the request body is not a JSON object");
    const claim = clone(body);
    const meta = metadataOf(claim);
    const name = checkName(CLAIMS, meta);
    checkNamespace(meta, namespace);
    if (this.#claims.has(claimKey(namespace, name))) throw alreadyExists(CLAIMS, name);
    const spec = objectAt(claim, "spec");
    const errors: StatusCause[] = [];
    const modes = Array.isArray(spec.accessModes) ? spec.accessModes : [];
    if (modes.length === 0)
      errors.push(fieldError.required("spec.accessModes", "at least 1 access mode is required"));
    for (const mode of modes)
      if (typeof mode !== "string" || !ACCESS_MODES.includes(mode))
        errors.push(fieldError.unsupported("spec.accessModes", mode, ACCESS_MODES));
    if (parseQuantity(requestOf(claim)) === undefined)
      errors.push(fieldError.required("spec.resources[storage]"));
    if (errors.length > 0) throw invalid(CLAIMS, name, errors);
    // The DefaultStorageClass admission plugin: an absent class (not "") means the default one.
    if (spec.storageClassName === undefined || spec.storageClassName === null) {
      const fallback = this.options.classes.find((c) => c.isDefault);
      if (fallback) spec.storageClassName = fallback.name;
    }
    spec.volumeMode ??= "Filesystem";
    Object.assign(meta, serverMetadata(this.options.versions, this.options.now(), namespace));
    meta.finalizers = ["kubernetes.io/pvc-protection"];
    claim.apiVersion = "v1";
    claim.kind = "PersistentVolumeClaim";
    claim.status = { phase: "Pending" };
    this.#claims.set(claimKey(namespace, name), claim);
    this.reconcile();
    return clone(this.#claims.get(claimKey(namespace, name)) ?? claim);
  }

  patchClaim(namespace: string, name: string, type: PatchType, patch: JsonValue): JsonObject {
    const claim = this.#claims.get(claimKey(namespace, name));
    if (!claim) throw notFound(CLAIMS, name);
    const next = patched(CLAIMS, name, claim, type, patch);
    const oldSpec = objectOf(claim.spec) ?? {};
    const newSpec = objectOf(next.spec) ?? {};
    const bound = stringAt(objectOf(claim.status), "phase") === "Bound";
    const withoutRequests = (spec: JsonObject): JsonObject => {
      const copy = clone(spec);
      delete copy.volumeAttributesClassName;
      const resources = objectOf(copy.resources);
      if (resources) delete resources.requests;
      return copy;
    };
    const requestsChanged = !jsonEqual(
      objectOf(oldSpec.resources)?.requests,
      objectOf(newSpec.resources)?.requests,
    );
    if (!jsonEqual(withoutRequests(oldSpec), withoutRequests(newSpec)) || (!bound && requestsChanged)) {
      throw invalid(CLAIMS, name, [
        fieldError.forbidden(
          "spec",
          "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims",
        ),
      ]);
    }
    if (requestsChanged) this.#resize(claim, next, name);
    if (jsonEqual(next, claim)) return clone(claim);
    metadataOf(next).resourceVersion = this.options.versions.next();
    this.#claims.set(claimKey(namespace, name), next);
    this.reconcile();
    return clone(this.#claims.get(claimKey(namespace, name)) ?? next);
  }

  #resize(claim: JsonObject, next: JsonObject, name: string): void {
    const size = parseQuantity(requestOf(next));
    const capacity = parseQuantity(objectOf(objectOf(claim.status)?.capacity)?.storage);
    if (size === undefined)
      throw invalid(CLAIMS, name, [fieldError.required("spec.resources.requests.storage")]);
    if (capacity !== undefined && size < capacity)
      throw invalid(CLAIMS, name, [
        fieldError.forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"),
      ]);
    const volume = this.#volumes.get(stringAt(objectOf(claim.spec), "volumeName") ?? "");
    const className = stringAt(objectOf(claim.spec), "storageClassName") ?? "";
    const fixture = this.options.classes.find((c) => c.name === className);
    const dynamic =
      volume !== undefined && metadataOf(volume).annotations !== undefined && this.#dynamic(volume);
    if (capacity !== undefined && size > capacity && (!dynamic || !fixture?.allowVolumeExpansion)) {
      throw forbiddenByAdmission(
        CLAIMS,
        name,
        "only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize",
      );
    }
    if (volume && capacity !== undefined && size > capacity) {
      // The CSI resizer and the kubelet finish at once here.
      const storage = requestOf(next);
      objectAt(objectAt(volume, "spec"), "capacity").storage = storage ?? null;
      metadataOf(volume).resourceVersion = this.options.versions.next();
      objectAt(objectAt(next, "status"), "capacity").storage = storage ?? null;
    }
  }

  deleteClaim(namespace: string, name: string): JsonObject | KubeStatus {
    const key = claimKey(namespace, name);
    const claim = this.#claims.get(key);
    if (!claim) throw notFound(CLAIMS, name);
    const meta = metadataOf(claim);
    if (this.options.claimInUse(namespace, name)) {
      if (meta.deletionTimestamp === undefined) {
        meta.deletionTimestamp = timestamp(this.options.now());
        meta.deletionGracePeriodSeconds = 0;
        meta.resourceVersion = this.options.versions.next();
      }
      return clone(claim);
    }
    this.#claims.delete(key);
    this.#consumed.delete(key);
    this.reconcile();
    return deleted(CLAIMS, name, stringAt(meta, "uid") ?? "");
  }

  // ---- volumes ---------------------------------------------------------------------------------

  getVolume(name: string): JsonObject {
    const volume = this.#volumes.get(name);
    if (!volume) throw notFound(VOLUMES, name);
    return clone(volume);
  }

  listVolumes(): JsonObject[] {
    return [...this.#volumes.values()].map((v) => clone(v));
  }

  createVolume(body: JsonValue): JsonObject {
    if (!isObject(body)) throw badRequest("the request body is not a JSON object");
    const volume = clone(body);
    const meta = metadataOf(volume);
    const name = checkName(VOLUMES, meta);
    if (meta.namespace !== undefined && meta.namespace !== "") {
      throw badRequest(
        "the namespace of the provided object does not match the namespace sent on the request",
      );
    }
    delete meta.namespace;
    if (this.#volumes.has(name)) throw alreadyExists(VOLUMES, name);
    const spec = objectAt(volume, "spec");
    const errors: StatusCause[] = [];
    if (parseQuantity(objectOf(spec.capacity)?.storage) === undefined)
      errors.push(fieldError.required("spec.capacity"));
    const modes = Array.isArray(spec.accessModes) ? spec.accessModes : [];
    if (modes.length === 0) errors.push(fieldError.required("spec.accessModes"));
    const sources = PV_SOURCES.filter((s) => spec[s] !== undefined && spec[s] !== null);
    if (sources.length === 0) errors.push(fieldError.required("spec", "must specify a volume type"));
    for (const extra of sources.slice(1))
      errors.push(fieldError.forbidden(`spec.${extra}`, "may not specify more than 1 volume type"));
    const hostPath = objectOf(spec.hostPath);
    if (hostPath && !(typeof hostPath.path === "string" && hostPath.path.startsWith("/")))
      errors.push(fieldError.invalid("spec.hostPath.path", hostPath.path ?? "", "must be an absolute path"));
    const nfs = objectOf(spec.nfs);
    if (nfs && (typeof nfs.server !== "string" || nfs.server === ""))
      errors.push(fieldError.required("spec.nfs.server"));
    if (nfs && !(typeof nfs.path === "string" && nfs.path.startsWith("/")))
      errors.push(fieldError.invalid("spec.nfs.path", nfs.path ?? "", "must be an absolute path"));
    const policy = spec.persistentVolumeReclaimPolicy ?? "Retain";
    if (typeof policy !== "string" || !["Retain", "Delete", "Recycle"].includes(policy))
      errors.push(
        fieldError.unsupported("spec.persistentVolumeReclaimPolicy", policy, ["Delete", "Recycle", "Retain"]),
      );
    if (errors.length > 0) throw invalid(VOLUMES, name, errors);
    spec.persistentVolumeReclaimPolicy = policy;
    spec.volumeMode ??= "Filesystem";
    Object.assign(meta, serverMetadata(this.options.versions, this.options.now(), undefined));
    meta.finalizers = ["kubernetes.io/pv-protection"];
    volume.apiVersion = "v1";
    volume.kind = "PersistentVolume";
    volume.status = { phase: "Available" };
    this.#volumes.set(name, volume);
    this.reconcile();
    return clone(this.#volumes.get(name) ?? volume);
  }

  patchVolume(name: string, type: PatchType, patch: JsonValue): JsonObject {
    const volume = this.#volumes.get(name);
    if (!volume) throw notFound(VOLUMES, name);
    const next = patched(VOLUMES, name, volume, type, patch);
    const oldSpec = objectOf(volume.spec) ?? {};
    const newSpec = objectOf(next.spec) ?? {};
    if (PV_SOURCES.some((s) => !jsonEqual(oldSpec[s], newSpec[s]))) {
      throw invalid(VOLUMES, name, [
        fieldError.forbidden(
          "spec.persistentvolumesource",
          "spec.persistentvolumesource is immutable after creation",
        ),
      ]);
    }
    if (jsonEqual(next, volume)) return clone(volume);
    metadataOf(next).resourceVersion = this.options.versions.next();
    this.#volumes.set(name, next);
    this.reconcile();
    return clone(this.#volumes.get(name) ?? next);
  }

  deleteVolume(name: string): JsonObject | KubeStatus {
    const volume = this.#volumes.get(name);
    if (!volume) throw notFound(VOLUMES, name);
    const meta = metadataOf(volume);
    if (stringAt(objectOf(volume.status), "phase") === "Bound") {
      if (meta.deletionTimestamp === undefined) {
        meta.deletionTimestamp = timestamp(this.options.now());
        meta.deletionGracePeriodSeconds = 0;
        meta.resourceVersion = this.options.versions.next();
      }
      return clone(volume);
    }
    this.#volumes.delete(name);
    return deleted(VOLUMES, name, stringAt(meta, "uid") ?? "");
  }

  // ---- pods' view ------------------------------------------------------------------------------

  /**
   * A pod that mounts the claim is being scheduled: WaitForFirstConsumer provisions now. Returns
   * the claim's host directory, or why the pod cannot start (Unschedulable / FailedMount).
   */
  mountClaim(namespace: string, name: string): VolumeMountSource {
    const key = claimKey(namespace, name);
    const claim = this.#claims.get(key);
    if (!claim) return { ok: false, message: `persistentvolumeclaim "${name}" not found` };
    if (metadataOf(claim).deletionTimestamp !== undefined)
      return { ok: false, message: `persistentvolumeclaim "${name}" is being deleted` };
    this.#consumed.add(key);
    this.reconcile();
    const current = this.#claims.get(key);
    const volume = this.#volumes.get(stringAt(objectOf(current?.spec), "volumeName") ?? "");
    if (stringAt(objectOf(current?.status), "phase") !== "Bound" || !volume)
      return { ok: false, message: "pod has unbound immediate PersistentVolumeClaims" };
    return this.volumeSource(volume);
  }

  /** Where a PV's data lives on this host, or why it cannot be mounted. */
  volumeSource(volume: JsonObject): VolumeMountSource {
    const name = stringAt(metadataOf(volume), "name") ?? "";
    const spec = objectOf(volume.spec) ?? {};
    if (this.#dynamic(volume)) {
      const dir = join(this.options.stateDir, "volumes", name);
      mkdirSync(dir, { recursive: true });
      return { ok: true, hostDir: dir };
    }
    const hostPath = objectOf(spec.hostPath) ?? objectOf(spec.local);
    if (hostPath) return this.hostPathSource(name, hostPath);
    const nfs = objectOf(spec.nfs);
    if (nfs) return this.nfsSource(name, nfs);
    return {
      ok: false,
      message: `MountVolume.SetUp failed for volume "${name}" : unsupported volume source`,
    };
  }

  /**
   * A hostPath volume: `type: Directory` must exist; `DirectoryOrCreate` (and no type) makes it;
   * `CharDevice` is the host's real device when allowed (HOST_DEVICES) and a character device.
   */
  hostPathSource(volume: string, hostPath: JsonObject): VolumeMountSource {
    const path = stringAt(hostPath, "path") ?? "/";
    const type = stringAt(hostPath, "type") ?? "";
    if (type === "CharDevice" || type === "BlockDevice") return deviceSource(volume, path, type);
    const dir = this.hostPathDir(path);
    if (type === "Directory") {
      if (!isDirectory(dir))
        return {
          ok: false,
          message: `MountVolume.SetUp failed for volume "${volume}" : hostPath type check failed: ${path} is not a directory`,
        };
    } else {
      mkdirSync(dir, { recursive: true });
    }
    return { ok: true, hostDir: dir };
  }

  /** An NFS export: a directory per `server:path`, unless the server is down. */
  nfsSource(volume: string, nfs: JsonObject): VolumeMountSource {
    const server = stringAt(nfs, "server") ?? "";
    if (this.#downNfs.has(server))
      return {
        ok: false,
        message: `MountVolume.SetUp failed for volume "${volume}" : mount failed: exit status 32\nmount.nfs: Connection timed out`,
      };
    const dir = join(
      this.options.stateDir,
      "nfs",
      server,
      posix.normalize(`/${stringAt(nfs, "path") ?? ""}`),
    );
    mkdirSync(dir, { recursive: true });
    return { ok: true, hostDir: dir };
  }

  /** The host directory behind a hostPath path. */
  hostPathDir(path: string): string {
    return join(this.options.hostPathRoot, posix.normalize(`/${path}`));
  }

  /** The host directory of a PV's data (dynamic, hostPath or NFS); undefined if unknown. */
  volumeDir(name: string): string | undefined {
    const volume = this.#volumes.get(name);
    if (!volume) return undefined;
    if (this.#dynamic(volume)) return join(this.options.stateDir, "volumes", name);
    const spec = objectOf(volume.spec) ?? {};
    const hostPath = objectOf(spec.hostPath) ?? objectOf(spec.local);
    if (hostPath) return this.hostPathDir(stringAt(hostPath, "path") ?? "/");
    const nfs = objectOf(spec.nfs);
    if (nfs)
      return join(
        this.options.stateDir,
        "nfs",
        stringAt(nfs, "server") ?? "",
        posix.normalize(`/${stringAt(nfs, "path") ?? ""}`),
      );
    return undefined;
  }

  // ---- faults ----------------------------------------------------------------------------------

  /** The claim answers Pending to its next `reads` GETs before it may bind. */
  holdPending(namespace: string, name: string, reads: number): void {
    this.#heldPending.set(claimKey(namespace, name), reads);
  }

  setNfsReachable(server: string, reachable: boolean): void {
    if (reachable) this.#downNfs.delete(server);
    else this.#downNfs.add(server);
  }

  /** Sets a claim's or volume's phase (Lost, Failed) as a controller would after a failure. */
  setPhase(kind: "claim" | "volume", key: string, phase: string, message?: string): void {
    const object = kind === "claim" ? this.#claims.get(key) : this.#volumes.get(key);
    if (!object) throw new Error(`no ${kind} ${key}`);
    object.status = { ...(objectOf(object.status) ?? {}), phase, ...(message ? { message } : {}) };
    metadataOf(object).resourceVersion = this.options.versions.next();
  }

  // ---- the controllers -------------------------------------------------------------------------

  /** Binds what can bind, releases and reclaims what lost its claim, and finishes deletions. */
  reconcile(): void {
    for (const [key, claim] of this.#claims) {
      if (metadataOf(claim).deletionTimestamp === undefined) continue;
      const [namespace = "", name = ""] = key.split("/");
      if (!this.options.claimInUse(namespace, name)) {
        this.#claims.delete(key);
        this.#consumed.delete(key);
      }
    }
    for (const [name, volume] of this.#volumes) this.#release(name, volume);
    for (const [key, claim] of this.#claims) {
      if (metadataOf(claim).deletionTimestamp !== undefined || this.#heldPending.has(key)) continue;
      if (stringAt(objectOf(claim.status), "phase") === "Pending") this.#bind(key, claim);
    }
  }

  #bind(key: string, claim: JsonObject): void {
    const spec = objectOf(claim.spec) ?? {};
    const className = stringAt(spec, "storageClassName") ?? "";
    const wanted = stringAt(spec, "volumeName");
    if (wanted) {
      const volume = this.#volumes.get(wanted);
      if (volume && this.#fits(volume, claim, className)) this.#bindTo(volume, claim, false);
      return;
    }
    const candidates = [...this.#volumes.values()]
      .filter((v) => this.#fits(v, claim, className))
      .sort((a, b) => capacityOf(a) - capacityOf(b));
    const reserved = candidates.find((v) => objectOf(objectOf(v.spec)?.claimRef) !== undefined);
    const volume = reserved ?? candidates[0];
    if (volume) {
      this.#bindTo(volume, claim, true);
      return;
    }
    const fixture = this.options.classes.find((c) => c.name === className);
    if (!fixture) return; // class "" with no volume, or an unknown class: Pending
    if (fixture.volumeBindingMode === "WaitForFirstConsumer" && !this.#consumed.has(key)) return;
    const modes = Array.isArray(spec.accessModes) ? spec.accessModes : [];
    if (!modes.every((m) => typeof m === "string" && fixture.accessModes.includes(m))) return;
    this.#bindTo(this.#provision(claim, fixture), claim, true);
  }

  /** A volume may take the claim: available (or reserved for it), same class, big enough, the modes. */
  #fits(volume: JsonObject, claim: JsonObject, className: string): boolean {
    const spec = objectOf(volume.spec) ?? {};
    const meta = metadataOf(claim);
    if (metadataOf(volume).deletionTimestamp !== undefined) return false;
    if (stringAt(objectOf(volume.status), "phase") !== "Available") return false;
    const ref = objectOf(spec.claimRef);
    if (ref) {
      if (stringAt(ref, "name") !== meta.name || stringAt(ref, "namespace") !== meta.namespace) return false;
      const uid = stringAt(ref, "uid");
      if (uid !== undefined && uid !== meta.uid) return false;
    }
    if ((stringAt(spec, "storageClassName") ?? "") !== className) return false;
    if (capacityOf(volume) < (parseQuantity(requestOf(claim)) ?? 0)) return false;
    const modes = Array.isArray(spec.accessModes) ? spec.accessModes : [];
    const wanted = Array.isArray(objectOf(claim.spec)?.accessModes)
      ? (objectOf(claim.spec)?.accessModes as JsonValue[])
      : [];
    return wanted.every((m) => modes.includes(m));
  }

  #bindTo(volume: JsonObject, claim: JsonObject, byController: boolean): void {
    const claimMeta = metadataOf(claim);
    const volumeSpec = objectAt(volume, "spec");
    volumeSpec.claimRef = {
      kind: "PersistentVolumeClaim",
      namespace: claimMeta.namespace ?? null,
      name: claimMeta.name ?? null,
      uid: claimMeta.uid ?? null,
      apiVersion: "v1",
      resourceVersion: claimMeta.resourceVersion ?? null,
    };
    volume.status = { phase: "Bound" };
    const volumeMeta = metadataOf(volume);
    objectAt(volumeMeta, "annotations")["pv.kubernetes.io/bound-by-controller"] = "yes";
    volumeMeta.resourceVersion = this.options.versions.next();
    const claimSpec = objectAt(claim, "spec");
    claimSpec.volumeName = volumeMeta.name ?? null;
    const annotations = objectAt(claimMeta, "annotations");
    annotations["pv.kubernetes.io/bind-completed"] = "yes";
    if (byController) annotations["pv.kubernetes.io/bound-by-controller"] = "yes";
    claim.status = {
      phase: "Bound",
      accessModes: clone(volumeSpec.accessModes ?? []),
      capacity: { storage: objectOf(volumeSpec.capacity)?.storage ?? null },
    };
    claimMeta.resourceVersion = this.options.versions.next();
  }

  #provision(claim: JsonObject, fixture: StorageClassFixture): JsonObject {
    const meta = metadataOf(claim);
    const name = `pvc-${stringAt(meta, "uid") ?? ""}`;
    const spec = objectOf(claim.spec) ?? {};
    const source: JsonObject =
      fixture.provisioner === "rancher.io/local-path"
        ? {
            hostPath: {
              path: `/var/lib/rancher/k3s/storage/${name}_${stringAt(meta, "namespace")}_${stringAt(meta, "name")}`,
              type: "DirectoryOrCreate",
            },
          }
        : { csi: { driver: fixture.provisioner, volumeHandle: `${name}`, fsType: "ext4" } };
    const volume: JsonObject = {
      apiVersion: "v1",
      kind: "PersistentVolume",
      metadata: {
        name,
        annotations: { [PROVISIONED_BY]: fixture.provisioner },
        finalizers: ["kubernetes.io/pv-protection"],
        ...serverMetadata(this.options.versions, this.options.now(), undefined),
      },
      spec: {
        capacity: { storage: requestOf(claim) ?? "1Gi" },
        accessModes: clone(spec.accessModes ?? []),
        persistentVolumeReclaimPolicy: fixture.reclaimPolicy,
        storageClassName: fixture.name,
        volumeMode: "Filesystem",
        ...source,
      },
      status: { phase: "Available" },
    };
    mkdirSync(join(this.options.stateDir, "volumes", name), { recursive: true });
    this.#volumes.set(name, volume);
    objectAt(metadataOf(claim), "annotations")["volume.kubernetes.io/storage-provisioner"] =
      fixture.provisioner;
    return volume;
  }

  /** A bound volume whose claim is gone: Released (Retain), deleted with its data (Delete). */
  #release(name: string, volume: JsonObject): void {
    const spec = objectAt(volume, "spec");
    const status = objectOf(volume.status) ?? {};
    const phase = stringAt(status, "phase");
    const ref = objectOf(spec.claimRef);
    const meta = metadataOf(volume);
    const claim =
      ref && this.#claims.get(claimKey(stringAt(ref, "namespace") ?? "", stringAt(ref, "name") ?? ""));
    const claimAlive = claim !== undefined && metadataOf(claim).uid === stringAt(ref, "uid");
    if (phase === "Bound" && !claimAlive) {
      const policy = stringAt(spec, "persistentVolumeReclaimPolicy");
      if (policy === "Delete" && this.#dynamic(volume)) {
        rmSync(join(this.options.stateDir, "volumes", name), { recursive: true, force: true });
        this.#volumes.delete(name);
        return;
      }
      volume.status =
        policy === "Delete"
          ? {
              phase: "Failed",
              message: `host_path deleter only supports /tmp/.+ but received provided ${name}`,
            }
          : { phase: "Released" };
      meta.resourceVersion = this.options.versions.next();
    } else if (phase === "Released" && (!ref || stringAt(ref, "uid") === undefined)) {
      volume.status = { phase: "Available" };
      meta.resourceVersion = this.options.versions.next();
    }
    if (meta.deletionTimestamp !== undefined && stringAt(objectOf(volume.status), "phase") !== "Bound")
      this.#volumes.delete(name);
  }

  #dynamic(volume: JsonObject): boolean {
    return stringAt(objectOf(metadataOf(volume).annotations), PROVISIONED_BY) !== undefined;
  }
}

const claimKey = (namespace: string, name: string): string => `${namespace}/${name}`;

const requestOf = (claim: JsonObject): string | undefined => {
  const value = objectOf(objectOf(objectOf(claim.spec)?.resources)?.requests)?.storage;
  return typeof value === "string" ? value : typeof value === "number" ? String(value) : undefined;
};

const capacityOf = (volume: JsonObject): number =>
  parseQuantity(objectOf(objectOf(volume.spec)?.capacity)?.storage) ?? 0;

function checkName(type: ResourceType, meta: JsonObject): string {
  const name = meta.name;
  if (typeof name !== "string" || name === "")
    throw invalid(type, "", [fieldError.required("metadata.name", "name or generateName is required")]);
  if (!NAME.test(name) || name.length > 253)
    throw invalid(type, name, [
      fieldError.invalid(
        "metadata.name",
        name,
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      ),
    ]);
  return name;
}

function checkNamespace(meta: JsonObject, namespace: string): void {
  if (meta.namespace !== undefined && meta.namespace !== namespace)
    throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
}

/**
 * A patch applied to an object: a stale `metadata.resourceVersion` in it is a 409; the server's
 * metadata and the status stay the server's.
 */
export function patched(
  type: ResourceType,
  name: string,
  object: JsonObject,
  patchType: PatchType,
  patch: JsonValue,
): JsonObject {
  let next: JsonValue;
  try {
    next = applyPatch(patchType, object, patch);
  } catch (error) {
    if (error instanceof PatchError)
      throw invalid(type, name, [{ reason: "FieldValueInvalid", message: error.message, field: "" }]);
    throw error;
  }
  if (!isObject(next)) throw badRequest("the patch does not leave an object");
  const version = stringAt(objectOf(next.metadata), "resourceVersion");
  if (version !== undefined && version !== stringAt(metadataOf(object), "resourceVersion"))
    throw conflict(type, name);
  keepServerFields(object, next);
  return next;
}

/** A hostPath `CharDevice` (or `BlockDevice`, never allowed here): the host's own node, checked as the kubelet does. */
function deviceSource(volume: string, path: string, type: "CharDevice" | "BlockDevice"): VolumeMountSource {
  const normalized = posix.normalize(`/${path}`);
  const isDevice = (() => {
    if (type === "BlockDevice" || !HOST_DEVICES.includes(normalized)) return false;
    try {
      return statSync(normalized).isCharacterDevice();
    } catch {
      return false;
    }
  })();
  if (!isDevice)
    return {
      ok: false,
      message: `MountVolume.SetUp failed for volume "${volume}" : hostPath type check failed: ${path} is not a ${
        type === "CharDevice" ? "character" : "block"
      } device`,
    };
  return { ok: true, hostDir: normalized, device: true };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
