import { appService } from "@charmarr/app-charm";
import { VPN_PROXY_PORT } from "@charmarr/interfaces";

// Gluetun in its own image (ghcr.io/qdm12/gluetun), run by Pebble: its entrypoint in the
// foreground, reading every setting once at start from secret files, then files, then the
// environment (specs/app-apis.md §g).

export const CONTAINER = "gluetun";

/** The control server (VPN status, public IP), behind the API-key role the charm writes. */
export const CONTROL_PORT = 8000;
export const CONTROL_URL = `http://127.0.0.1:${CONTROL_PORT}`;
/** The health server: 200 while the tunnel works, 500 with the error otherwise. */
export const HEALTH_ADDRESS = "127.0.0.1:9999";
export const HEALTH_URL = `http://${HEALTH_ADDRESS}/`;

/** Where Gluetun ≥ 3.39 reads a setting from a file: /run/secrets/<lower-cased setting>. */
export const SECRETS_DIR = "/run/secrets";
/** The control server's roles (TOML); with one role, Gluetun's anonymous public role is gone. */
export const AUTH_CONFIG_PATH = "/gluetun/auth/config.toml";

export const gluetunService = appService({
  container: CONTAINER,
  command: "/gluetun-entrypoint",
  // The port other apps reach (the HTTP proxy): opened, so the Service forwards it.
  port: VPN_PROXY_PORT,
  readyPath: "/",
  // The control server answers (401 without the key) as soon as Gluetun runs, tunnel or not.
  readyUrl: `${CONTROL_URL}/v1/version`,
  // Pebble's check asks the health server as the image's HEALTHCHECK does (in the service's
  // environment, so at HEALTH_SERVER_ADDRESS): a tunnel going down is pebble-check-failed.
  check: { exec: { command: "/gluetun-entrypoint healthcheck", serviceContext: CONTAINER } },
  startTimeoutMs: 30_000,
});
