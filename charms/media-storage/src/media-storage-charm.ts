import { type CharmContext, defineCharm, plannedUnits, steadyConfig } from "@charmarr/charm";
import {
  ACCESS_MODES,
  MEDIA_MOUNT_PATH,
  type MediaAccessMode,
  provideMediaStorage,
} from "@charmarr/interfaces";
import {
  type ConnectOptions,
  connectInCluster,
  type Kube,
  type PersistentVolumeClaim,
  reportKubeFailure,
} from "@charmarr/kubernetes";
import metadata from "../charmcraft.yaml";
import { type ClaimOutcome, reconcileClaim } from "./reconcile-claim";
import { removeClaim } from "./remove-claim";
import { type StorageConfig, type StoragePlan, storageConfigOptions, storagePlan } from "./storage-config";

/** What the claim really offers (an existing claim's, or one made before a config change). */
function claimAccessMode(claim: PersistentVolumeClaim): MediaAccessMode | undefined {
  return ACCESS_MODES.find((mode) => claim.spec.accessModes?.[0] === mode);
}

/** Whether a status message was set for this claim outcome (with or without its consumers). */
function describesClaim(message: string, claimMessage: string): boolean {
  return message === claimMessage || message.startsWith(`${claimMessage}; serving `);
}

/**
 * Media Storage: one PersistentVolumeClaim for the whole media stack, made from the backend the
 * operator has (a StorageClass, a host path, an NFS export, or a claim they made), published on
 * media-storage with the stack's PUID/PGID/umask only while it can be mounted. Workloadless:
 * everything is Kubernetes API calls by the leader. `kubernetes` is where the API is (tests
 * point it at a fake; by default the pod's in-cluster settings).
 */
export function mediaStorageCharm(kubernetes: ConnectOptions = {}) {
  /** The plan and a connection, or the status that says why there are none. */
  async function prepare(
    ctx: CharmContext<StorageConfig>,
  ): Promise<{ plan: StoragePlan; kube: Kube } | undefined> {
    const planned = storagePlan(ctx.config, {
      app: ctx.app.name,
      model: ctx.model.name,
      modelUuid: ctx.model.uuid,
    });
    if (!planned.ok) {
      ctx.status.blocked(planned.message);
      return undefined;
    }
    const connected = await connectInCluster(kubernetes);
    if (!connected.ok) {
      ctx.status.blocked(`cannot reach the Kubernetes API: ${connected.reason}`);
      return undefined;
    }
    return { plan: planned.plan, kube: connected.kube };
  }

  /** A failed call as a status: 403 is the trust hint, other Status objects Blocked, the rest Waiting. */
  function reportApiError(ctx: CharmContext<StorageConfig>, err: unknown): void {
    if (!reportKubeFailure(ctx, ctx.app.name, err)) throw err;
  }

  return defineCharm({
    metadata,
    config: storageConfigOptions,

    async reconcile(ctx) {
      if (!(await ctx.isLeader())) {
        ctx.status.active("standby: the leader manages the claim");
        return;
      }
      // An update-status, or a config-changed that changed nothing: steady when active.
      const steady = steadyConfig(ctx, "media-storage");
      const steadyStatus = steady.status(); // asked now, alongside the claim; awaited below
      steadyStatus.catch(() => undefined);
      const ready = await prepare(ctx);
      if (!ready) return;
      let outcome: ClaimOutcome;
      try {
        outcome = await reconcileClaim(ready.kube, ready.plan);
      } catch (err) {
        // What is published stays: a failed call says nothing about the claim.
        return reportApiError(ctx, err);
      } finally {
        ready.kube.close();
      }
      // Consumers get the claim only while it can be mounted: never one that is missing or lost.
      const claim = outcome.usable;
      // A steady hook with the claim as it was: what is published changes only with a relation's
      // or the config's own event, so the consumers' relations are not read again.
      const kept = await steadyStatus;
      if (kept && claim && outcome.kind === "active" && describesClaim(kept.message, outcome.message)) {
        return ctx.status.active(kept.message);
      }
      const consumers = await provideMediaStorage(
        ctx,
        claim && {
          pvcName: claim.metadata.name,
          mountPath: MEDIA_MOUNT_PATH,
          puid: ctx.config.puid,
          pgid: ctx.config.pgid,
          umask: ctx.config.umask,
          accessMode: claimAccessMode(claim) ?? ctx.config["access-mode"],
        },
      );
      const serving = claim ? consumers.map((c) => c.remoteApp).sort() : [];
      if (outcome.kind === "active") steady.remember();
      ctx.status.add(
        outcome.kind,
        serving.length > 0 ? `${outcome.message}; serving ${serving.join(", ")}` : outcome.message,
      );
    },

    on: {
      async remove(ctx) {
        // Only the last unit of a removed application cleans up, and only when asked to.
        if (!ctx.config["cleanup-on-remove"] || !(await ctx.isLeader())) return;
        if (plannedUnits(await ctx.tools.goalState()) > 0) return;
        const ready = await prepare(ctx);
        if (!ready) return;
        try {
          const deleted = await removeClaim(ready.kube, ready.plan, ctx.app.name);
          ctx.log.info({ deleted }, "cleanup-on-remove: deleted what this charm made");
        } catch (err) {
          reportApiError(ctx, err);
        } finally {
          ready.kube.close();
        }
      },
    },
  });
}
