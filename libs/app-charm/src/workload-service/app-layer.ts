import type { ExecCheckSpec, HttpCheckSpec, Layer } from "@charmarr/pebble";
import type { AppServiceSpec } from "./app-service-spec";

/**
 * The Pebble layer of a LinuxServer app run without its s6 init: the app binary itself as the
 * service (HOME=/config as the images set it, TZ from config), and an HTTP ready check Juju
 * turns into pebble-check-failed/recovered events. Nothing secret goes in here: plans are
 * readable by anyone with access to the Pebble socket.
 */
export function appLayer(
  spec: AppServiceSpec,
  timezone: string,
  check: { http: HttpCheckSpec } | { exec: ExecCheckSpec },
  owner?: { userId: number; groupId: number },
): Layer {
  return {
    summary: `${spec.container} (managed by the charm)`,
    services: {
      [spec.container]: {
        override: "replace",
        summary: spec.container,
        command: spec.command,
        startup: "enabled",
        environment: { HOME: "/config", TZ: timezone, ...spec.environment },
        // The stack's PUID:PGID once media storage is mounted, so every app owns what it writes there.
        ...(owner ?? {}),
      },
    },
    checks: {
      [`${spec.container}-ready`]: {
        override: "replace",
        level: "ready",
        period: "10s",
        timeout: "3s",
        threshold: 3,
        ...check,
      },
    },
  };
}
