import { answersHttp } from "@charmarr/app-charm";
import type { CharmContext } from "@charmarr/charm";
import { VPN_PROXY_PORT } from "@charmarr/interfaces";
import {
  apiKeyContent,
  type CredentialsContent,
  type CredentialWorkload,
  credentialsContent,
  ownedSecret,
  randomApiKey,
  randomPassword,
} from "@charmarr/secrets";
import type { Config } from "../charmcraft.yaml";
import { gluetunService } from "./gluetun-app";
import { proxyAccepts } from "./gluetun-control";
import { gluetunPlan, runGluetun } from "./gluetun-run";

type Ctx = CharmContext<Config>;

/**
 * The proxy's user: constant and short (what rotates is the password). Gluetun logs proxy
 * requests (HTTPPROXY_LOG), so the name is nothing to hide.
 */
export const PROXY_USERNAME = "charm";

/**
 * The charm's key to Gluetun's control server: never granted to anyone, never leaves the pod but
 * as the one role of /gluetun/auth/config.toml. It has no schedule of its own: Gluetun reads the
 * file only at start, so the key is renewed with the proxy credentials (their rotation, the
 * rotate-credentials action, a repair), in the same restart. See docs/charms/gluetun.md.
 */
export const controlApiKey = ownedSecret({
  label: "control-api-key",
  description: "Gluetun control server API key (the charm's own)",
  schema: apiKeyContent,
  generate: () => ({ "api-key": randomApiKey() }),
  rotation: "never",
  // Renewed only with the proxy credentials (below); reconcile writes the file from the secret.
  workload: async () => undefined,
});

/**
 * The HTTP proxy's credentials, granted on every vpn-gateway relation. The password is URL-safe
 * (randomPassword: letters, digits, - and _): Gluetun splits user and password on ':'.
 */
export const proxyCredentials = ownedSecret({
  label: "proxy-credentials",
  description: "Gluetun HTTP proxy credentials",
  schema: credentialsContent,
  generate: () => ({ username: PROXY_USERNAME, password: randomPassword() }),
  workload: proxyWorkload,
});

/**
 * The proxy credentials as libs/secrets drives them, or undefined when Gluetun's proxy is not up
 * in this hook (a rotation then waits for Juju's retry). Gluetun reads them only at start:
 * applying is writing the files and restarting it (replan, through the fingerprint), and the
 * control API key is renewed in the same restart. Accepting is one request through the proxy.
 */
async function proxyWorkload(ctx: Ctx): Promise<CredentialWorkload<CredentialsContent> | undefined> {
  const [state, plan] = await Promise.all([gluetunService.reachable(ctx), gluetunPlan(ctx)]);
  if (!state.ok || !plan.ok) return undefined;
  if (!(await answersHttp(`http://127.0.0.1:${VPN_PROXY_PORT}/`))) return undefined;
  return {
    apply: async (next) => {
      const key = { "api-key": randomApiKey() };
      ctx.redact(key["api-key"]);
      const started = await runGluetun(ctx, plan, next, key);
      if (!started.ok) throw new Error(started.reason);
      const saved = await controlApiKey.replace(ctx, key);
      if (!saved.ok) throw new Error(saved.reason);
    },
    accepts: (value) => proxyAccepts(value),
  };
}
