import type { JsonObject, JsonValue } from "./json-value";
import { allowedByJujuRbac, serviceAccountUser } from "./kube-rbac";
import type { KubernetesCluster } from "./kubernetes-cluster";
import { patchTypeOf } from "./patch-types";
import {
  badRequest,
  CLAIMS,
  conflict,
  forbidden,
  internalError,
  KubeApiError,
  type KubeStatus,
  methodNotAllowed,
  NAMESPACES,
  PATCH_TYPES,
  PODS,
  pathNotFound,
  type ResourceType,
  STATEFUL_SETS,
  STORAGE_CLASSES,
  serviceUnavailable,
  tooManyRequests,
  unauthorized,
  unsupportedMediaType,
  VOLUMES,
} from "./status-objects";

/** A request as the API sees it, whatever carried it. */
export interface KubeRequest {
  method: string;
  /** Path without the query. */
  path: string;
  query?: URLSearchParams;
  headers: { authorization?: string; contentType?: string };
  body?: string;
}

export interface KubeResponse {
  code: number;
  body: JsonValue | KubeStatus;
  headers?: Readonly<Record<string, string>>;
}

/** One request in the log: who (by service account), what, and the answer's code. */
export interface KubeRequestRecord {
  seq: number;
  /** The app whose token was sent; undefined without a valid token. */
  app: string | undefined;
  /** The hook of that app running when the request came (`unit`, `hook`, `run`: one number per hook run). */
  hook?: { unit: string; hook: string; run: number };
  method: string;
  path: string;
  verb: string;
  resource: string;
  namespace?: string;
  name?: string;
  code: number;
}

/** A one-shot failure the next matching (authorized) request gets instead of its answer. */
export interface KubeRequestFault {
  app?: string;
  verb?: string;
  resource?: string;
  name?: string;
  /** 409 Conflict, 429 TooManyRequests (Retry-After: 1), 500 InternalError, 503 ServiceUnavailable. */
  code: 409 | 429 | 500 | 503;
}

interface Route {
  type: ResourceType;
  namespace?: string;
  name?: string;
}

const RESOURCES: Readonly<Record<string, ResourceType>> = {
  statefulsets: STATEFUL_SETS,
  persistentvolumeclaims: CLAIMS,
  persistentvolumes: VOLUMES,
  storageclasses: STORAGE_CLASSES,
  pods: PODS,
  namespaces: NAMESPACES,
};

/** `/api/v1/...`, `/apis/apps/v1/...`, `/apis/storage.k8s.io/v1/...` → the object addressed. */
function route(path: string): Route | undefined {
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  let rest: string[];
  let group: string;
  if (parts[0] === "api" && parts[1] === "v1") {
    group = "";
    rest = parts.slice(2);
  } else if (
    parts[0] === "apis" &&
    parts[2] === "v1" &&
    (parts[1] === "apps" || parts[1] === "storage.k8s.io")
  ) {
    group = parts[1];
    rest = parts.slice(3);
  } else {
    return undefined;
  }
  let namespace: string | undefined;
  if (rest[0] === "namespaces" && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  if (rest.length < 1 || rest.length > 2) return undefined;
  const type = RESOURCES[rest[0] ?? ""];
  if (!type || type.group !== group || type.namespaced !== (namespace !== undefined)) return undefined;
  return {
    type,
    ...(namespace === undefined ? {} : { namespace }),
    ...(rest[1] === undefined ? {} : { name: rest[1] }),
  };
}

const VERBS: Readonly<Record<string, string>> = {
  GET: "get",
  POST: "create",
  PATCH: "patch",
  DELETE: "delete",
  PUT: "update",
};

/**
 * The engine's Kubernetes API, transport aside: bearer tokens of the apps' service accounts,
 * Juju's RBAC (trusted apps may do anything; others what §2 lists), the served endpoints, the
 * request log and one-shot faults. Answers every failure with a Status object.
 */
export class KubeApi {
  readonly requests: KubeRequestRecord[] = [];
  readonly #faults: KubeRequestFault[] = [];
  #seq = 0;

  constructor(readonly cluster: KubernetesCluster) {}

  /** The requests an app made (by its token), in order. */
  requestsOf(app: string): KubeRequestRecord[] {
    return this.requests.filter((r) => r.app === app);
  }

  clearRequests(): void {
    this.requests.length = 0;
  }

  /** The next authorized request matching `fault` fails with its code instead. */
  failNextRequest(fault: KubeRequestFault): void {
    this.#faults.push(fault);
  }

  handle(request: KubeRequest): KubeResponse {
    const target = route(request.path);
    const verb =
      request.method === "GET" && target && target.name === undefined
        ? "list"
        : (VERBS[request.method] ?? request.method.toLowerCase());
    const account = this.#account(request.headers.authorization);
    const record: KubeRequestRecord = {
      seq: ++this.#seq,
      app: account?.app,
      ...this.#hookOf(account?.app),
      method: request.method,
      path: request.path,
      verb,
      resource: target?.type.plural ?? "",
      ...(target?.namespace === undefined ? {} : { namespace: target.namespace }),
      ...(target?.name === undefined ? {} : { name: target.name }),
      code: 0,
    };
    this.requests.push(record);
    const answer = this.#answer(request, target, verb, account?.app);
    record.code = answer.code;
    return answer;
  }

  #hookOf(app: string | undefined): { hook?: { unit: string; hook: string; run: number } } {
    const hook = app === undefined ? undefined : this.cluster.runningHook(app);
    return hook ? { hook } : {};
  }

  /** The number of requests each hook run of `app` made, in order: `<unit> <hook>` and the count. */
  callsPerHook(app: string): { unit: string; hook: string; calls: number }[] {
    const runs = new Map<number, { unit: string; hook: string; calls: number }>();
    for (const record of this.requestsOf(app)) {
      if (!record.hook) continue;
      const entry = runs.get(record.hook.run) ?? { unit: record.hook.unit, hook: record.hook.hook, calls: 0 };
      entry.calls += 1;
      runs.set(record.hook.run, entry);
    }
    return [...runs.values()];
  }

  #account(authorization: string | undefined) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    return match?.[1] === undefined ? undefined : this.cluster.serviceAccounts.byToken(match[1]);
  }

  #answer(
    request: KubeRequest,
    target: Route | undefined,
    verb: string,
    app: string | undefined,
  ): KubeResponse {
    try {
      if (app === undefined) throw unauthorized();
      if (!target) throw pathNotFound();
      const trusted = this.cluster.model.state.apps.get(app)?.trusted ?? false;
      const model = this.cluster.namespace;
      if (
        !allowedByJujuRbac(trusted, model, {
          verb,
          resource: target.type.plural,
          namespace: target.namespace,
          name: target.name,
        })
      )
        throw forbidden(target.type, target.name, serviceAccountUser(model, app), verb, target.namespace);
      this.#fault(app, verb, target);
      if (request.query?.get("watch") === "true" || request.query?.get("watch") === "1")
        throw methodNotAllowed("watch is not served by the engine's Kubernetes API");
      return this.#serve(request, target, verb);
    } catch (error) {
      if (error instanceof KubeApiError)
        return { code: error.code, body: error.status, headers: error.headers };
      const message = error instanceof Error ? error.message : String(error);
      return { code: 500, body: internalError(message).status };
    }
  }

  #fault(app: string, verb: string, target: Route): void {
    const index = this.#faults.findIndex(
      (f) =>
        (f.app === undefined || f.app === app) &&
        (f.verb === undefined || f.verb === verb) &&
        (f.resource === undefined || f.resource === target.type.plural) &&
        (f.name === undefined || f.name === target.name),
    );
    if (index < 0) return;
    const [fault] = this.#faults.splice(index, 1);
    switch (fault?.code) {
      case 409:
        throw conflict(target.type, target.name ?? "");
      case 429:
        throw tooManyRequests();
      case 503:
        throw serviceUnavailable("the server is currently unable to handle the request");
      default:
        throw internalError("etcdserver: request timed out");
    }
  }

  #serve(request: KubeRequest, target: Route, verb: string): KubeResponse {
    const cluster = this.cluster;
    const storage = cluster.storage;
    const ns = target.namespace ?? "";
    const name = target.name ?? "";
    const ok = (body: JsonValue | KubeStatus, code = 200): KubeResponse => ({ code, body });
    const list = (items: JsonObject[]): KubeResponse =>
      ok({
        apiVersion: target.type.group ? `${target.type.group}/v1` : "v1",
        kind: `${target.type.kind}List`,
        metadata: { resourceVersion: "" },
        items,
      });
    switch (`${target.type.plural} ${verb}`) {
      case "statefulsets get":
        return ok(cluster.getStatefulSet(ns, name));
      case "statefulsets list":
        return list(cluster.listStatefulSets(ns));
      case "statefulsets patch":
        return ok(cluster.patchStatefulSet(ns, name, this.#patchType(request), this.#body(request)));
      case "persistentvolumeclaims get":
        return ok(storage.getClaim(ns, name));
      case "persistentvolumeclaims list":
        return list(storage.listClaims(ns));
      case "persistentvolumeclaims create":
        this.#jsonBody(request);
        return ok(storage.createClaim(ns, this.#body(request)), 201);
      case "persistentvolumeclaims patch":
        return ok(storage.patchClaim(ns, name, this.#patchType(request), this.#body(request)));
      case "persistentvolumeclaims delete":
        return ok(storage.deleteClaim(ns, name));
      case "persistentvolumes get":
        return ok(storage.getVolume(name));
      case "persistentvolumes list":
        return list(storage.listVolumes());
      case "persistentvolumes create":
        this.#jsonBody(request);
        return ok(storage.createVolume(this.#body(request)), 201);
      case "persistentvolumes patch":
        return ok(storage.patchVolume(name, this.#patchType(request), this.#body(request)));
      case "persistentvolumes delete":
        return ok(storage.deleteVolume(name));
      case "storageclasses get":
        return ok(cluster.getStorageClass(name));
      case "storageclasses list":
        return list(cluster.listStorageClasses());
      case "pods get":
        return ok(cluster.getPod(ns, name));
      case "pods list":
        return list(cluster.listPods(ns));
      case "namespaces get":
        return ok(cluster.getNamespace(name));
      case "namespaces list":
        return list([cluster.getNamespace(cluster.namespace)]);
      default:
        throw methodNotAllowed();
    }
  }

  /** The patch type of the request; 415 for any other, server-side apply included. */
  #patchType(request: KubeRequest) {
    const type = patchTypeOf(request.headers.contentType);
    if (!type) throw unsupportedMediaType(request.headers.contentType ?? "", PATCH_TYPES);
    return type;
  }

  /** Creates take JSON only (no YAML, no protobuf). */
  #jsonBody(request: KubeRequest): void {
    const type = (request.headers.contentType ?? "application/json").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/json")
      throw unsupportedMediaType(request.headers.contentType ?? "", ["application/json"]);
  }

  #body(request: KubeRequest): JsonValue {
    try {
      return JSON.parse(request.body ?? "") as JsonValue;
    } catch (error) {
      throw badRequest(
        `the request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
