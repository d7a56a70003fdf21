import type { CharmContext } from "@charmarr/charm";
import { MEDIA_STORAGE, type MediaStorageProvider, readMediaStorage } from "@charmarr/interfaces";
import type { Kube } from "@charmarr/kubernetes";
import {
  ensureOwnPodTemplate,
  type KubeSessionOptions,
  templateVolumeChange,
  templateVolumeRemoval,
  withKube,
} from "../pod-template";
import { SHARED_VOLUME, sharedVolume } from "./shared-volume-template";

/** The shared volume at /data in this pod, with the stack's ids and umask; or a status says why not. */
export type MediaStorageMount = { ok: true; storage: MediaStorageProvider } | { ok: false };

const MOUNT = Symbol("media storage mount");

/** Where the tests' Kubernetes API is; a charm in a pod uses its in-cluster settings. */
export type MediaStorageOptions = KubeSessionOptions;

/**
 * The consumer's side of media-storage (specs/kubernetes-and-storage.md §6.3), once per hook:
 * the related claim mounted at /data in `container` through one strategic merge patch of this
 * application's own StatefulSet, only once the claim exists and only when the template differs.
 * A patch recreates the pod (Kubernetes rolls it; Juju then runs upgrade-charm, config-changed,
 * start, pebble-ready in the new one), so the hook reports Maintenance and the caller returns.
 * Without the relation, a mount that outlived it is taken out. Steady state: one GET (this pod),
 * none in a steady update-status (ctx.steadyStatus).
 */
export function mountMediaStorage(
  ctx: CharmContext<unknown>,
  container: string,
  options: MediaStorageOptions = {},
): Promise<MediaStorageMount> {
  return ctx.memo(MOUNT, () => mount(ctx, container, options));
}

async function mount(
  ctx: CharmContext<unknown>,
  container: string,
  options: MediaStorageOptions,
): Promise<MediaStorageMount> {
  const [related, leader, steady] = await Promise.all([
    readMediaStorage(ctx),
    ctx.isLeader(),
    ctx.steadyStatus(),
  ]);
  if (!related.ok) {
    if (related.relation) ctx.status.waiting(related.reason);
    else ctx.status.blocked(`needs shared media storage: juju integrate ${ctx.app.name} ${MEDIA_STORAGE}`);
    // The pod template is the application's: the leader keeps it.
    if (leader) await withKube(ctx, options.kubernetes, (kube) => unmount(ctx, kube, container));
    return { ok: false };
  }
  // Other units run no app (the apps run on the leader); their pods follow the leader's patch.
  if (!leader) return { ok: true, storage: related.data };
  const storage = related.data;
  // A steady update-status: the template changes only with an event (an edited StatefulSet
  // recreates the pod, and Juju runs the new pod's hooks, which check it).
  if (steady) return { ok: true, storage };
  const mounted = await withKube(ctx, options.kubernetes, (kube) =>
    ensureMounted(ctx, kube, container, storage, related.remoteApp),
  );
  return mounted ? { ok: true, storage } : { ok: false };
}

async function ensureMounted(
  ctx: CharmContext<unknown>,
  kube: Kube,
  container: string,
  storage: MediaStorageProvider,
  storageApp: string,
): Promise<boolean> {
  const claim = storage.pvcName;
  return ensureOwnPodTemplate(ctx, kube, {
    ...templateVolumeChange(
      container,
      sharedVolume(claim),
      `Restarting to mount media storage (claim ${claim} at /data)`,
    ),
    // A template pointing at a missing claim would leave the new pod unschedulable (and no hook
    // would run to repair it): the claim must exist first.
    precondition: async (api) =>
      (await api.persistentVolumeClaims.get(claim))
        ? undefined
        : `media storage claim ${claim} (from ${storageApp}) not found`,
    patched: `patched the pod template to mount the shared media storage (claim ${claim} in ${container})`,
  });
}

/** Takes our volume out of the template (the pod is recreated without it; the files stay on the volume). */
async function unmount(ctx: CharmContext<unknown>, kube: Kube, container: string): Promise<boolean> {
  // No Maintenance of its own: the missing relation's status says why.
  await ensureOwnPodTemplate(ctx, kube, {
    ...templateVolumeRemoval(container, SHARED_VOLUME),
    patched: `unmounted the shared media storage from ${container}: the relation is gone (the files stay)`,
  });
  return false;
}
