import type { HookEnv } from "../hook-context/hook-env";

/** What the pod side reports about a workload container's Pebble (contract §2.1). */
export type PebbleEvent =
  | { kind: "ready"; container: string }
  | { kind: "custom-notice"; container: string; noticeId: string; key: string }
  | { kind: "check-failed" | "check-recovered"; container: string; check: string };

/** The hook a Pebble event becomes, with its JUJU_WORKLOAD_NAME / notice / check variables. */
export function pebbleHookEnv(event: PebbleEvent): HookEnv {
  const workload = event.container;
  switch (event.kind) {
    case "ready":
      return { hook: `${workload}-pebble-ready`, workload };
    case "custom-notice":
      return {
        hook: `${workload}-pebble-custom-notice`,
        workload,
        notice: { id: event.noticeId, type: "custom", key: event.key },
      };
    case "check-failed":
    case "check-recovered":
      return { hook: `${workload}-pebble-${event.kind}`, workload, checkName: event.check };
  }
}
