import type { CharmContext } from "@charmarr/charm";
import type { Kube } from "@charmarr/kubernetes";
import { ensureOwnPodTemplate, type PodTemplateChange } from "./own-pod-template";

// One volume of our own in this application's pod template, mounted in one container
// (specs/kubernetes-and-storage.md §3.4): the shared media claim and the host's GPU devices are
// both one of these. Strategic merge patches keyed by name and mount path: Juju's own volumes and
// mounts are never touched, and an identical re-patch changes nothing. Adding or taking one out is
// a PodTemplateChange, applied by own-pod-template.ts (steady state: one GET of this pod).

/** What of a pod spec (a pod's, or a StatefulSet's template) this reads. */
export interface PodSpecView {
  readonly volumes?: readonly {
    readonly name: string;
    readonly persistentVolumeClaim?: { readonly claimName: string; readonly readOnly?: boolean };
    readonly hostPath?: { readonly path: string; readonly type?: string };
  }[];
  readonly containers: readonly {
    readonly name: string;
    readonly volumeMounts?: readonly {
      readonly name: string;
      readonly mountPath: string;
      readonly subPath?: string;
      readonly readOnly?: boolean;
    }[];
  }[];
}

export type VolumeSource =
  | { persistentVolumeClaim: { claimName: string } }
  | { hostPath: { path: string; type: string } };

/** A volume we own, and where the container sees it (writable, whole: no sub-path). */
export interface TemplateVolume {
  /** The volume's name in the template: ours alone (`charmarr-…`). */
  name: string;
  mountPath: string;
  source: VolumeSource;
}

/**
 * `mounted`: the volume is in the spec with this source, at `mountPath` in the container,
 * writable; `absent`: none of it is there; `different`: it is there but not as wanted (another
 * source, read-only, a sub-path, another path, a mount without its volume).
 */
export type TemplateVolumeState = "mounted" | "absent" | "different";

function sameSource(
  actual: NonNullable<PodSpecView["volumes"]>[number] | undefined,
  wanted: VolumeSource,
): boolean {
  if (!actual) return false;
  if ("persistentVolumeClaim" in wanted) {
    const claim = actual.persistentVolumeClaim;
    return (
      claim?.claimName === wanted.persistentVolumeClaim.claimName &&
      claim.readOnly !== true &&
      !actual.hostPath
    );
  }
  const host = actual.hostPath;
  return (
    host?.path === wanted.hostPath.path && host.type === wanted.hostPath.type && !actual.persistentVolumeClaim
  );
}

export function templateVolumeState(
  spec: PodSpecView,
  container: string,
  volume: TemplateVolume,
): TemplateVolumeState {
  const declared = spec.volumes?.find((v) => v.name === volume.name);
  const mounts = spec.containers.find((c) => c.name === container)?.volumeMounts ?? [];
  const mount = mounts.find((m) => m.mountPath === volume.mountPath || m.name === volume.name);
  if (!declared && !mount) return "absent";
  const wanted =
    sameSource(declared, volume.source) &&
    mount?.name === volume.name &&
    mount.mountPath === volume.mountPath &&
    !mount.subPath &&
    mount.readOnly !== true;
  return wanted ? "mounted" : "different";
}

/**
 * The strategic merge patch that mounts `volume` in `container`, replacing what was ours (a mount
 * of ours at another path is deleted: a new mount path alone would add a second mount).
 */
export function templateVolumePatch(
  spec: PodSpecView,
  container: string,
  volume: TemplateVolume,
): Record<string, unknown> {
  const mounts = spec.containers.find((c) => c.name === container)?.volumeMounts ?? [];
  const stale = mounts
    .filter((m) => m.name === volume.name && m.mountPath !== volume.mountPath)
    .map((m) => ({ mountPath: m.mountPath, $patch: "delete" }));
  return {
    spec: {
      template: {
        spec: {
          // `volumes` has retainKeys: our entry's source is replaced whole.
          volumes: [{ name: volume.name, ...volume.source }],
          containers: [
            {
              name: container,
              volumeMounts: [...stale, { name: volume.name, mountPath: volume.mountPath, readOnly: false }],
            },
          ],
        },
      },
    },
  };
}

/** Has the spec the volume `name`, or a mount of it in `container`? */
export function hasTemplateVolume(spec: PodSpecView, container: string, name: string): boolean {
  const mounts = spec.containers.find((c) => c.name === container)?.volumeMounts ?? [];
  return (spec.volumes?.some((v) => v.name === name) ?? false) || mounts.some((m) => m.name === name);
}

/**
 * The strategic merge patch that takes the volume `name` and its mounts out of the template, or
 * undefined when neither is there. Deleting by key needs no index, so nothing races.
 */
export function removeTemplateVolumePatch(
  spec: PodSpecView,
  container: string,
  name: string,
): Record<string, unknown> | undefined {
  if (!hasTemplateVolume(spec, container, name)) return undefined;
  const hasVolume = spec.volumes?.some((v) => v.name === name) ?? false;
  const mounts = spec.containers.find((c) => c.name === container)?.volumeMounts ?? [];
  const ours = mounts.filter((m) => m.name === name);
  const patch: { volumes?: object[]; containers?: object[] } = {};
  if (hasVolume) patch.volumes = [{ name, $patch: "delete" }];
  if (ours.length > 0) {
    patch.containers = [
      { name: container, volumeMounts: ours.map((m) => ({ mountPath: m.mountPath, $patch: "delete" })) },
    ];
  }
  return { spec: { template: { spec: patch } } };
}

/** `volume` mounted in `container`, as a change to the pod template; `restarting` while the pod is recreated. */
export function templateVolumeChange(
  container: string,
  volume: TemplateVolume,
  restarting?: string,
): PodTemplateChange {
  return {
    present: (spec) => templateVolumeState(spec, container, volume) === "mounted",
    patch: (template) => templateVolumePatch(template, container, volume),
    restarting,
    patched: `patched the pod template to mount volume ${volume.name} at ${volume.mountPath} in ${container}`,
  };
}

/** The volume `name` and its mounts in `container` taken out, as a change to the pod template. */
export function templateVolumeRemoval(
  container: string,
  name: string,
  restarting?: string,
): PodTemplateChange {
  return {
    present: (spec) => !hasTemplateVolume(spec, container, name),
    // Only asked for when the template has it, so there is a patch.
    patch: (template) => removeTemplateVolumePatch(template, container, name) ?? {},
    restarting,
    patched: `took volume ${name} out of the pod template (${container})`,
  };
}

/**
 * True when this pod already has `volume` in `container` as wanted; false when the pod is being
 * recreated with it (Maintenance, `restarting`) or the StatefulSet is missing (Waiting).
 */
export function ensureTemplateVolume(
  ctx: CharmContext<unknown>,
  kube: Kube,
  container: string,
  volume: TemplateVolume,
  restarting: string,
): Promise<boolean> {
  return ensureOwnPodTemplate(ctx, kube, templateVolumeChange(container, volume, restarting));
}

/**
 * Takes the volume `name` out of the template: true when this pod has none of it (nothing to wait
 * for), false while the pod is recreated without it (Maintenance with `restarting` when given;
 * otherwise the caller's status says why it goes).
 */
export function removeTemplateVolume(
  ctx: CharmContext<unknown>,
  kube: Kube,
  container: string,
  name: string,
  restarting?: string,
): Promise<boolean> {
  return ensureOwnPodTemplate(ctx, kube, templateVolumeRemoval(container, name, restarting));
}
