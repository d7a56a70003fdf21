import type { CharmContext } from "@charmarr/charm";
import {
  type ConnectOptions,
  connectInCluster,
  type Kube,
  type ObjectPatch,
  type PodSpec,
  reportKubeFailure,
} from "@charmarr/kubernetes";

/**
 * One change a charm makes to its own application's pod template (specs/kubernetes-and-storage.md
 * §3.4, §4): a volume, a mount, a capability. Told as what it looks like in a pod spec and the
 * strategic merge patch that makes it so, keyed by name (never by index), so Juju's own entries
 * are never touched and an identical re-patch changes nothing.
 */
export interface PodTemplateChange {
  /** Does this pod spec (the running pod's, or the StatefulSet's template) have it? */
  present(spec: PodSpec): boolean;
  /** The strategic merge patch that gives the template it (the current template given). */
  patch(template: PodSpec): ObjectPatch;
  /**
   * What must exist before the template may point at it (a claim): undefined when ready,
   * otherwise a Waiting reason, and nothing is patched. Runs beside the StatefulSet's GET.
   */
  precondition?(kube: Kube): Promise<string | undefined>;
  /** The Maintenance status while the pod is recreated, e.g. `Restarting to mount media storage`. */
  restarting: string;
  /** Logged once the template is patched. */
  patched: string;
}

/**
 * Runs `use` with this hook's Kubernetes API connection (the pod's in-cluster settings unless
 * `options` say otherwise), always closed. False, with a status set, when there is none or a call
 * failed: 403 is Blocked with the trust hint (`juju trust <app> --scope=cluster`), another refusal
 * Blocked with the API's words, what may pass (429, 5xx, the network) Waiting. Never a hook error.
 */
export async function withKube(
  ctx: CharmContext<unknown>,
  options: ConnectOptions | undefined,
  use: (kube: Kube) => Promise<boolean>,
): Promise<boolean> {
  const connected = await connectInCluster(options);
  if (!connected.ok) {
    ctx.status.blocked(`cannot reach the Kubernetes API: ${connected.reason}`);
    return false;
  }
  try {
    return await use(connected.kube);
  } catch (err) {
    if (!reportKubeFailure(ctx, ctx.app.name, err)) throw err;
    return false;
  } finally {
    connected.kube.close();
  }
}

/** This unit's pod, as Kubernetes names a StatefulSet's pods. */
export const podName = (ctx: CharmContext<unknown>): string => `${ctx.app.name}-${ctx.unit.number}`;

/**
 * Does this unit's pod have `change`? If not, and the template lacks it too, one strategic merge
 * patch of the application's own StatefulSet (after `precondition`); either way the pod is about to
 * be recreated from the template, so the hook reports Maintenance and gets false: the caller
 * returns and the new pod's hooks carry on. Steady state: one GET (this pod). Call it from the
 * leader: the template is the application's, and every unit's pod follows it.
 */
export async function ensureOwnPodTemplate(
  ctx: CharmContext<unknown>,
  kube: Kube,
  change: PodTemplateChange,
): Promise<boolean> {
  const pod = await kube.pods.get(podName(ctx));
  if (pod && change.present(pod.spec)) return true;

  const [waiting, statefulSet] = await Promise.all([
    change.precondition?.(kube),
    kube.statefulSets.get(ctx.app.name),
  ]);
  if (waiting !== undefined) {
    ctx.status.waiting(waiting);
    return false;
  }
  if (!statefulSet) {
    ctx.status.waiting(`StatefulSet ${ctx.app.name} not found`);
    return false;
  }
  const template = statefulSet.spec.template.spec;
  if (!change.present(template)) {
    await kube.statefulSets.patch(ctx.app.name, change.patch(template));
    ctx.log.info(change.patched);
  }
  // This pod lacks it; the next one will have it.
  ctx.status.maintenance(change.restarting);
  return false;
}

/**
 * `ensureOwnPodTemplate` on its own connection: true when this pod has `change`; otherwise a
 * status says why (patched and restarting, no trust, the API unreachable) and the caller returns.
 */
export function patchOwnPodTemplate(
  ctx: CharmContext<unknown>,
  change: PodTemplateChange,
  options?: ConnectOptions,
): Promise<boolean> {
  return withKube(ctx, options, (kube) => ensureOwnPodTemplate(ctx, kube, change));
}
