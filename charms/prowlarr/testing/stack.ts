// What the Servarr flow tests share: the charms packed once per test file, models with the
// stand-ins under the engine's Pebble, and probes of the apps through their own APIs.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import { addSharedStorage, relateToSharedStorage } from "@charmarr/media-storage-charm/testing";
import { registerStandIns } from "@charmarr/stand-ins";
import { type TestModel, testModel } from "@charmarr/testing";
import {
  type Application,
  MediaManagerClient,
  ProwlarrClient,
  type ServarrApp,
  ServarrClient,
  ServarrConfigXml,
} from "@charmarr/workloads";
import { afterAll, afterEach, beforeAll, beforeEach, expect } from "vitest";

export const CHARMS = resolve(import.meta.dirname, "../..");
export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export type ServarrCharmName = "prowlarr" | "radarr" | "sonarr";

export interface PackedCharms {
  files: Record<ServarrCharmName, string>;
  close(): void;
}

/** Packs the charms a test file needs into a temp dir and registers the stand-ins. */
export async function packServarrCharms(names: readonly ServarrCharmName[]): Promise<PackedCharms> {
  const work = mkdtempSync(join(tmpdir(), "servarr-charms-"));
  // Every stand-in (Gluetun too), so a stack test can add any of the apps.
  const unregister = registerStandIns();
  const files = {} as Record<ServarrCharmName, string>;
  for (const name of names) files[name] = (await packCharm(join(CHARMS, name), join(work, name))).path;
  return {
    files,
    close: () => {
      unregister();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

/**
 * Deploys a packed Servarr charm; a media manager (Radarr, Sonarr) is trusted and related to the
 * model's shared storage (servarrModel). config.xml holds the app's key by design (the app reads
 * it from there), and the app's database (`<app>.db`) the keys of what is registered in it
 * (Prowlarr keeps Radarr's): the leak scanner accepts them there, at mode 0600 only.
 */
export function deployServarr(
  m: TestModel,
  packed: PackedCharms,
  charm: ServarrCharmName,
  options: { name?: string; units?: number; config?: Record<string, unknown> } = {},
): string {
  const name = options.name ?? charm;
  const units = options.units ?? 1;
  m.deploy(name, { charmFile: packed.files[charm], units, config: options.config });
  if (charm !== "prowlarr") relateToSharedStorage(m, name);
  for (let i = 0; i < units; i++) {
    m.declareCredentialFile(`${name}/${i}`, charm, "/config/config.xml");
    m.declareCredentialFile(`${name}/${i}`, charm, `/config/${charm}.db`);
  }
  return name;
}

export interface ServarrTestFile {
  readonly packed: PackedCharms;
  /** This test's model, new before each test and closed after it. */
  readonly m: TestModel;
}

/**
 * Registers the file's hooks: the charms packed (and the stand-ins registered) before all, and a
 * model per test. Hooks the file registers after this call run after the model exists.
 */
export function servarrTestFile(names: readonly ServarrCharmName[]): ServarrTestFile {
  let packed: PackedCharms | undefined;
  let m: TestModel | undefined;
  beforeAll(async () => {
    packed = await packServarrCharms(names);
  }, 300_000);
  afterAll(() => packed?.close());
  beforeEach(async () => {
    m = await servarrModel();
  });
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });
  return {
    get packed() {
      if (!packed) throw new Error("the charms are not packed yet");
      return packed;
    },
    get m() {
      if (!m) throw new Error("no model outside a test");
      return m;
    },
  };
}

/** A model serving the Kubernetes API, with the shared media storage the managers mount. */
export async function servarrModel(options: Parameters<typeof testModel>[0] = {}): Promise<TestModel> {
  const m = await testModel({ ...options, kubernetes: true });
  await addSharedStorage(m, []);
  return m;
}

type DeployOptions = NonNullable<Parameters<typeof deployServarr>[3]>;

/**
 * Prowlarr and the given managers deployed, each manager related to Prowlarr on media-indexer
 * (in this order), settled. Returns each manager's relation, by its app name.
 */
export async function deployWithProwlarr(
  m: TestModel,
  packed: PackedCharms,
  managers: ({ charm: "radarr" | "sonarr" } & DeployOptions)[],
  prowlarr: DeployOptions = {},
): Promise<Record<string, ReturnType<TestModel["integrate"]>>> {
  deployServarr(m, packed, "prowlarr", prowlarr);
  const names = managers.map(({ charm, ...options }) => deployServarr(m, packed, charm, options));
  const relations: Record<string, ReturnType<TestModel["integrate"]>> = {};
  for (const name of names) relations[name] = m.integrate(`${name}:media-indexer`, "prowlarr:media-indexer");
  await m.settle();
  return relations;
}

/**
 * A first rotation of `app`'s key by the clock shows where secret-set falls in its rotate hook
 * (`converged(old)` checks that round); the next rotation's hook is SIGKILLed just `at` it, and
 * after the retries it converges all the same with one revision left.
 */
export async function killedRotationConverges(
  m: TestModel,
  app: ServarrCharmName,
  at: "before" | "after",
  converged: (old: string) => Promise<void>,
): Promise<void> {
  const unit = `${app}/0`;
  const first = secretKey(m, app);
  m.advance(31 * DAY);
  await m.settle();
  const rotate = m.hookLog.find((h) => h.unit === unit && h.hook === "secret-rotate")!;
  const setAt = rotate.toolCalls.findIndex((c) => c.tool === "secret-set") + 1;
  expect(setAt).toBeGreaterThan(0);
  await converged(first);

  const second = secretKey(m, app);
  // n-th call answered, then SIGKILL: before, the new key is being applied to the app; after,
  // the app has it but the secret-set is thrown away with the hook.
  m.killHookAfterToolCall({ unit, hook: "secret-rotate", n: at === "before" ? setAt - 1 : setAt });
  m.advance(31 * DAY);
  await m.settle();
  expect(m.hookLog.some((h) => h.hook === "secret-rotate" && h.result === "killed")).toBe(true);
  m.advance(6 * MINUTE); // the retry of a postponed rotation, update-status
  await m.settle();
  expect(failedHooks(m.hookLog.filter((h) => h.result !== "killed"))).toEqual([]);
  await converged(second);
  expect(m.secret("api-key", { owner: app })!.revisions.size).toBe(1);
}

/**
 * The key reset in the app's web UI (its ResetApiKey command, with `first`), waited for until the
 * app refuses `first`; returns the new key from config.xml.
 */
export async function resetKeyInWebUi(
  m: TestModel,
  app: ServarrCharmName,
  url: string,
  first: string,
): Promise<string | undefined> {
  const client = app === "prowlarr" ? prowlarrAt(url, first) : managerAt(app, url, first);
  await client.runCommand("ResetApiKey");
  await waitUntil(
    `${app} to refuse its previous key after ResetApiKey`,
    1_000,
    async () => !(await accepts(app, url, first)),
  );
  const reset = await configKey(m, `${app}/0`, app);
  expect(reset).not.toBe(first);
  return reset;
}

/** The key in the app's config.xml in the unit's pod. */
export async function configKey(
  m: TestModel,
  unit: string,
  container: ServarrCharmName,
): Promise<string | undefined> {
  const files = (await m.agents.pods().get(unit)?.inspect())?.files ?? [];
  const file = files.find((f) => f.path === "/config/config.xml" && f.container === container);
  return file ? ServarrConfigXml.parse(file.content).settings.apiKey : undefined;
}

/** The latest content of an app's api-key secret. */
export function secretKey(m: TestModel, app: string): string {
  const key = m.secret("api-key", { owner: app })?.content()["api-key"];
  if (!key) throw new Error(`${app} has no api-key secret`);
  return key;
}

export function revisions(m: TestModel, app: string): number[] {
  return [...(m.secret("api-key", { owner: app })?.revisions.keys() ?? [])];
}

/** The URL an app published on a relation (`api-url`). */
export function publishedUrl(m: TestModel, relationId: number, app: string): string {
  const url = m.databag(relationId, app)["api-url"];
  if (!url) throw new Error(`${app} published no api-url on relation ${relationId}`);
  return url;
}

/** Does the app at `url` take `key` right now? */
export function accepts(app: ServarrApp, url: string, key: string): Promise<boolean> {
  return new ServarrClient({ app, url, apiKey: key, retries: 0 }).acceptsKey();
}

export function prowlarrAt(url: string, apiKey: string): ProwlarrClient {
  return new ProwlarrClient({ url, apiKey, retries: 0 });
}

export function managerAt(app: "radarr" | "sonarr", url: string, apiKey: string): MediaManagerClient {
  return new MediaManagerClient({ app, url, apiKey, retries: 0 });
}

/** Prowlarr's applications, and whether Prowlarr can reach each with the key it stores. */
export async function registrations(
  prowlarrUrl: string,
  prowlarrKey: string,
): Promise<{ name: string; baseUrl: unknown; works: boolean; failures: string[] }[]> {
  const prowlarr = prowlarrAt(prowlarrUrl, prowlarrKey);
  const apps: Application[] = await prowlarr.applications.list();
  // testall: Prowlarr calls each application with the key it stores (a sync does the same).
  const response = await fetch(`${prowlarrUrl}/api/v1/applications/testall`, {
    method: "POST",
    headers: { "x-api-key": prowlarrKey },
  });
  const results = (await response.json()) as {
    id: number;
    isValid: boolean;
    validationFailures: { errorMessage: string }[];
  }[];
  return apps.map((a) => {
    const result = results.find((r) => r.id === a.id);
    return {
      name: a.name,
      baseUrl: a.fields.find((f) => f.name === "baseUrl")?.value,
      works: result?.isValid ?? false,
      failures: result?.validationFailures.map((f) => f.errorMessage) ?? [],
    };
  });
}

/** A sync like Prowlarr's scheduled one, and what /health says about the applications after it. */
export async function syncHealth(prowlarrUrl: string, prowlarrKey: string): Promise<string[]> {
  const prowlarr = prowlarrAt(prowlarrUrl, prowlarrKey);
  const command = await prowlarr.syncApplications();
  await waitUntil(`Prowlarr's ApplicationIndexerSync command ${command.id} to end`, 5_000, async () => {
    const state = await prowlarr.command(command.id);
    return state.status === "completed" || state.status === "failed";
  });
  const response = await fetch(`${prowlarrUrl}/api/v1/health`, { headers: { "x-api-key": prowlarrKey } });
  const items = (await response.json()) as { source: string; message: string }[];
  return items.filter((i) => i.source === "ApplicationStatusCheck").map((i) => i.message);
}

/**
 * Polls `done` every 20 ms until it holds; throws, naming what it waited for, once `timeoutMs`
 * have passed (a test must never carry on as if the app had got there).
 */
export async function waitUntil(
  what: string,
  timeoutMs: number,
  done: () => Promise<boolean>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await done()) return;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function failedHooks(hooks: readonly HookRecord[]): string[] {
  return hooks.filter((h) => h.result !== "ok").map((h) => `${h.unit} ${h.hook} ${h.result}`);
}

export function hookNames(hooks: readonly HookRecord[], unit?: string): string[] {
  return hooks.filter((h) => unit === undefined || h.unit === unit).map((h) => `${h.unit} ${h.hook}`);
}

type HookRecord = TestModel["hookLog"][number];

export type { Application };
