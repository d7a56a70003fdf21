import { createHash } from "node:crypto";
import type { CharmMeta } from "../model/charm-meta";
import { CHARM_BASE_IMAGE } from "../workload/builtin-images";
import { isObject, type JsonObject, type JsonValue, jsonEqual } from "./json-value";
import { fieldError, type StatusCause } from "./status-objects";

/** The volume every Juju unit pod has for the agent's binaries and state. */
export const CHARM_DATA_VOLUME = "charm-data";
/** The charm container's image (Juju's charm-base for the charm's base), as the engine's pods run it. */
const CHARM_BASE = CHARM_BASE_IMAGE;
const PEBBLE_ARGS = ["run", "--create-dirs", "--hold", "--http", ":38813", "--verbose"];

/** Juju's labels on an application's StatefulSet, pods and services. */
export const appLabels = (app: string): JsonObject => ({ "app.kubernetes.io/name": app });

/** The volumeClaimTemplate name of a Juju storage (`<app>-<storage>`). */
export const storageVolumeName = (app: string, storage: string): string => `${app}-${storage}`;

/** Images by resource name, as deployed; a container without one runs its upstream source. */
export interface StatefulSetInput {
  app: string;
  namespace: string;
  meta: CharmMeta;
  units: number;
  images: Readonly<Record<string, string>>;
}

/**
 * The StatefulSet Juju makes for an application (caas/kubernetes/provider/application): one
 * `charm` container running the agent under Pebble, one container per metadata `containers`
 * key named as the key, the `charm-data` emptyDir, and a volumeClaimTemplate per storage.
 */
export function jujuStatefulSet(input: StatefulSetInput): JsonObject {
  const { app, meta } = input;
  const storageMounts = (mounts: readonly { storage: string; location?: string }[]): JsonObject[] =>
    mounts.map((m) => ({
      name: storageVolumeName(app, m.storage),
      mountPath: m.location ?? meta.storage[m.storage]?.location ?? `/var/lib/juju/storage/${m.storage}/0`,
    }));
  const workloads = Object.entries(meta.containers).map(
    ([name, container]): JsonObject => ({
      name,
      image:
        (container.resource && input.images[container.resource]) ||
        (container.resource && meta.resources[container.resource]?.upstreamSource) ||
        CHARM_BASE,
      imagePullPolicy: "IfNotPresent",
      command: ["/charm/bin/pebble"],
      args: PEBBLE_ARGS,
      env: [
        { name: "JUJU_CONTAINER_NAME", value: name },
        { name: "PEBBLE_SOCKET", value: "/charm/container/pebble.socket" },
      ],
      volumeMounts: [
        {
          name: CHARM_DATA_VOLUME,
          mountPath: "/charm/bin/pebble",
          subPath: "charm/bin/pebble",
          readOnly: true,
        },
        { name: CHARM_DATA_VOLUME, mountPath: "/charm/container", subPath: `charm/containers/${name}` },
        ...storageMounts(container.mounts),
      ],
    }),
  );
  const charm: JsonObject = {
    name: "charm",
    image: CHARM_BASE,
    imagePullPolicy: "IfNotPresent",
    command: ["/charm/bin/pebble"],
    args: ["run", "--http", ":38812", "--verbose"],
    env: [
      { name: "JUJU_CONTAINER_NAMES", value: Object.keys(meta.containers).join(",") },
      { name: "PEBBLE_SOCKET", value: "/charm/data/pebble.socket" },
    ],
    volumeMounts: [
      { name: CHARM_DATA_VOLUME, mountPath: "/charm/bin", subPath: "charm/bin", readOnly: true },
      { name: CHARM_DATA_VOLUME, mountPath: "/var/lib/juju", subPath: "var/lib/juju" },
      { name: CHARM_DATA_VOLUME, mountPath: "/charm/containers", subPath: "charm/containers" },
    ],
  };
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: {
      name: app,
      namespace: input.namespace,
      labels: { ...appLabels(app), "app.kubernetes.io/managed-by": "juju" },
      annotations: { "juju.is/version": "3.6.4" },
    },
    spec: {
      replicas: input.units,
      selector: { matchLabels: appLabels(app) },
      serviceName: `${app}-endpoints`,
      podManagementPolicy: "Parallel",
      updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      template: {
        metadata: { labels: appLabels(app), annotations: { "juju.is/version": "3.6.4" } },
        spec: {
          serviceAccountName: app,
          automountServiceAccountToken: true,
          terminationGracePeriodSeconds: 30,
          initContainers: [
            {
              name: "charm-init",
              image: "jujusolutions/jujud-operator:3.6.4",
              command: ["/opt/containeragent"],
              args: ["init", "--containeragent-pebble-dir", "/containeragent/pebble"],
              volumeMounts: [{ name: CHARM_DATA_VOLUME, mountPath: "/charm/bin", subPath: "charm/bin" }],
            },
          ],
          containers: [charm, ...workloads],
          volumes: [{ name: CHARM_DATA_VOLUME, emptyDir: {} }],
        },
      },
      volumeClaimTemplates: Object.keys(meta.storage).map((storage) => ({
        metadata: { name: storageVolumeName(app, storage), labels: appLabels(app) },
        spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
      })),
    },
  };
}

/** The template's revision name, `<app>-<hash>`, as in `status.updateRevision`. */
export function templateRevision(app: string, template: JsonValue | undefined): string {
  return `${app}-${createHash("sha256")
    .update(JSON.stringify(template ?? null))
    .digest("hex")
    .slice(0, 10)}`;
}

const UPDATABLE_SPEC = [
  "replicas",
  "ordinals",
  "template",
  "updateStrategy",
  "revisionHistoryLimit",
  "persistentVolumeClaimRetentionPolicy",
  "minReadySeconds",
];

/** 422 causes for an update of a StatefulSet's spec (apps validation). */
export function statefulSetUpdateErrors(before: JsonObject, after: JsonObject): StatusCause[] {
  const oldSpec = isObject(before.spec) ? before.spec : {};
  const newSpec = isObject(after.spec) ? after.spec : {};
  const keys = new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)]);
  const changed = [...keys].filter((k) => !UPDATABLE_SPEC.includes(k) && !jsonEqual(oldSpec[k], newSpec[k]));
  if (changed.length > 0) {
    return [
      fieldError.forbidden(
        "spec",
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    ];
  }
  const template = isObject(newSpec.template) ? newSpec.template : {};
  const claimNames = (
    Array.isArray(newSpec.volumeClaimTemplates) ? newSpec.volumeClaimTemplates : []
  ).flatMap((t) => {
    const name = isObject(t) && isObject(t.metadata) ? t.metadata.name : undefined;
    return typeof name === "string" ? [name] : [];
  });
  return podSpecErrors(isObject(template.spec) ? template.spec : {}, "spec.template.spec", claimNames);
}

/** The volume sources a pod may use; one per volume. */
export const VOLUME_SOURCES = [
  "emptyDir",
  "hostPath",
  "persistentVolumeClaim",
  "nfs",
  "configMap",
  "secret",
  "projected",
  "downwardAPI",
  "csi",
  "ephemeral",
] as const;

const HOST_PATH_TYPES = [
  "",
  "DirectoryOrCreate",
  "Directory",
  "FileOrCreate",
  "File",
  "Socket",
  "CharDevice",
  "BlockDevice",
];

/** Pod-spec validation of the fields a charm touches: volumes, containers, their mounts. */
export function podSpecErrors(
  spec: JsonObject,
  at: string,
  extraVolumes: readonly string[] = [],
): StatusCause[] {
  const errors: StatusCause[] = [];
  const volumes = Array.isArray(spec.volumes) ? spec.volumes : [];
  const names = new Set<string>(extraVolumes);
  volumes.forEach((volume, i) => {
    const path = `${at}.volumes[${i}]`;
    if (!isObject(volume)) return;
    const name = volume.name;
    if (typeof name !== "string" || name === "") errors.push(fieldError.required(`${path}.name`));
    else if (names.has(name)) errors.push(fieldError.duplicate(`${path}.name`, name));
    else names.add(name);
    const sources = Object.keys(volume).filter((k) => k !== "name");
    if (sources.length === 0) errors.push(fieldError.required(path, "must specify a volume type"));
    for (const extra of sources.slice(1))
      errors.push(fieldError.forbidden(`${path}.${extra}`, "may not specify more than 1 volume type"));
    const claim = volume.persistentVolumeClaim;
    if (isObject(claim) && (typeof claim.claimName !== "string" || claim.claimName === ""))
      errors.push(fieldError.required(`${path}.persistentVolumeClaim.claimName`));
    const hostPath = volume.hostPath;
    if (isObject(hostPath)) {
      if (typeof hostPath.path !== "string" || hostPath.path === "")
        errors.push(fieldError.required(`${path}.hostPath.path`));
      const type = hostPath.type ?? "";
      if (typeof type !== "string" || !HOST_PATH_TYPES.includes(type))
        errors.push(fieldError.unsupported(`${path}.hostPath.type`, type, HOST_PATH_TYPES));
    }
    const nfs = volume.nfs;
    if (isObject(nfs)) {
      if (typeof nfs.server !== "string" || nfs.server === "")
        errors.push(fieldError.required(`${path}.nfs.server`));
      if (typeof nfs.path !== "string" || !nfs.path.startsWith("/"))
        errors.push(fieldError.invalid(`${path}.nfs.path`, nfs.path ?? "", "must be an absolute path"));
    }
  });
  for (const field of ["initContainers", "containers"] as const) {
    const containers = Array.isArray(spec[field]) ? (spec[field] as JsonValue[]) : [];
    if (field === "containers" && containers.length === 0)
      errors.push(fieldError.required(`${at}.containers`));
    containers.forEach((container, i) => {
      const path = `${at}.${field}[${i}]`;
      if (!isObject(container)) return;
      if (typeof container.name !== "string" || container.name === "")
        errors.push(fieldError.required(`${path}.name`));
      if (typeof container.image !== "string" || container.image === "")
        errors.push(fieldError.required(`${path}.image`));
      const mounts = Array.isArray(container.volumeMounts) ? container.volumeMounts : [];
      const paths = new Set<string>();
      mounts.forEach((mount, j) => {
        const mountAt = `${path}.volumeMounts[${j}]`;
        if (!isObject(mount)) return;
        if (typeof mount.name !== "string" || mount.name === "")
          errors.push(fieldError.required(`${mountAt}.name`));
        else if (!names.has(mount.name)) errors.push(fieldError.notFound(`${mountAt}.name`, mount.name));
        const mountPath = mount.mountPath;
        if (typeof mountPath !== "string" || mountPath === "")
          errors.push(fieldError.required(`${mountAt}.mountPath`));
        else if (paths.has(mountPath))
          errors.push(fieldError.invalid(`${mountAt}.mountPath`, mountPath, "must be unique"));
        else paths.add(mountPath);
        const subPath = mount.subPath;
        if (typeof subPath === "string" && (subPath.startsWith("/") || subPath.split("/").includes("..")))
          errors.push(
            fieldError.invalid(`${mountAt}.subPath`, subPath, "must be a relative path without '..'"),
          );
      });
    });
  }
  return errors;
}
