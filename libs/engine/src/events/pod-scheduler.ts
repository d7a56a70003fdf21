import type { Mount } from "../pebble-server/container-filesystem";

/** Where a unit's next pod can run, with the extra mounts its template gives each container. */
export type PodPlacement =
  | {
      ok: true;
      mounts: Readonly<Record<string, readonly Mount[]>>;
      /** Capabilities added per workload container (`securityContext.capabilities.add`). */
      capabilities?: Readonly<Record<string, readonly string[]>>;
    }
  | { ok: false; reason: string; message: string };

/**
 * The cluster side of unit pods (the engine's Kubernetes API): which pods may start and with
 * what (pod-template volumes), rollouts after a template change, and the service-account files
 * every hook of the app sees. The unit agents ask it before each pod start; a pod that cannot
 * be placed does not start, and its unit runs no hook until it can.
 */
export interface PodScheduler {
  /** Host directory of the app's `token`, `ca.crt` and `namespace`; bound in its hooks' charm container. */
  serviceAccountDir(app: string): string | undefined;
  /** Whether the unit's pod can start now, and with which extra mounts per container. */
  schedule(unit: string): PodPlacement;
  podStarted(unit: string): void;
  podStopped(unit: string): void;
  /** Units whose pods a rollout recreates now (highest ordinal first, one at a time per app). */
  takeRestarts(): string[];
  /** A unit given by takeRestarts whose agent could not churn (not installed yet, dying). */
  restartSkipped(unit: string): void;
  /**
   * Registers who hears that a rollout's next pod gets its SIGTERM: right after the PATCH that
   * changed the template, while the patching hook may still run.
   */
  onTerminating?(listener: (unit: string) => void): void;
  /**
   * `hook` of `unit` runs now; undefined when it ended. The API attributes its app's requests in
   * between to that hook (to the one that started last, when units of one app run at once).
   */
  hookRunning?(unit: string, hook: string | undefined): void;
}
