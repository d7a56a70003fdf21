// What Juju's RBAC lets an application's service account do (juju/juju caas/kubernetes/provider
// trust.go): an untrusted app gets a Role of `get,list` on its own namespace object, `get,list,
// patch` on pods and services, `create` on pods/exec, and a ClusterRole to `get,list`
// namespaces; `juju trust <app> --scope=cluster` turns both into `*/*/*` bound cluster-wide.

/** A request as the authorizer sees it. */
export interface AccessRequest {
  /** get, list, create, patch, update, delete, watch. */
  verb: string;
  /** Plural resource name, e.g. statefulsets. */
  resource: string;
  subresource?: string;
  /** Undefined for cluster-scoped requests. */
  namespace?: string;
  name?: string;
}

/** Whether an app's service account may make the request. */
export function allowedByJujuRbac(trusted: boolean, model: string, request: AccessRequest): boolean {
  if (trusted) return true;
  const { verb, resource, subresource, namespace, name } = request;
  if (resource === "namespaces" && subresource === undefined)
    return (verb === "get" || verb === "list") && (name === undefined || name === model || verb === "list");
  if (namespace !== model) return false;
  if ((resource === "pods" || resource === "services") && subresource === undefined)
    return verb === "get" || verb === "list" || verb === "patch";
  return resource === "pods" && subresource === "exec" && verb === "create";
}

/** The user name Kubernetes gives a service account's requests. */
export const serviceAccountUser = (namespace: string, name: string): string =>
  `system:serviceaccount:${namespace}:${name}`;
