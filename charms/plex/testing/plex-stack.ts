import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import {
  addSharedStorage,
  relateToSharedStorage,
  type SharedStorage,
} from "@charmarr/media-storage-charm/testing";
import {
  createTestCertificateAuthority,
  type EgressProxy,
  type PlexTvStandIn,
  registerPlexStandIn,
  startEgressProxy,
  startPlexTvStandIn,
  type TestCertificateAuthority,
} from "@charmarr/stand-ins";
import { type TestModel, testModel } from "@charmarr/testing";
import { PlexClient, PlexPreferences } from "@charmarr/workloads";

// What Plex's process tests share: the charm packed once per file, and a model where plex.tv is
// the claim-exchange stand-in, reached as production reaches plex.tv — through the model's
// juju-https-proxy (a proxy on the pod network that routes only plex.tv:443 to the stand-in), TLS
// checked against the charm container's own trust store, which holds the test CA. The charm has
// no switch for any of it.

export const PREFERENCES = "/config/Library/Application Support/Plex Media Server/Preferences.xml";
export const CHARM_DIR = resolve(import.meta.dirname, "..");

export interface PackedPlex {
  file: string;
  close(): void;
}

/** The Plex charm packed into a temp dir, with the Plex stand-in registered for its image. */
export async function packPlex(): Promise<PackedPlex> {
  const work = mkdtempSync(join(tmpdir(), "plex-charm-"));
  const unregister = registerPlexStandIn();
  const { path } = await packCharm(CHARM_DIR, join(work, "plex"));
  return {
    file: path,
    close() {
      unregister();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export interface PlexModel {
  m: TestModel;
  plexTv: PlexTvStandIn;
  proxy: EgressProxy;
  storage: SharedStorage;
  close(): Promise<void>;
}

let ca: TestCertificateAuthority | undefined;

/** The CA plex.tv's stand-in certificate is issued by: a model's charms must trust it (trustedCertificates). */
export function plexTvCertificateAuthority(): TestCertificateAuthority {
  ca ??= createTestCertificateAuthority();
  return ca;
}

/** plex.tv's stand-in behind an egress proxy on `m`'s pod network, set as the model's juju-https-proxy. */
export async function servePlexTv(m: TestModel): Promise<{ plexTv: PlexTvStandIn; proxy: EgressProxy }> {
  const plexTv = await startPlexTvStandIn({
    clock: m.clock,
    tls: plexTvCertificateAuthority().issue(["plex.tv"]),
  });
  const proxy = await startEgressProxy({
    routes: { "plex.tv:443": { host: "127.0.0.1", port: plexTv.port } },
  });
  // Pods reach the host only through a Service address on their bridge (docs/pod-network.md).
  const service = await m.agents.podProvider?.hostService?.();
  if (!service) throw new Error("the model has no pod network: the charm could not reach the proxy");
  await service.forward(proxy.port);
  m.modelConfig({ "juju-https-proxy": `http://${service.address}:${proxy.port}` });
  return { plexTv, proxy };
}

/** A model with the Kubernetes API, shared storage, plex.tv behind the model's proxy. */
export async function plexModel(): Promise<PlexModel> {
  const m = await testModel({ kubernetes: true, trustedCertificates: plexTvCertificateAuthority().cert });
  const { plexTv, proxy } = await servePlexTv(m);
  const storage = await addSharedStorage(m, []);
  return {
    m,
    plexTv,
    proxy,
    storage,
    async close() {
      await m.close();
      await proxy.close();
      await plexTv.close();
    },
  };
}

/** Deploys Plex (trusted, on the shared storage), its Preferences.xml declared as the token's home. */
export function deployPlex(m: TestModel, file: string, config: Record<string, unknown> = {}): void {
  m.deploy("plex", { charmFile: file, config });
  relateToSharedStorage(m, "plex");
  m.declareCredentialFile("plex/0", "plex", PREFERENCES);
}

/** Plex deployed (deployPlex) with a fresh claim token from the plex.tv stand-in, granted; the secret's URI. */
export function deployClaimedPlex(
  stack: Pick<PlexModel, "m" | "plexTv">,
  file: string,
  config: Record<string, unknown> = {},
): string {
  const { m, plexTv } = stack;
  const secret = m.addUserSecret("plex-claim", { "claim-token": plexTv.issueClaimToken() });
  deployPlex(m, file, { "claim-token": secret, ...config });
  m.grantSecret(secret, "plex");
  return secret;
}

/** Plex's Preferences.xml in its pod, with its mode. */
export async function preferencesOf(
  m: TestModel,
  unit = "plex/0",
): Promise<{ prefs: PlexPreferences; mode: number }> {
  const file = (await m.agents.pods().get(unit)?.inspect())?.files.find(
    (f) => f.path === PREFERENCES && f.container === "plex",
  );
  if (!file) throw new Error("no Preferences.xml in the plex container");
  return { prefs: PlexPreferences.parse(file.content), mode: file.mode & 0o777 };
}

/** Plex's API at its pod address. */
export function plexUrl(m: TestModel, unit = "plex/0"): string {
  const address = m.agents.pods().get(unit)?.address;
  if (!address) throw new Error(`${unit} has no pod address`);
  return `http://${address}:32400`;
}

/** A client with the server's token from Preferences.xml. */
export async function plexClient(m: TestModel): Promise<PlexClient> {
  const { prefs } = await preferencesOf(m);
  if (!prefs.onlineToken) throw new Error("Plex is not claimed");
  return new PlexClient(plexUrl(m), prefs.onlineToken);
}
