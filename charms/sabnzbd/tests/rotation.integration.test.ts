// Rotation of SABnzbd's API key on the real app, with two media managers following: by the
// clock and by the action, with a manager calling the app throughout; hooks SIGKILLed
// mid-rotation; a key reset in the web UI, adopted.

import {
  consumerRefusals,
  consumerViews,
  downloaderTestFile,
  expectManagersOnLatest,
  expectNeverRotates,
  expectOneRotationRound,
  failedHooks,
  killPointFromFirstRotation,
  type LoopResult,
  requestLoop,
  rotateByAction,
  rotationKilledAfter,
} from "@charmarr/app-charm/testing";
import type { TestModel } from "@charmarr/testing";
import { SabnzbdAuthError } from "@charmarr/workloads";
import { describe, expect, it } from "vitest";
import {
  app,
  DAY,
  ini,
  MINUTE,
  revisions,
  SABNZBD,
  SABNZBD_CHARM,
  type Stack,
  secretKey,
  starts,
  UNIT,
} from "../testing/sabnzbd-stack";

const file = downloaderTestFile(SABNZBD_CHARM);
let stack: Stack;

async function deploy(): Promise<TestModel> {
  stack = await file.stack();
  return stack.m;
}

/** The app, its ini, the secret and both managers agree on the latest key; `old` is refused. */
async function converged(model: TestModel, old: string): Promise<void> {
  const latest = secretKey(model);
  expect(latest).not.toBe(old);
  expect((await ini(model)).ini.settings.apiKey).toBe(latest);
  expect(await app(stack.url, latest).acceptsKey()).toBe(true);
  expect(await app(stack.url, old).acceptsKey()).toBe(false);
  await expect(app(stack.url, old).misc()).rejects.toBeInstanceOf(SabnzbdAuthError);
  expectManagersOnLatest(model, SABNZBD, { "api-key": latest });
}

/**
 * Radarr calling the app every 25 ms with the key it holds at that moment. SABnzbd takes one
 * key at a time, so between the app switching keys and Radarr's secret-changed hook its calls
 * are refused: those are told apart from the app being unavailable.
 */
function managerPolling(first: string) {
  const keyUsed = () => consumerViews.get("radarr/0")?.credential["api-key"] ?? first;
  const loop = requestLoop(async () => {
    const key = keyUsed();
    try {
      await app(stack.url, key).config("misc", "port");
      return undefined;
    } catch (err) {
      if (err instanceof SabnzbdAuthError)
        return `refused ${key === first ? "the previous key" : "the current key"}`;
      throw err;
    }
  });
  return { stop: () => loop.stop() };
}

/** The app never went away, and only the superseded key was ever refused, within the round. */
function onlyTheOldKeyRefused(loop: LoopResult): void {
  expect(loop.ok).toBeGreaterThan(0);
  expect(loop.failures.filter((f) => f.what !== "refused the previous key")).toEqual([]);
}

describe("SABnzbd's API key", () => {
  it("rotates when the interval passes: live, one round of hooks, old revision pruned", async () => {
    const m = await deploy();
    const first = secretKey(m);
    const started = await starts(m);
    const polling = managerPolling(first);
    const before = m.hookLog.length;
    m.advance(31 * DAY);
    await m.settle();
    onlyTheOldKeyRefused(await polling.stop());
    expectOneRotationRound(m.hookLog.slice(before), SABNZBD);
    expect(revisions(m)).toEqual([2]);
    expect(await starts(m)).toBe(started); // no restart
    await converged(m, first);
    expect([...consumerRefusals.values()]).toEqual([]);
  });

  it("rotates now with rotate-credentials; the managers follow", async () => {
    const m = await deploy();
    const first = secretKey(m);
    const started = await starts(m);
    const polling = managerPolling(first);
    await rotateByAction(m, SABNZBD);
    await m.settle();
    onlyTheOldKeyRefused(await polling.stop());
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(revisions(m)).toEqual([2]);
    expect(await starts(m)).toBe(started);
    await converged(m, first);
  });

  it("a key reset in the web UI is adopted: a new revision, the managers follow, no restart", async () => {
    const m = await deploy();
    const first = secretKey(m);
    const started = await starts(m);
    // The web UI's "Generate new API key" button.
    const { apiKey: reset } = await app(stack.url, first).generateApiKey();
    m.advance(6 * MINUTE); // the next update-status
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(secretKey(m)).toBe(reset);
    expect(revisions(m)).toEqual([2]);
    expect(await starts(m)).toBe(started);
    expect(m.logs(UNIT).some((l) => /adopted it as a new revision/.test(l.message))).toBe(true);
    await converged(m, first);
  });

  it("a key written into sabnzbd.ini while SABnzbd is down is replaced by the secret's at start", async () => {
    const m = await deploy();
    const key = secretKey(m);
    const started = await starts(m);
    // A new container (storage kept) whose file someone edited before the app started again.
    const pod = m.agents.pods().get(UNIT)!;
    await pod.faults!.stopPebble("sabnzbd");
    await pod.faults!.startPebble("sabnzbd");
    const { PebbleClient } = await import("@charmarr/pebble");
    const pebble = new PebbleClient(`${pod.containerSocketDirs.sabnzbd}/pebble.socket`);
    const text = await pebble.pull("/config/sabnzbd.ini");
    const edited = "0123456789abcdef0123456789abcdef";
    await pebble.push("/config/sabnzbd.ini", text.replace(/^api_key = .*$/m, `api_key = ${edited}`), {
      permissions: 0o600,
    });
    pebble.close();
    await m.settle(); // pebble-ready: the key is seeded from the secret before SABnzbd starts
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(await starts(m)).toBe(started + 1);
    expect(secretKey(m)).toBe(key);
    expect(revisions(m)).toEqual([1]);
    expect((await ini(m)).ini.settings.apiKey).toBe(key);
    expect(await app(stack.url, key).acceptsKey()).toBe(true);
    expect(await app(stack.url, edited).acceptsKey()).toBe(false);
    expect(m.unitStatus(UNIT).status).toBe("active");
  });

  it("rotation-interval=never stops rotating", async () => {
    const m = await deploy();
    await expectNeverRotates(m, SABNZBD, () => secretKey(m));
    expect(failedHooks(m.hookLog)).toEqual([]);
  });
});

describe("a rotation hook SIGKILLed", () => {
  for (const at of ["early", "before", "at", "after"] as const) {
    it(`${at === "early" ? "early" : `just ${at} its secret-set`}: converges, nobody locked out`, async () => {
      const m = await deploy();
      const n = await killPointFromFirstRotation(m, SABNZBD, at);
      const second = secretKey(m);
      const started = await starts(m);
      await rotationKilledAfter(m, SABNZBD, n);
      // The key the app took in the killed hook was read back and adopted: no restart needed.
      expect(await starts(m)).toBe(started);
      await converged(m, second);
    });
  }
});
