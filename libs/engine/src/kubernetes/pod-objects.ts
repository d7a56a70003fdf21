import { clone, type JsonObject, objectOf } from "./json-value";
import { appLabels } from "./stateful-set";

/** Why a unit's pod is not running: not schedulable (a claim), or a volume that does not mount. */
export interface PodProblem {
  /** `Unschedulable` (PodScheduled False) or `FailedMount` (containers never created). */
  reason: "Unschedulable" | "FailedMount";
  message: string;
}

export interface PodView {
  app: string;
  name: string;
  namespace: string;
  uid: string;
  created: string;
  /** The pod template the pod was made from (spec + metadata). */
  template: JsonObject;
  revision: string;
  ip: string;
  /** Undefined: running and ready. */
  problem?: PodProblem;
  startedAt?: string;
}

/** A Pod object as GET answers it: phase, podIP, and the Ready/PodScheduled conditions. */
export function podObject(view: PodView): JsonObject {
  const { problem } = view;
  const now = view.startedAt ?? view.created;
  const templateMeta = objectOf(view.template.metadata) ?? {};
  const spec = clone(objectOf(view.template.spec) ?? {});
  const hostname = view.name;
  const scheduled = problem?.reason !== "Unschedulable";
  const conditions = [
    {
      type: "PodScheduled",
      status: scheduled ? "True" : "False",
      lastTransitionTime: now,
      ...(scheduled ? {} : { reason: "Unschedulable", message: problem?.message ?? "" }),
    },
    ...(scheduled
      ? [
          { type: "Initialized", status: problem ? "False" : "True", lastTransitionTime: now },
          {
            type: "ContainersReady",
            status: problem ? "False" : "True",
            lastTransitionTime: now,
            ...(problem ? { reason: "ContainersNotReady", message: problem.message } : {}),
          },
        ]
      : []),
    {
      type: "Ready",
      status: problem ? "False" : "True",
      lastTransitionTime: now,
      ...(problem
        ? {
            reason: problem.reason === "FailedMount" ? "ContainersNotReady" : "Unschedulable",
            message: problem.message,
          }
        : {}),
    },
  ];
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: view.name,
      namespace: view.namespace,
      uid: view.uid,
      resourceVersion: "1",
      creationTimestamp: view.created,
      labels: {
        ...(objectOf(templateMeta.labels) ?? appLabels(view.app)),
        "apps.kubernetes.io/pod-index": view.name.slice(view.app.length + 1),
        "controller-revision-hash": view.revision,
        "statefulset.kubernetes.io/pod-name": view.name,
      },
      ...(templateMeta.annotations ? { annotations: clone(templateMeta.annotations) } : {}),
      ownerReferences: [
        {
          apiVersion: "apps/v1",
          kind: "StatefulSet",
          name: view.app,
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { ...spec, hostname, subdomain: `${view.app}-endpoints`, nodeName: scheduled ? "engine" : null },
    status: {
      phase: problem ? "Pending" : "Running",
      conditions,
      ...(scheduled ? { hostIP: "127.0.0.1" } : {}),
      ...(problem ? {} : { podIP: view.ip, podIPs: [{ ip: view.ip }], startTime: now }),
      ...(problem?.reason === "FailedMount" ? { message: problem.message, reason: "FailedMount" } : {}),
      qosClass: "BestEffort",
    },
  };
}
