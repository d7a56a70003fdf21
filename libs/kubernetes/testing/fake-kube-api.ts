import type { ServerResponse } from "node:http";
import { quantityBytes } from "../src/quantity";
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from "../src/resource-types";
import { type HttpsTestServer, httpsTestServer } from "./https-test-server";
import { serviceAccountDir } from "./service-account-dir";

/**
 * A stand-in for the storage part of the Kubernetes API (PVCs, PVs, StorageClasses) over HTTPS,
 * for charm tests until the engine serves the real subset (libs/engine/src/kubernetes). It
 * answers as the API server does (Status objects, spec: kubernetes-and-storage.md §3) with
 * binding done at once: a static claim binds to its reserved volume, a class with Immediate
 * binding provisions `pvc-<uid>`, WaitForFirstConsumer stays Pending. RBAC is one switch:
 * untrusted, every call is 403 as Juju's default rules make it.
 */
export interface FakeKubeApi {
  /** `connectInCluster` options that reach this server. */
  connect: { env: Record<string, string>; root: string; retryDelayMs: number; timeoutMs: number };
  namespace: string;
  /** `juju trust` on (default) or off. */
  trusted: boolean;
  claims: Map<string, PersistentVolumeClaim>;
  volumes: Map<string, PersistentVolume>;
  classes: Map<string, StorageClass>;
  /** Every call, in order: `GET /api/v1/...` (method and path). */
  calls: string[];
  /**
   * Answer the next call matching `method` and `path` (substring) with this Status instead;
   * `times` calls (default 1), `Infinity` for a lasting condition.
   */
  failNext(
    match: { method?: string; path?: string },
    status: { code: number; reason: string; message?: string },
    times?: number,
  ): void;
  close(): Promise<void>;
}

/** The engine's fixtures (spec §7.2): a node-local class and an expandable NFS class. */
export function defaultStorageClasses(): StorageClass[] {
  return [
    {
      metadata: { name: "local-path" },
      provisioner: "rancher.io/local-path",
      reclaimPolicy: "Delete",
      volumeBindingMode: "WaitForFirstConsumer",
      allowVolumeExpansion: false,
    },
    {
      metadata: { name: "nfs-csi" },
      provisioner: "nfs.csi.k8s.io",
      reclaimPolicy: "Retain",
      volumeBindingMode: "Immediate",
      allowVolumeExpansion: true,
    },
  ];
}

const TOKEN = "fake-kube-token-for-tests";

export async function fakeKubeApi(
  options: { namespace?: string; classes?: StorageClass[] } = {},
): Promise<FakeKubeApi> {
  const namespace = options.namespace ?? "test-model";
  let serial = 0;
  const nextVersion = () => String(++serial);
  const faults: {
    method?: string;
    path?: string;
    code: number;
    reason: string;
    message?: string;
    times: number;
  }[] = [];
  let server: HttpsTestServer | undefined;

  const state = {
    trusted: true,
    claims: new Map<string, PersistentVolumeClaim>(),
    volumes: new Map<string, PersistentVolume>(),
    classes: new Map((options.classes ?? defaultStorageClasses()).map((c) => [c.metadata.name, c])),
    calls: [] as string[],
  };

  function send(res: ServerResponse, code: number, body: unknown): void {
    res.writeHead(code, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  }
  function status(
    res: ServerResponse,
    code: number,
    reason: string,
    message: string,
    details?: object,
  ): void {
    send(res, code, {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message,
      reason,
      details,
      code,
    });
  }

  /** Bind a claim when it can be: its reserved static volume, or a class with Immediate binding. */
  function bind(claim: PersistentVolumeClaim): void {
    if (claim.status?.phase !== "Pending") return;
    const className = claim.spec.storageClassName;
    if (className === "" && claim.spec.volumeName) {
      const pv = state.volumes.get(claim.spec.volumeName);
      const ref = pv?.spec.claimRef;
      if (!pv || pv.status?.phase === "Released" || pv.status?.phase === "Bound") return;
      if (ref && (ref.name !== claim.metadata.name || ref.namespace !== namespace)) return;
      if (ref?.uid && ref.uid !== claim.metadata.uid) return;
      pv.spec.claimRef = { namespace, name: claim.metadata.name, uid: claim.metadata.uid };
      pv.status = { phase: "Bound" };
      pv.metadata.resourceVersion = nextVersion();
      claim.status = {
        phase: "Bound",
        accessModes: claim.spec.accessModes,
        capacity: { ...pv.spec.capacity },
      };
      return;
    }
    const sc = className ? state.classes.get(className) : undefined;
    if (!sc || sc.volumeBindingMode === "WaitForFirstConsumer") return;
    const name = `pvc-${claim.metadata.uid}`;
    state.volumes.set(name, {
      metadata: { name, uid: `uid-${name}`, resourceVersion: nextVersion() },
      spec: {
        capacity: { storage: claim.spec.resources?.requests?.storage ?? "1Gi" },
        accessModes: claim.spec.accessModes ?? [],
        persistentVolumeReclaimPolicy: sc.reclaimPolicy ?? "Delete",
        storageClassName: sc.metadata.name,
        claimRef: { namespace, name: claim.metadata.name, uid: claim.metadata.uid },
      },
      status: { phase: "Bound" },
    });
    claim.spec.volumeName = name;
    claim.status = {
      phase: "Bound",
      accessModes: claim.spec.accessModes,
      capacity: { ...claim.spec.resources?.requests },
    };
  }

  async function handle(
    req: { method?: string; url?: string; headers: Record<string, unknown>; body: string },
    res: ServerResponse,
  ) {
    const method = req.method ?? "GET";
    const path = new URL(req.url ?? "/", "https://x").pathname;
    state.calls.push(`${method} ${path}`);
    if (req.headers.authorization !== `Bearer ${TOKEN}`)
      return status(res, 401, "Unauthorized", "Unauthorized");
    const fault = faults.findIndex(
      (f) => (!f.method || f.method === method) && (!f.path || path.includes(f.path)),
    );
    if (fault >= 0) {
      const f = faults[fault]!;
      if (--f.times <= 0) faults.splice(fault, 1);
      return status(res, f.code, f.reason, f.message ?? f.reason);
    }
    const found = route(path);
    if (!found) return status(res, 404, "NotFound", "the server could not find the requested resource");
    const { ns, plural } = found;
    const name = found.name === undefined ? undefined : decodeURIComponent(found.name);
    const group = plural === "storageclasses" ? "storage.k8s.io" : "";
    const qualified = group ? `${plural}.${group}` : plural;
    const verb =
      { GET: "get", POST: "create", PATCH: "patch", DELETE: "delete" }[method] ?? method.toLowerCase();
    if (!state.trusted) {
      const where = plural === "persistentvolumeclaims" ? `in the namespace "${ns}"` : "at the cluster scope";
      return status(
        res,
        403,
        "Forbidden",
        `${qualified}${name ? ` "${name}"` : ""} is forbidden: User "system:serviceaccount:${namespace}:app" cannot ${verb} resource "${plural}" in API group "${group}" ${where}`,
        { name, group, kind: plural },
      );
    }
    const notFound = () =>
      status(res, 404, "NotFound", `${qualified} "${name}" not found`, { name, group, kind: plural });
    const body = req.body ? (JSON.parse(req.body) as Record<string, unknown>) : {};

    if (plural === "storageclasses") {
      const sc = name ? state.classes.get(name) : undefined;
      return sc && method === "GET" ? send(res, 200, sc) : notFound();
    }
    if (plural === "persistentvolumeclaims") {
      const claim = name ? state.claims.get(name) : undefined;
      if (method === "GET") return claim ? send(res, 200, claim) : notFound();
      if (method === "POST") {
        const created = body as unknown as PersistentVolumeClaim;
        const n = created.metadata.name;
        if (state.claims.has(n))
          return status(res, 409, "AlreadyExists", `persistentvolumeclaims "${n}" already exists`);
        created.metadata = {
          ...created.metadata,
          namespace,
          uid: `uid-${n}-${++serial}`,
          resourceVersion: nextVersion(),
          finalizers: ["kubernetes.io/pvc-protection"],
        };
        created.spec.volumeMode ??= "Filesystem";
        created.status = { phase: "Pending" };
        bind(created);
        state.claims.set(n, created);
        return send(res, 201, created);
      }
      if (!claim) return notFound();
      if (method === "DELETE") {
        state.claims.delete(claim.metadata.name);
        const pv = claim.spec.volumeName ? state.volumes.get(claim.spec.volumeName) : undefined;
        if (pv && pv.status?.phase === "Bound") {
          if (pv.spec.persistentVolumeReclaimPolicy === "Retain") pv.status = { phase: "Released" };
          else state.volumes.delete(pv.metadata.name);
        }
        return send(res, 200, {
          kind: "Status",
          apiVersion: "v1",
          status: "Success",
          details: { name, kind: plural },
        });
      }
      // PATCH (merge): only the storage request may change.
      const spec = (body.spec ?? {}) as Record<string, unknown>;
      const others = Object.keys(spec).filter((k) => k !== "resources");
      if (others.length > 0) {
        return status(
          res,
          422,
          "Invalid",
          `PersistentVolumeClaim "${name}" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims`,
        );
      }
      const wanted = (spec.resources as { requests?: { storage?: string } } | undefined)?.requests?.storage;
      if (wanted !== undefined) {
        const current = claim.status?.capacity?.storage ?? claim.spec.resources?.requests?.storage ?? "0";
        if (bytes(wanted) < bytes(current)) {
          return status(
            res,
            422,
            "Invalid",
            `PersistentVolumeClaim "${name}" is invalid: spec.resources.requests.storage: Forbidden: field can not be less than status.capacity`,
          );
        }
        const sc = claim.spec.storageClassName ? state.classes.get(claim.spec.storageClassName) : undefined;
        if (bytes(wanted) > bytes(current) && !sc?.allowVolumeExpansion) {
          return status(
            res,
            403,
            "Forbidden",
            `persistentvolumeclaims "${name}" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize`,
          );
        }
        claim.spec.resources = { requests: { storage: wanted } };
        if (claim.status?.phase === "Bound") claim.status.capacity = { storage: wanted };
        claim.metadata.resourceVersion = nextVersion();
      }
      return send(res, 200, claim);
    }
    // persistentvolumes
    const pv = name ? state.volumes.get(name) : undefined;
    if (method === "GET") return pv ? send(res, 200, pv) : notFound();
    if (method === "POST") {
      const created = body as unknown as PersistentVolume;
      const n = created.metadata.name;
      if (state.volumes.has(n))
        return status(res, 409, "AlreadyExists", `persistentvolumes "${n}" already exists`);
      created.metadata = {
        ...created.metadata,
        uid: `uid-${n}`,
        resourceVersion: nextVersion(),
        finalizers: ["kubernetes.io/pv-protection"],
      };
      created.status = { phase: "Available" };
      state.volumes.set(n, created);
      for (const claim of state.claims.values()) bind(claim);
      return send(res, 201, created);
    }
    if (!pv) return notFound();
    if (method === "DELETE") {
      state.volumes.delete(pv.metadata.name);
      return send(res, 200, pv);
    }
    // PATCH (merge): claimRef only, the source is immutable.
    const spec = (body.spec ?? {}) as Record<string, unknown>;
    if ("hostPath" in spec || "nfs" in spec) {
      return status(
        res,
        422,
        "Invalid",
        `PersistentVolume "${name}" is invalid: spec.persistentvolumesource: Forbidden: spec.persistentvolumesource is immutable after creation`,
      );
    }
    if ("claimRef" in spec) {
      const ref = spec.claimRef as Record<string, unknown> | null;
      if (ref === null) delete pv.spec.claimRef;
      else {
        const merged: Record<string, unknown> = { ...pv.spec.claimRef, ...ref };
        for (const [k, v] of Object.entries(merged)) if (v === null) delete merged[k];
        pv.spec.claimRef = merged;
      }
      if (pv.status?.phase === "Released" && !pv.spec.claimRef?.uid) pv.status = { phase: "Available" };
      pv.metadata.resourceVersion = nextVersion();
      for (const claim of state.claims.values()) bind(claim);
    }
    return send(res, 200, pv);
  }

  server = await httpsTestServer((req, res) => handle(req, res));
  const root = serviceAccountDir({ token: TOKEN, ca: server.ca, namespace });
  const api: FakeKubeApi = {
    connect: {
      env: { KUBERNETES_SERVICE_HOST: server.host, KUBERNETES_SERVICE_PORT: String(server.port) },
      root,
      retryDelayMs: 1,
      timeoutMs: 5000,
    },
    namespace,
    get trusted() {
      return state.trusted;
    },
    set trusted(value: boolean) {
      state.trusted = value;
    },
    claims: state.claims,
    volumes: state.volumes,
    classes: state.classes,
    calls: state.calls,
    failNext(match, s, times = 1) {
      faults.push({ ...match, ...s, times });
    },
    close: () => server!.close(),
  };
  return api;
}

const ROUTES: [RegExp, string][] = [
  [/^\/api\/v1\/namespaces\/([^/]+)\/persistentvolumeclaims(?:\/([^/]+))?$/, "persistentvolumeclaims"],
  [/^\/api\/v1\/persistentvolumes(?:\/([^/]+))?$/, "persistentvolumes"],
  [/^\/apis\/storage\.k8s\.io\/v1\/storageclasses(?:\/([^/]+))?$/, "storageclasses"],
];

/** The resource a path names: its plural, namespace (namespaced kinds) and object name. */
function route(path: string): { plural: string; ns?: string; name?: string } | undefined {
  for (const [pattern, plural] of ROUTES) {
    const m = pattern.exec(path);
    if (!m) continue;
    return plural === "persistentvolumeclaims" ? { plural, ns: m[1], name: m[2] } : { plural, name: m[1] };
  }
  return undefined;
}

/** A quantity in bytes (NaN when it is none), so comparisons with it are false. */
function bytes(quantity: string): number {
  return quantityBytes(quantity) ?? Number.NaN;
}
