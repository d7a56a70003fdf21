import {
  type Kube,
  KubeApiError,
  type PersistentVolume,
  type PersistentVolumeClaim,
  quantityBytes,
  type StorageClass,
} from "@charmarr/kubernetes";
import {
  BACKEND_ANNOTATION,
  claimFor,
  describeSource,
  SOURCE_ANNOTATION,
  staticVolume,
} from "./claim-objects";
import type { StoragePlan } from "./storage-config";

/**
 * Where the claim stands after this hook: the status to report and, when apps may mount it,
 * the claim to publish. A config the claim cannot follow (Blocked) keeps a bound claim
 * published: apps keep their media while the operator fixes the config.
 */
export interface ClaimOutcome {
  kind: "active" | "waiting" | "blocked";
  message: string;
  usable?: PersistentVolumeClaim;
}

const blocked = (message: string): ClaimOutcome => ({ kind: "blocked", message });
const waiting = (message: string): ClaimOutcome => ({ kind: "waiting", message });
/** Blocked on the config, still serving the claim if it is bound. */
const blockedServing = (message: string, claim: PersistentVolumeClaim): ClaimOutcome => ({
  kind: "blocked",
  message,
  ...(claim.status?.phase === "Bound" ? { usable: claim } : {}),
});

/**
 * Drive the claim to the plan (leader; spec kubernetes-and-storage.md §6.1): one GET of the
 * claim; if absent, the static volume then the claim are created (an existing claim is only
 * looked for); if present, what cannot change is compared, never patched, and only a larger
 * size on a StorageClass is. KubeApiErrors other than the ones handled here are thrown (the
 * caller turns 403 into the trust hint).
 */
export async function reconcileClaim(kube: Kube, plan: StoragePlan): Promise<ClaimOutcome> {
  let claim = await kube.persistentVolumeClaims.get(plan.claimName);
  if (!claim) {
    if (plan.backend === "existing-claim") {
      return blocked(
        `existing-claim "${plan.claimName}" not found in namespace ${kube.namespace}: create it, or set existing-claim to a claim that exists`,
      );
    }
    if (plan.volume) {
      const problem = await ensureVolume(kube, plan);
      if (problem) return problem;
    } else if (!(await kube.storageClasses.get(plan.storageClass!))) {
      return blocked(`storage-class "${plan.storageClass}" does not exist (kubectl get storageclass)`);
    }
    claim = await kube.persistentVolumeClaims.create(claimFor(plan));
  } else if (plan.backend !== "existing-claim") {
    const drift = claimDrift(claim, plan);
    if (drift) return blockedServing(drift, claim);
    const resized = await resize(kube, claim, plan);
    if (typeof resized === "string") return blockedServing(resized, claim);
    claim = resized;
  }
  return phaseOutcome(kube, claim, plan);
}

/** The static volume for a claim to come: created, or freed from a claim that is gone (Released). */
async function ensureVolume(kube: Kube, plan: StoragePlan): Promise<ClaimOutcome | undefined> {
  const { name, source } = plan.volume!;
  const pv = await kube.persistentVolumes.get(name);
  if (!pv) {
    try {
      await kube.persistentVolumes.create(staticVolume(plan, kube.namespace));
    } catch (err) {
      // Made by someone else between our GET and POST: it is not ours to take.
      if (err instanceof KubeApiError && err.reason === "AlreadyExists") {
        return blocked(`PersistentVolume ${name} already exists and was not made by this charm`);
      }
      throw err;
    }
    return undefined;
  }
  const made = pv.metadata.annotations?.[SOURCE_ANNOTATION];
  if (made !== describeSource(source)) {
    return blocked(
      `the volume source cannot change on an existing PersistentVolume (${name} is ${made ?? "not this charm's"}, config says ${describeSource(source)}); remove and redeploy`,
    );
  }
  const ref = pv.spec.claimRef;
  if (ref && (ref.name !== plan.claimName || ref.namespace !== kube.namespace)) {
    return blocked(`PersistentVolume ${name} is reserved for another claim (${ref.namespace}/${ref.name})`);
  }
  return freeReleased(kube, pv);
}

/**
 * A Retain volume whose claim was deleted is Released, its claimRef still naming the old
 * claim's uid, and no new claim binds to it. Clearing the uid (merge patch) keeps the
 * reservation by name, so only our claim may take it.
 */
async function freeReleased(kube: Kube, pv: PersistentVolume): Promise<ClaimOutcome | undefined> {
  if (pv.status?.phase === "Failed") {
    return blocked(
      `PersistentVolume ${pv.metadata.name} failed${pv.status.message ? `: ${pv.status.message}` : ""}; check the storage backend`,
    );
  }
  if (pv.status?.phase === "Released" || pv.spec.claimRef?.uid) {
    await kube.persistentVolumes.patch(pv.metadata.name, {
      spec: { claimRef: { uid: null, resourceVersion: null } },
    });
  }
  return undefined;
}

/** What the config wants that the claim was not made with: immutable, so Blocked. */
function claimDrift(claim: PersistentVolumeClaim, plan: StoragePlan): string | undefined {
  const name = plan.claimName;
  const cannot = (what: string, is: string, wanted: string) =>
    `${what} cannot change on an existing claim (${name} has ${is}, config says ${wanted}); remove and redeploy`;
  if (claim.metadata.labels?.["app.kubernetes.io/managed-by"] !== "charmarr") {
    return `claim ${name} exists and was not made by this charm: use it with backend=existing-claim existing-claim=${name}`;
  }
  const backend = claim.metadata.annotations?.[BACKEND_ANNOTATION] ?? "unknown";
  if (backend !== plan.backend) return cannot("backend", backend, plan.backend);
  const mode = claim.spec.accessModes?.[0] ?? "none";
  if (mode !== plan.accessMode) return cannot("access-mode", mode, plan.accessMode);
  const className = claim.spec.storageClassName ?? "";
  if (plan.storageClass !== undefined && className !== plan.storageClass) {
    return cannot("storage-class", className, plan.storageClass);
  }
  if (plan.volume) {
    const source = claim.metadata.annotations?.[SOURCE_ANNOTATION] ?? "unknown";
    const wanted = describeSource(plan.volume.source);
    if (source !== wanted) return cannot("the volume source", source, wanted);
  }
  return undefined;
}

/** A larger size on a StorageClass is a merge patch of the request; smaller never is. */
async function resize(
  kube: Kube,
  claim: PersistentVolumeClaim,
  plan: StoragePlan,
): Promise<PersistentVolumeClaim | string> {
  const requested = claim.spec.resources?.requests?.storage ?? "0";
  const have = quantityBytes(requested) ?? 0;
  const want = quantityBytes(plan.size) ?? 0;
  if (want === have) return claim;
  if (want < have) {
    return `size=${plan.size} is smaller than claim ${plan.claimName}'s ${requested}: a claim never shrinks; set size=${requested} or more`;
  }
  if (plan.backend !== "storage-class") {
    return `size can only grow with backend=storage-class (${plan.backend} volumes are as big as their share); set size=${requested}`;
  }
  try {
    return await kube.persistentVolumeClaims.patch(plan.claimName, {
      spec: { resources: { requests: { storage: plan.size } } },
    });
  } catch (err) {
    // The resize admission check answers 403 too; RBAC's 403 says "cannot patch resource".
    if (err instanceof KubeApiError && err.code === 403 && !err.message.includes("cannot patch resource")) {
      return `cannot grow claim ${plan.claimName} to ${plan.size}: StorageClass ${plan.storageClass} does not set allowVolumeExpansion: true; set size=${requested}`;
    }
    if (err instanceof KubeApiError && err.code === 422) {
      return `cannot grow claim ${plan.claimName} to ${plan.size}: ${err.message}`;
    }
    throw err;
  }
}

async function phaseOutcome(
  kube: Kube,
  claim: PersistentVolumeClaim,
  plan: StoragePlan,
): Promise<ClaimOutcome> {
  const name = claim.metadata.name;
  const phase = claim.status?.phase ?? "Pending";
  if (phase === "Bound") {
    const capacity = claim.status?.capacity?.storage;
    return {
      kind: "active",
      usable: claim,
      message: `claim ${name} bound${capacity ? ` (${capacity})` : ""}`,
    };
  }
  if (phase === "Lost") {
    return blocked(`claim ${name} is Lost (its PersistentVolume is gone); check the storage backend`);
  }
  // Pending: normal under WaitForFirstConsumer (it binds when the first app's pod is scheduled).
  const className = claim.spec.storageClassName;
  if (className) {
    const sc: StorageClass | undefined = await kube.storageClasses.get(className);
    if (sc?.volumeBindingMode === "WaitForFirstConsumer") {
      return {
        kind: "active",
        usable: claim,
        message: `claim ${name} binds when the first app mounts it (${className}: WaitForFirstConsumer)`,
      };
    }
  } else if (plan.volume && claim.spec.volumeName === plan.volume.name) {
    const pv = await kube.persistentVolumes.get(plan.volume.name);
    if (!pv)
      return blocked(
        `PersistentVolume ${plan.volume.name} of claim ${name} is gone; check the storage backend`,
      );
    const problem = await freeReleased(kube, pv);
    if (problem) return problem;
  }
  return waiting(`claim ${name} is Pending`);
}
