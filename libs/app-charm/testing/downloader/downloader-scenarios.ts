import type { TestModel } from "@charmarr/testing";
import { expect } from "vitest";
import { consumerRefusals, consumerViews } from "./download-consumer-charm";
import { failedHooks, hookNames } from "./downloader-model";
import { DAY, MINUTE, revisionsOf, type Stack } from "./downloader-stack";

// What the qBittorrent and SABnzbd charms' tests check the same way, parameterised by the app:
// the steps and assertions of scenarios both files run, each against its own real app.

export interface Downloader {
  app: "qbittorrent" | "sabnzbd";
  unit: string;
  /** The owned secret's label. */
  secretLabel: "credentials" | "api-key";
  /** The key its secret's ID is published under on download-client. */
  secretIdKey: "credentials-secret-id" | "api-key-secret-id";
}

const MANAGER_UNITS = ["radarr/0", "sonarr/0"];

/**
 * Two managers (radarr, sonarr) related: every hook ok, every unit active, the secret granted to
 * both and its ID published on each relation with the URL, and each manager using `credential`
 * (the secret's content) against the real app, never refused. Returns the secret.
 */
export function expectServingBothManagers(
  stack: Stack,
  d: Downloader,
  description: string,
  credential: Record<string, string>,
) {
  const { m } = stack;
  expect(failedHooks(m.hookLog)).toEqual([]);
  for (const unit of [d.unit, ...MANAGER_UNITS]) expect(m.unitStatus(unit).status).toBe("active");
  const secret = m.secret(d.secretLabel, { owner: d.app })!;
  expect(secret.description).toBe(description);
  expect(secret.rotatePolicy).toBe("monthly");
  expect(secret.grants.map((g) => g.app).sort()).toEqual(["radarr", "sonarr"]);
  expect(Object.keys(stack.relations)).toHaveLength(2);
  for (const id of Object.values(stack.relations)) {
    expect(m.databag(id, d.app)).toEqual({
      "api-url": stack.url,
      client: d.app,
      "instance-name": d.app,
      [d.secretIdKey]: secret.id,
    });
  }
  for (const unit of MANAGER_UNITS) {
    expect(consumerViews.get(unit)).toMatchObject({ accepted: true, credential, apiUrl: stack.url });
  }
  expect([...consumerRefusals.values()]).toEqual([]);
  return secret;
}

/**
 * A steady-state round (update-status): no hook failed, no Kubernetes call, and the downloader
 * read no manager's relation and set no relation data.
 */
export async function steadyStateRound(m: TestModel, d: Downloader) {
  m.kube.api.clearRequests();
  m.advance(6 * MINUTE);
  const ran = await m.settle();
  // The pod template changes only with an event (a recreated pod runs its own hooks): no API call.
  expect(m.kube.api.requestsOf(d.app)).toEqual([]);
  expect(hookNames(ran)).toContain(`${d.unit} update-status`);
  expect(failedHooks(ran)).toEqual([]);
  const update = ran.find((h) => h.unit === d.unit && h.hook === "update-status");
  expect(update?.toolCalls.map((c) => c.tool)).not.toContain("relation-set");
  // The managers' relations change only with their own events: a steady update-status reads none.
  expect(update?.toolCalls.filter((c) => c.args.includes("download-client"))).toEqual([]);
  return ran;
}

/** What the app saved reads back as what the charm wants: no restart in the next hooks. */
export async function expectNoRestartInNextHooks(m: TestModel, starts: () => Promise<number>) {
  const started = await starts();
  m.advance(6 * MINUTE);
  await m.settle();
  expect(await starts()).toBe(started);
}

/**
 * Radarr's relation removed: its grant and its view go, it is blocked, the downloader stays active
 * and keeps radarr's category (`categoryKept`); related again, granted again (the same secret).
 */
export async function relationRemovedAndRestored(
  stack: Stack,
  d: Downloader,
  categoryKept: () => Promise<void>,
) {
  const { m } = stack;
  const secret = () => m.secret(d.secretLabel, { owner: d.app })!;
  m.removeRelation(stack.relations.radarr!);
  await m.settle();
  expect(failedHooks(m.hookLog)).toEqual([]);
  expect(secret().grants.map((g) => g.app)).toEqual(["sonarr"]);
  const probe = await m.readSecretAs("radarr/0", secret().id);
  expect(probe.exitCode).toBe(1);
  expect(probe.stderr).toContain("permission denied");
  expect(consumerViews.has("radarr/0")).toBe(false);
  expect(m.unitStatus("radarr/0")).toMatchObject({ status: "blocked" });
  expect(m.unitStatus(d.unit).status).toBe("active");
  await categoryKept();

  m.integrate("radarr:download-client", `${d.app}:download-client`);
  await m.settle();
  expect(
    secret()
      .grants.map((g) => g.app)
      .sort(),
  ).toEqual(["radarr", "sonarr"]);
  expect(consumerViews.get("radarr/0")).toMatchObject({ accepted: true });
  expect(failedHooks(m.hookLog)).toEqual([]);
}

export interface BadConfigProbes {
  /** What the app holds that bad config must not change. */
  snapshot(): Promise<unknown>;
  starts(): Promise<number>;
  /** Asserts the app still serves with the secret's credential. */
  stillServes(): Promise<void>;
}

/**
 * Each bad value is Blocked naming `option=value`, and changes neither the app's settings nor the
 * rotation policy; once unset, active again with no restart and no hook failed.
 */
export async function badConfigChangesNothing(
  m: TestModel,
  d: Downloader,
  cases: [Record<string, unknown>, string][],
  probes: BadConfigProbes,
) {
  const before = await probes.snapshot();
  const started = await probes.starts();
  for (const [values, named] of cases) {
    m.config(d.app, values);
    await m.settle();
    const status = m.unitStatus(d.unit);
    expect(status.status).toBe("blocked");
    expect(status.message).toContain(named);
    expect(await probes.snapshot()).toEqual(before);
    expect(m.secret(d.secretLabel, { owner: d.app })!.rotatePolicy).toBe("monthly");
    m.config(d.app, Object.fromEntries(Object.keys(values).map((k) => [k, null])));
  }
  await m.settle();
  expect(m.unitStatus(d.unit).status).toBe("active");
  expect(failedHooks(m.hookLog)).toEqual([]);
  expect(await probes.starts()).toBe(started);
  await probes.stillServes();
}

/** A rotation's round: no hook failed, the downloader ran rotate then remove, each manager secret-changed. */
export function expectOneRotationRound(round: TestModel["hookLog"], d: Downloader) {
  expect(failedHooks(round)).toEqual([]);
  const names = hookNames(round);
  expect(names.filter((h) => h.startsWith(`${d.unit} secret-`))).toEqual([
    `${d.unit} secret-rotate`,
    `${d.unit} secret-remove`,
  ]);
  expect(names.filter((h) => h.endsWith("secret-changed")).sort()).toEqual(
    MANAGER_UNITS.map((u) => `${u} secret-changed`),
  );
}

/** rotate-credentials on the unit: completed, naming the secret. */
export async function rotateByAction(m: TestModel, d: Downloader) {
  const result = await m.runAction(d.unit, "rotate-credentials");
  expect(result).toMatchObject({ status: "completed" });
  expect(result.results).toMatchObject({
    secret: d.secretLabel,
    "secret-id": m.secret(d.secretLabel, { owner: d.app })!.id,
  });
}

/** rotation-interval=never: 400 days on, still the first revision and the same `credential()`. */
export async function expectNeverRotates(m: TestModel, d: Downloader, credential: () => unknown) {
  const first = credential();
  m.config(d.app, { "rotation-interval": "never" });
  await m.settle();
  m.advance(400 * DAY);
  await m.settle();
  expect(revisionsOf(m, d.secretLabel, d.app)).toEqual([1]);
  expect(credential()).toEqual(first);
}

export type KillPoint = "early" | "before" | "at" | "after";

/**
 * A first rotation by the clock, to learn where secret-set falls in the rotate hook; returns the
 * tool call after which to kill it for `at`.
 */
export async function killPointFromFirstRotation(m: TestModel, d: Downloader, at: KillPoint) {
  m.advance(31 * DAY);
  await m.settle();
  const rotate = m.hookLog.find((h) => h.unit === d.unit && h.hook === "secret-rotate")!;
  const setAt = rotate.toolCalls.findIndex((c) => c.tool === "secret-set") + 1;
  expect(setAt).toBeGreaterThan(1);
  return { early: 2, before: setAt - 1, at: setAt, after: rotate.toolCalls.length - 1 }[at];
}

/** The next rotation's hook SIGKILLed after tool call `n`, then the retries: nothing else failed. */
export async function rotationKilledAfter(m: TestModel, d: Downloader, n: number) {
  const before = m.hookLog.length;
  m.killHookAfterToolCall({ unit: d.unit, hook: "secret-rotate", n });
  m.advance(31 * DAY);
  await m.settle();
  expect(m.hookLog.slice(before).some((h) => h.hook === "secret-rotate" && h.result === "killed")).toBe(true);
  m.advance(10 * MINUTE);
  await m.settle();
  expect(failedHooks(m.hookLog).filter((h) => !h.endsWith("killed"))).toEqual([]);
}

/** Both managers use `credential` (the latest), accepted, tracking the latest revision; every unit active. */
export function expectManagersOnLatest(m: TestModel, d: Downloader, credential: Record<string, string>) {
  const secret = m.secret(d.secretLabel, { owner: d.app })!;
  for (const unit of MANAGER_UNITS) {
    expect(consumerViews.get(unit)).toMatchObject({ accepted: true, credential });
    expect(secret.tracking.get(unit)).toBe(secret.latestRevision);
  }
  for (const unit of [d.unit, ...MANAGER_UNITS]) expect(m.unitStatus(unit).status).toBe("active");
}
