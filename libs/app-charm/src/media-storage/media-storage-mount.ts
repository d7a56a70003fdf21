import type { CharmContext } from "@charmarr/charm";
import { MEDIA_STORAGE, type MediaStorageProvider, readMediaStorage } from "@charmarr/interfaces";
import type { Kube } from "@charmarr/kubernetes";
import { type KubeSessionOptions, podName, withKube } from "../pod-template/kube-session";
import { templateVolumeState } from "../pod-template/template-volume";
import { ensureTemplateVolume, removeTemplateVolume } from "../pod-template/template-volume-mount";
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
 * Without the relation, a mount that outlived it is taken out. Steady state: one GET (this pod).
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
  const [related, leader] = await Promise.all([readMediaStorage(ctx), ctx.isLeader()]);
  if (!related.ok) {
    if (related.relation) ctx.status.waiting(related.reason);
    else ctx.status.blocked(`needs shared media storage: juju integrate ${ctx.app.name} ${MEDIA_STORAGE}`);
    // The pod template is the application's: the leader keeps it.
    if (leader) await withKube(ctx, options, (kube) => unmount(ctx, kube, container));
    return { ok: false };
  }
  // Other units run no app (the apps run on the leader); their pods follow the leader's patch.
  if (!leader) return { ok: true, storage: related.data };
  const storage = related.data;
  const mounted = await withKube(ctx, options, (kube) =>
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
  const volume = sharedVolume(claim);
  const pod = await kube.pods.get(podName(ctx));
  if (pod && templateVolumeState(pod.spec, container, volume) === "mounted") return true;
  // A template pointing at a missing claim would leave the new pod unschedulable (and no hook
  // would run to repair it): the claim must exist first.
  if (!(await kube.persistentVolumeClaims.get(claim))) {
    ctx.status.waiting(`media storage claim ${claim} (from ${storageApp}) not found`);
    return false;
  }
  return ensureTemplateVolume(
    ctx,
    kube,
    container,
    volume,
    `Restarting to mount media storage (claim ${claim} at /data)`,
  );
}

/** Takes our volume out of the template (the pod is recreated without it; the files stay on the volume). */
async function unmount(ctx: CharmContext<unknown>, kube: Kube, container: string): Promise<boolean> {
  await removeTemplateVolume(ctx, kube, container, SHARED_VOLUME);
  return false;
}
