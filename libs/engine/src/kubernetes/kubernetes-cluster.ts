import { randomUUID } from "node:crypto";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { PodPlacement, PodScheduler } from "../events/pod-scheduler";
import type { Model } from "../model/model";
import type { Mount } from "../pebble-server/container-filesystem";
import {
  clone,
  isObject,
  type JsonObject,
  type JsonValue,
  jsonEqual,
  objectOf,
  stringAt,
} from "./json-value";
import { type KubeTls, makeKubeTls } from "./kube-tls";
import { metadataOf, ResourceVersions, serverMetadata, timestamp } from "./object-meta";
import type { PatchType } from "./patch-types";
import { PersistentStorage, type PersistentStorageSnapshot, patched } from "./persistent-volumes";
import { type PodProblem, podObject } from "./pod-objects";
import { SERVICE_ACCOUNT_DIR, type ServiceAccount, ServiceAccounts } from "./service-accounts";
import {
  CHARM_DATA_VOLUME,
  jujuStatefulSet,
  statefulSetUpdateErrors,
  storageVolumeName,
  templateRevision,
} from "./stateful-set";
import { invalid, NAMESPACES, notFound, PODS, STATEFUL_SETS, STORAGE_CLASSES } from "./status-objects";
import { DEFAULT_STORAGE_CLASSES, type StorageClassFixture, storageClassObject } from "./storage-classes";

export interface KubernetesClusterOptions {
  model: Model;
  /** Volumes, NFS exports, TLS files, service-account files and emptyDirs live below it. */
  stateDir: string;
  /** Where hostPath paths are on this host (`/srv/media` → `<root>/srv/media`). Default `<stateDir>/host`. */
  hostPathRoot?: string;
  storageClasses?: readonly StorageClassFixture[];
  /** Names the server certificate holds (IP SANs for addresses). Default 127.0.0.1. */
  serverNames?: readonly string[];
  /** A ready-made certificate chain (tests); made with openssl in `<stateDir>/tls` otherwise. */
  tls?: KubeTls;
  /** Told of each service-account token as it is made (the leak scanner learns them). */
  onToken?: (account: ServiceAccount) => void;
}

/**
 * The cluster's objects as plain data, for a controller restart: StatefulSets (templates,
 * revisions, rollouts), claims and volumes, the resourceVersion counter. Pods are not kept:
 * after a restart every pod is new. Service-account tokens are made anew.
 */
export interface KubernetesClusterSnapshot {
  resourceVersion: number;
  statefulSets: [string, StatefulSetRecord][];
  storage: PersistentStorageSnapshot;
}

interface StatefulSetRecord {
  object: JsonObject;
  updateRevision: string;
  currentRevision: string;
  /** Units still to recreate in the current rollout, highest ordinal first. */
  rollout: string[];
  /** The unit being recreated now. */
  restarting: string | undefined;
}

interface PodRecord {
  uid: string;
  created: string;
  template: JsonObject;
  revision: string;
  /** Claims its volumes use, as `<namespace>/<name>`. */
  claims: string[];
  problem?: PodProblem;
}

/**
 * The cluster behind the engine's Kubernetes API: each application's StatefulSet as Juju makes
 * it, pods that follow the units (and a pod-template change that recreates them), claims and
 * volumes, storage classes, service accounts. It is also the unit agents' PodScheduler: a pod
 * starts only when its template's volumes can be mounted.
 */
export class KubernetesCluster implements PodScheduler {
  readonly model: Model;
  readonly namespace: string;
  #tls: KubeTls | undefined;
  readonly #serverNames: string[];
  readonly #tlsDir: string;
  readonly storage: PersistentStorage;
  readonly serviceAccounts: ServiceAccounts;
  readonly #versions = new ResourceVersions();
  readonly #statefulSets = new Map<string, StatefulSetRecord>();
  readonly #pods = new Map<string, PodRecord>();
  readonly #classes: readonly StorageClassFixture[];
  readonly #classUids = new Map<string, string>();
  readonly #stateDir: string;
  readonly #created: string;
  /** By app: the hook of its that started last and still runs. */
  readonly #hooks = new Map<string, { unit: string; hook: string; run: number }>();
  #terminating: ((unit: string) => void) | undefined;
  #hookRuns = 0;

  /** The CA and the server certificate, made with openssl on first use. */
  get tls(): KubeTls {
    this.#tls ??= makeKubeTls(this.#tlsDir, this.#serverNames);
    return this.#tls;
  }

  /**
   * One more address the server is reached at (the Service address pods use): only before the
   * certificate is made, since it names them all.
   */
  addServerName(name: string): void {
    if (this.#tls) throw new Error(`the API server's certificate is made: ${name} comes too late`);
    if (!this.#serverNames.includes(name)) this.#serverNames.push(name);
  }

  constructor(options: KubernetesClusterOptions) {
    this.model = options.model;
    this.namespace = options.model.name;
    this.#stateDir = options.stateDir;
    this.#classes = options.storageClasses ?? DEFAULT_STORAGE_CLASSES;
    this.#created = timestamp(this.model.now());
    mkdirSync(this.#stateDir, { recursive: true });
    this.#tls = options.tls;
    this.#serverNames = [...(options.serverNames ?? ["127.0.0.1"])];
    this.#tlsDir = join(this.#stateDir, "tls");
    this.serviceAccounts = new ServiceAccounts(
      join(this.#stateDir, "serviceaccounts"),
      this.namespace,
      () => this.tls.caCert,
      options.onToken,
    );
    this.storage = new PersistentStorage({
      versions: this.#versions,
      now: () => this.model.now(),
      stateDir: this.#stateDir,
      hostPathRoot: options.hostPathRoot ?? join(this.#stateDir, "host"),
      classes: this.#classes,
      claimInUse: (namespace, name) =>
        [...this.#pods.values()].some((pod) => !pod.problem && pod.claims.includes(`${namespace}/${name}`)),
    });
  }

  snapshot(): KubernetesClusterSnapshot {
    return {
      resourceVersion: this.#versions.last,
      statefulSets: [...this.#statefulSets].map(([app, record]) => [app, structuredClone(record)]),
      storage: this.storage.snapshot(),
    };
  }

  /** Takes back the objects of `snapshot()`, before any pod starts. */
  restore(snapshot: KubernetesClusterSnapshot): void {
    this.#versions.last = snapshot.resourceVersion;
    this.#statefulSets.clear();
    for (const [app, record] of snapshot.statefulSets) {
      // A rollout under way when the controller stopped is over: every pod is recreated anyway.
      this.#statefulSets.set(app, { ...structuredClone(record), rollout: [], restarting: undefined });
    }
    this.storage.restore(snapshot.storage);
  }

  // ---- objects -----------------------------------------------------------------------------

  /** The app's StatefulSet with its status now; 404 when the app is not deployed. */
  getStatefulSet(namespace: string, name: string): JsonObject {
    const record = namespace === this.namespace ? this.#statefulSet(name) : undefined;
    if (!record) throw notFound(STATEFUL_SETS, name);
    return this.#statefulSetView(name, record);
  }

  listStatefulSets(namespace: string): JsonObject[] {
    if (namespace !== this.namespace) return [];
    return [...this.model.state.apps.keys()].map((app) => this.getStatefulSet(namespace, app));
  }

  /**
   * A patch of the app's StatefulSet: 422 for what Kubernetes refuses, nothing at all for an
   * identical patch, a new generation for a spec change and a rollout for a template change.
   */
  patchStatefulSet(namespace: string, name: string, type: PatchType, patch: JsonValue): JsonObject {
    const record = namespace === this.namespace ? this.#statefulSet(name) : undefined;
    if (!record) throw notFound(STATEFUL_SETS, name);
    const current = record.object;
    const next = patched(STATEFUL_SETS, name, current, type, patch);
    delete next.status;
    const errors = statefulSetUpdateErrors(current, next);
    if (errors.length > 0) throw invalid(STATEFUL_SETS, name, errors);
    if (jsonEqual(next, current)) return this.#statefulSetView(name, record);
    const meta = metadataOf(next);
    meta.resourceVersion = this.#versions.next();
    if (!jsonEqual(next.spec, current.spec)) meta.generation = Number(meta.generation ?? 1) + 1;
    record.object = next;
    const template = objectOf(next.spec)?.template;
    if (!jsonEqual(template, objectOf(current.spec)?.template)) {
      record.updateRevision = templateRevision(name, template);
      // The controller recreates pods from the highest ordinal down, one at a time.
      record.rollout = this.model
        .units(name)
        .filter((unit) => this.#pods.get(unit)?.revision !== record.updateRevision)
        .sort((a, b) => ordinal(b) - ordinal(a));
      record.restarting = undefined;
      const first = record.rollout[0];
      if (first !== undefined) this.#terminating?.(first);
    }
    return this.#statefulSetView(name, record);
  }

  getPod(namespace: string, name: string): JsonObject {
    const unit = namespace === this.namespace ? this.#unitOfPod(name) : undefined;
    if (!unit) throw notFound(PODS, name);
    return this.#podView(unit);
  }

  listPods(namespace: string): JsonObject[] {
    if (namespace !== this.namespace) return [];
    return [...this.model.state.units.keys()].map((unit) => this.#podView(unit));
  }

  getNamespace(name: string): JsonObject {
    if (name !== this.namespace) throw notFound(NAMESPACES, name);
    return {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name,
        uid: this.model.uuid,
        resourceVersion: "1",
        creationTimestamp: this.#created,
        labels: {
          "kubernetes.io/metadata.name": name,
          "app.kubernetes.io/managed-by": "juju",
          "model.juju.is/name": name,
        },
      },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Active" },
    };
  }

  getStorageClass(name: string): JsonObject {
    const fixture = this.#classes.find((c) => c.name === name);
    if (!fixture) throw notFound(STORAGE_CLASSES, name);
    return this.#storageClass(fixture);
  }

  listStorageClasses(): JsonObject[] {
    return this.#classes.map((fixture) => this.#storageClass(fixture));
  }

  #storageClass(fixture: StorageClassFixture): JsonObject {
    let uid = this.#classUids.get(fixture.name);
    if (!uid) {
      uid = randomUUID();
      this.#classUids.set(fixture.name, uid);
    }
    return storageClassObject(fixture, uid, this.#created);
  }

  // ---- test views --------------------------------------------------------------------------

  /** Host directory of a PV's data (dynamic under the state dir, hostPath under its root, NFS by server:path). */
  volumeDir(name: string): string | undefined {
    return this.storage.volumeDir(name);
  }

  /** Host directory of the volume bound to a claim. */
  claimDir(name: string, namespace = this.namespace): string | undefined {
    const claim = this.storage.peekClaim(namespace, name);
    const volume = stringAt(objectOf(claim?.spec), "volumeName");
    return volume === undefined ? undefined : this.storage.volumeDir(volume);
  }

  /** The host directory behind a hostPath path (make it to satisfy `type: Directory`). */
  hostPathDir(path: string): string {
    return this.storage.hostPathDir(path);
  }

  // ---- PodScheduler --------------------------------------------------------------------------

  serviceAccountDir(app: string): string | undefined {
    return this.model.state.apps.has(app) ? this.serviceAccounts.of(app).dir : undefined;
  }

  schedule(unit: string): PodPlacement {
    const app = this.model.unit(unit).app;
    const record = this.#statefulSet(app);
    if (!record) return { ok: true, mounts: {} };
    const placement = this.#place(unit, record);
    if (!placement.ok) {
      const pod = this.#pods.get(unit);
      const problem = { reason: placement.reason, message: placement.message } as PodProblem;
      this.#pods.set(unit, {
        uid: pod?.uid ?? randomUUID(),
        created: pod?.created ?? timestamp(this.model.now()),
        template: clone(objectOf(objectOf(record.object.spec)?.template) ?? {}),
        revision: record.updateRevision,
        claims: [],
        problem,
      });
    }
    if (!placement.ok) return placement;
    return Object.keys(placement.capabilities).length > 0
      ? { ok: true, mounts: placement.mounts, capabilities: placement.capabilities }
      : { ok: true, mounts: placement.mounts };
  }

  podStarted(unit: string): void {
    const app = this.model.unit(unit).app;
    const record = this.#statefulSet(app);
    if (!record) return;
    const placement = this.#place(unit, record);
    this.#pods.set(unit, {
      uid: randomUUID(),
      created: timestamp(this.model.now()),
      template: clone(objectOf(objectOf(record.object.spec)?.template) ?? {}),
      revision: record.updateRevision,
      claims: placement.ok ? placement.claims : [],
    });
    if (record.restarting === unit) record.restarting = undefined;
    this.#updateCurrentRevision(app, record);
  }

  podStopped(unit: string): void {
    const pod = this.#pods.get(unit);
    this.#pods.delete(unit);
    if (pod?.claims.length) this.storage.reconcile();
    rmSync(join(this.#stateDir, "empty-dirs", unit.replace("/", "-")), { recursive: true, force: true });
  }

  takeRestarts(): string[] {
    const restarts: string[] = [];
    for (const [app, record] of this.#statefulSets) {
      if (!this.model.state.apps.has(app) || record.restarting !== undefined) continue;
      // A unit whose pod is not running starts with the new template anyway: no churn for it.
      let next = record.rollout.shift();
      while (next !== undefined && (!this.model.state.units.has(next) || this.#pods.get(next)?.problem))
        next = record.rollout.shift();
      if (next === undefined) continue;
      record.restarting = next;
      restarts.push(next);
    }
    return restarts;
  }

  restartSkipped(unit: string): void {
    const record = this.#statefulSets.get(this.model.unit(unit).app);
    if (record?.restarting === unit) record.restarting = undefined;
  }

  onTerminating(listener: (unit: string) => void): void {
    this.#terminating = listener;
  }

  hookRunning(unit: string, hook: string | undefined): void {
    const app = unit.slice(0, unit.lastIndexOf("/"));
    if (hook !== undefined) this.#hooks.set(app, { unit, hook, run: ++this.#hookRuns });
    else if (this.#hooks.get(app)?.unit === unit) this.#hooks.delete(app);
  }

  /** The hook of `app` running now, if any: its unit, name and a number counting hook runs. */
  runningHook(app: string): { unit: string; hook: string; run: number } | undefined {
    const hook = this.#hooks.get(app);
    return hook && { ...hook };
  }

  // ---- internals -----------------------------------------------------------------------------

  #statefulSet(app: string): StatefulSetRecord | undefined {
    const model = this.model;
    const appRecord = model.state.apps.get(app);
    if (!appRecord) {
      this.#statefulSets.delete(app);
      return undefined;
    }
    let record = this.#statefulSets.get(app);
    const units = model.units(app).length;
    if (!record) {
      const images: Record<string, string> = {};
      for (const [name, resource] of appRecord.resources)
        if (resource.kind === "oci-image") images[name] = resource.image;
      const object = jujuStatefulSet({ app, namespace: this.namespace, meta: appRecord.meta, units, images });
      Object.assign(metadataOf(object), serverMetadata(this.#versions, model.now(), this.namespace), {
        generation: 1,
      });
      const revision = templateRevision(app, objectOf(object.spec)?.template);
      record = {
        object,
        updateRevision: revision,
        currentRevision: revision,
        rollout: [],
        restarting: undefined,
      };
      this.#statefulSets.set(app, record);
    }
    const spec = objectOf(record.object.spec);
    if (spec && spec.replicas !== units) {
      // Juju scales the StatefulSet with add-unit / remove-unit.
      spec.replicas = units;
      const meta = metadataOf(record.object);
      meta.resourceVersion = this.#versions.next();
      meta.generation = Number(meta.generation ?? 1) + 1;
    }
    return record;
  }

  #statefulSetView(app: string, record: StatefulSetRecord): JsonObject {
    this.#updateCurrentRevision(app, record);
    const units = this.model.units(app);
    const pods = units.flatMap((u) => this.#pods.get(u) ?? []);
    const ready = pods.filter((p) => !p.problem);
    const view = clone(record.object);
    view.status = {
      observedGeneration: metadataOf(view).generation ?? 1,
      replicas: pods.length,
      readyReplicas: ready.length,
      availableReplicas: ready.length,
      currentReplicas: pods.filter((p) => p.revision === record.currentRevision).length,
      updatedReplicas: pods.filter((p) => p.revision === record.updateRevision).length,
      currentRevision: record.currentRevision,
      updateRevision: record.updateRevision,
      collisionCount: 0,
    };
    return view;
  }

  #updateCurrentRevision(app: string, record: StatefulSetRecord): void {
    const units = this.model.units(app);
    if (
      units.every((u) => this.#pods.get(u)?.revision === record.updateRevision && !this.#pods.get(u)?.problem)
    )
      record.currentRevision = record.updateRevision;
  }

  #podView(unit: string): JsonObject {
    const record = this.model.unit(unit);
    const sts = this.#statefulSet(record.app);
    const pod = this.#pods.get(unit);
    const name = podName(unit);
    return podObject({
      app: record.app,
      name,
      namespace: this.namespace,
      uid: pod?.uid ?? "",
      created: pod?.created ?? this.#created,
      template: pod?.template ?? clone(objectOf(objectOf(sts?.object.spec)?.template) ?? {}),
      revision: pod?.revision ?? sts?.updateRevision ?? "",
      ip: record.address,
      ...(pod
        ? pod.problem
          ? { problem: pod.problem }
          : {}
        : { problem: { reason: "Unschedulable", message: "the pod has not started yet" } as PodProblem }),
    });
  }

  #unitOfPod(name: string): string | undefined {
    const dash = name.lastIndexOf("-");
    const unit = `${name.slice(0, dash)}/${name.slice(dash + 1)}`;
    return dash > 0 && this.model.state.units.has(unit) ? unit : undefined;
  }

  /**
   * The extra mounts of the unit's workload containers under the current template: each
   * volumeMount that is not Juju's own (charm-data, storage) becomes one bind of its volume's
   * host directory (or of its `subPath`).
   */
  #place(
    unit: string,
    record: StatefulSetRecord,
  ):
    | { ok: true; mounts: Record<string, Mount[]>; capabilities: Record<string, string[]>; claims: string[] }
    | { ok: false; reason: "Unschedulable" | "FailedMount"; message: string } {
    const app = this.model.unit(unit).app;
    const meta = this.model.app(app).meta;
    const podSpec = objectOf(objectOf(objectOf(record.object.spec)?.template)?.spec) ?? {};
    const volumes = new Map<string, JsonObject>();
    for (const volume of Array.isArray(podSpec.volumes) ? podSpec.volumes : [])
      if (isObject(volume) && typeof volume.name === "string") volumes.set(volume.name, volume);
    const jujuVolumes = new Set([
      CHARM_DATA_VOLUME,
      ...Object.keys(meta.storage).map((s) => storageVolumeName(app, s)),
    ]);
    // Claims first: an unbound or missing claim keeps the pod from being scheduled at all.
    const sources = new Map<string, string>();
    /** Volumes that are a host device (hostPath CharDevice): bound as is, never made. */
    const devices = new Set<string>();
    const claims: string[] = [];
    for (const [name, volume] of volumes) {
      const claim = objectOf(volume.persistentVolumeClaim);
      if (!claim || jujuVolumes.has(name)) continue;
      const claimName = stringAt(claim, "claimName") ?? "";
      const source = this.storage.mountClaim(this.namespace, claimName);
      if (!source.ok)
        return {
          ok: false,
          reason: source.message.startsWith("MountVolume") ? "FailedMount" : "Unschedulable",
          message: source.message.startsWith("MountVolume")
            ? source.message
            : `0/1 nodes are available: ${source.message}. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.`,
        };
      sources.set(name, source.hostDir);
      if (source.device) devices.add(name); // a PersistentVolume's hostPath may be a device too
      claims.push(`${this.namespace}/${claimName}`);
    }
    for (const [name, volume] of volumes) {
      if (jujuVolumes.has(name) || sources.has(name)) continue;
      const hostPath = objectOf(volume.hostPath);
      const nfs = objectOf(volume.nfs);
      const source = hostPath
        ? this.storage.hostPathSource(name, hostPath)
        : nfs
          ? this.storage.nfsSource(name, nfs)
          : isObject(volume.emptyDir)
            ? { ok: true as const, hostDir: join(this.#stateDir, "empty-dirs", unit.replace("/", "-"), name) }
            : undefined;
      if (!source) continue; // configMap, secret...: not served
      if (!source.ok) return { ok: false, reason: "FailedMount", message: source.message };
      sources.set(name, source.hostDir);
      if ("device" in source && source.device) devices.add(name);
    }
    const mounts: Record<string, Mount[]> = {};
    const capabilities: Record<string, string[]> = {};
    const containers = Array.isArray(podSpec.containers) ? podSpec.containers : [];
    for (const container of containers) {
      if (!isObject(container) || typeof container.name !== "string" || !(container.name in meta.containers))
        continue;
      const list: Mount[] = [];
      for (const mount of Array.isArray(container.volumeMounts) ? container.volumeMounts : []) {
        if (!isObject(mount)) continue;
        const volumeName = stringAt(mount, "name") ?? "";
        const hostDir = sources.get(volumeName);
        const mountPath = stringAt(mount, "mountPath");
        if (hostDir === undefined || mountPath === undefined) continue;
        if (devices.has(volumeName)) {
          list.push({
            containerPath: mountPath,
            hostPath: hostDir,
            readOnly: mount.readOnly === true,
            device: true,
          });
          continue;
        }
        const subPath = stringAt(mount, "subPath");
        const hostPath = subPath ? join(hostDir, subPath) : hostDir;
        mkdirSync(hostPath, { recursive: true });
        list.push({ containerPath: mountPath, hostPath, readOnly: mount.readOnly === true });
      }
      // automountServiceAccountToken: the token lands in every container, workloads included,
      // unless the template mounts something of its own there (the hardening emptyDir).
      const account = this.serviceAccountDir(app);
      if (
        account &&
        podSpec.automountServiceAccountToken !== false &&
        !list.some((m) => m.containerPath === SERVICE_ACCOUNT_DIR)
      )
        list.push({ containerPath: SERVICE_ACCOUNT_DIR, hostPath: account, readOnly: true });
      if (list.length > 0) mounts[container.name] = list;
      const added = objectOf(objectOf(container.securityContext)?.capabilities)?.add;
      const names = (Array.isArray(added) ? added : []).flatMap((cap) =>
        typeof cap === "string" && /^(CAP_)?[A-Z_]+$/.test(cap) ? [cap.replace(/^CAP_/, "")] : [],
      );
      if (names.length > 0) capabilities[container.name] = names;
    }
    return { ok: true, mounts, capabilities, claims };
  }
}

/** `radarr/0` → `radarr-0`. */
export const podName = (unit: string): string => unit.replace("/", "-");

const ordinal = (unit: string): number => Number(unit.slice(unit.lastIndexOf("/") + 1));
