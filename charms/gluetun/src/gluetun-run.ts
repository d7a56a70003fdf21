import type { AppState } from "@charmarr/app-charm";
import type { CharmContext } from "@charmarr/charm";
import { type PebbleClient, PebbleError } from "@charmarr/pebble";
import type { ApiKeyContent, CredentialsContent } from "@charmarr/secrets";
import type { Config } from "../charmcraft.yaml";
import { AUTH_CONFIG_PATH, gluetunService, SECRETS_DIR } from "./gluetun-app";
import { csv, VPN_PROVIDERS, type VpnType } from "./gluetun-config";
import {
  filesFingerprint,
  type GluetunSettings,
  gluetunEnvironment,
  SECRET_FILE_NAMES,
  secretFiles,
} from "./gluetun-settings";
import { readVpnCredentials, type VpnFiles } from "./vpn-credentials";

type Ctx = CharmContext<Config>;

/** What Gluetun is to run with: the settings and the operator's VPN credentials as files. */
export type GluetunPlan =
  | { ok: true; settings: GluetunSettings; vpn: VpnFiles }
  | { ok: false; reason: string };

const PLAN = Symbol("gluetun plan");

/**
 * The config and the operator's VPN credentials, once per hook; not ok is a Blocked reason that
 * names the fix. The framework already refused bad values (invalid config runs no reconcile).
 */
export function gluetunPlan(ctx: Ctx): Promise<GluetunPlan> {
  return ctx.memo(PLAN, async (): Promise<GluetunPlan> => {
    const result = ctx.configResult;
    if (!result.ok) return { ok: false, reason: "invalid config" };
    const config = result.config;
    const provider = config["vpn-provider"];
    if (!provider) {
      return {
        ok: false,
        reason: `vpn-provider is not set: juju config ${ctx.app.name} vpn-provider=<provider> (one of ${VPN_PROVIDERS.join(", ")})`,
      };
    }
    const vpnType = config["vpn-type"] as VpnType;
    const vpn = await readVpnCredentials(ctx, vpnType);
    if (!vpn.ok) return vpn;
    const wireguardAddresses = config["wireguard-addresses"];
    // The option wins over the secret's key (a file would win over the environment in Gluetun).
    const files = { ...vpn.files };
    if (csv(wireguardAddresses).length > 0) delete files.wireguard_addresses;
    return {
      ok: true,
      vpn: files,
      settings: {
        provider,
        vpnType,
        serverCountries: config["server-countries"],
        serverCities: config["server-cities"],
        clusterSubnets: config["cluster-subnets"],
        wireguardAddresses,
      },
    };
  });
}

/**
 * Gluetun on the leader with these credentials: the secret files written (0600), the layer with
 * the files' fingerprint, replan (which restarts Gluetun when the fingerprint changed: it reads
 * them only at start), the proxy port opened, and a bounded wait until Gluetun answers.
 */
export function runGluetun(
  ctx: Ctx,
  plan: Extract<GluetunPlan, { ok: true }>,
  proxy: CredentialsContent,
  controlKey: ApiKeyContent,
): Promise<AppState> {
  return gluetunService.run(ctx, async (pebble) => {
    const files = secretFiles(plan.vpn, proxy, controlKey);
    await writeSecretFiles(pebble, files);
    return {
      restart: false,
      environment: gluetunEnvironment(plan.settings, filesFingerprint(files, controlKey)),
    };
  });
}

/** The files, each 0600 as root in directories only root may enter; stale ones of ours removed. */
async function writeSecretFiles(pebble: PebbleClient, files: ReadonlyMap<string, string>): Promise<void> {
  for (const dir of [SECRETS_DIR, AUTH_CONFIG_PATH.slice(0, AUTH_CONFIG_PATH.lastIndexOf("/"))]) {
    await pebble.makeDir(dir, { makeParents: true, permissions: 0o700 });
  }
  await Promise.all(
    [...files].map(([path, content]) => pebble.push(path, content, { permissions: 0o600, makeDirs: true })),
  );
  // A key no longer in the secret, or of the other VPN type, must not linger for Gluetun to read.
  const present = await pebble.listFiles(SECRETS_DIR).catch((err: unknown) => {
    if (err instanceof PebbleError) return [];
    throw err;
  });
  const stale = present.filter(
    (file) => SECRET_FILE_NAMES.includes(file.name) && !files.has(`${SECRETS_DIR}/${file.name}`),
  );
  await Promise.all(stale.map((file) => pebble.removePath(`${SECRETS_DIR}/${file.name}`)));
}
