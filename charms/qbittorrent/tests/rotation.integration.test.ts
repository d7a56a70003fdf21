// Rotation of qBittorrent's WebUI password on the real app, with two media managers following:
// by the clock and by the action, with a manager calling the app throughout (on its session and
// with fresh logins); hooks SIGKILLed mid-rotation; a password changed in the web UI. Never a ban.

import {
  consumerRefusals,
  consumerViews,
  downloaderTestFile,
  expectManagersOnLatest,
  expectNeverRotates,
  expectOneRotationRound,
  failedHooks,
  killPointFromFirstRotation,
  requestLoop,
  rotateByAction,
  rotationKilledAfter,
} from "@charmarr/app-charm/testing";
import type { TestModel } from "@charmarr/testing";
import { QbittorrentAuthError } from "@charmarr/workloads";
import { afterEach, describe, expect, it } from "vitest";
import {
  type Credentials,
  confHolds,
  DAY,
  MINUTE,
  QBITTORRENT,
  QBITTORRENT_CHARM,
  qbittorrentAccepts,
  refusedLogins,
  revisions,
  type Stack,
  secretCredentials,
  session,
  starts,
  UNIT,
} from "../testing/qbittorrent-stack";

const file = downloaderTestFile(QBITTORRENT_CHARM);
let stack: Stack;
/** Refused logins this file made on purpose, in the current model. */
let testRefusals = 0;

afterEach(() => {
  testRefusals = 0;
});

async function deploy(): Promise<TestModel> {
  stack = await file.stack();
  return stack.m;
}

/** Refused logins the managers made (with a password they had not yet seen change). */
const managerRefusals = () => [...consumerRefusals.values()].reduce((a, b) => a + b, 0);

/**
 * The app, the secret and both managers agree on the latest credentials; `old` is refused; and
 * every refused login the app ever logged was a manager's or this check's own: none the charm's.
 */
async function converged(model: TestModel, old: Credentials): Promise<void> {
  const latest = secretCredentials(model);
  expect(latest.password).not.toBe(old.password);
  expect(await confHolds(model, latest)).toBe(true);
  expect(await confHolds(model, old)).toBe(false);
  // One login each way: the new one accepted, the old one refused, then accepted again (which
  // resets the app's count of failed logins).
  const app = await session(stack.url, latest);
  await expect(session(stack.url, old)).rejects.toBeInstanceOf(QbittorrentAuthError);
  await app.close();
  await (await session(stack.url, latest)).close();
  expect(await refusedLogins(model)).toBe(testRefusals + 1 + managerRefusals());
  testRefusals += 1;
  expectManagersOnLatest(model, QBITTORRENT, latest);
}

/** The credential radarr/0 (an in-process manager) holds now: what it last read from the secret. */
function heldByManager(): Credentials {
  const held = consumerViews.get("radarr/0")?.credential;
  if (!held?.username || !held.password) throw new Error("radarr/0 holds no qBittorrent credential");
  return { username: held.username, password: held.password };
}

/**
 * A media manager calling the app every 25 ms through the rotation, two ways: on a session it
 * opened before (sessions survive a password change), and with a fresh login using the
 * credential it holds at that moment, as a manager does whenever its session ends. A fresh login
 * follows the charm's own path: it is tried only when qBittorrent.conf holds that credential;
 * while the manager has not yet seen the new revision it is skipped (counted as `stale`: each
 * refused login counts towards the ban, five in a row ban the address, the charm included).
 * Failures: any error of either call, and any refused login unless the file changed under it
 * within half a second (the rotation landed between the check and the login: `raced`, counted
 * in testRefusals as the app logs it).
 */
async function managerCalling(m: TestModel, credentials: Credentials) {
  const client = await session(stack.url, credentials);
  const seen = { stale: 0, raced: 0, logins: new Map<string, number>() };
  const loop = requestLoop(async () => {
    await client.version();
    const held = heldByManager();
    if (!(await confHolds(m, held))) {
      seen.stale++;
      return undefined;
    }
    if (await qbittorrentAccepts(stack.url, held)) {
      seen.logins.set(held.password, (seen.logins.get(held.password) ?? 0) + 1);
      return undefined;
    }
    for (let i = 0; i < 25 && (await confHolds(m, held)); i++) await new Promise((r) => setTimeout(r, 20));
    if (await confHolds(m, held))
      return "a fresh login with the credential qBittorrent.conf holds was refused";
    seen.raced++;
    testRefusals++;
    return undefined;
  });
  return {
    /** Half a second more (the manager on the new credential), then the loop's result. */
    stop: async () => {
      await new Promise((r) => setTimeout(r, 500));
      const result = await loop.stop();
      await client.close();
      return { ...result, ...seen };
    },
  };
}

/** The loop went through: no failure, fresh logins with the old and with the new password, at most one race. */
function expectNoFailedCall(
  loop: Awaited<ReturnType<Awaited<ReturnType<typeof managerCalling>>["stop"]>>,
  old: Credentials,
  latest: Credentials,
) {
  expect(loop.failures).toEqual([]);
  expect(loop.logins.get(old.password)).toBeGreaterThan(0);
  expect(loop.logins.get(latest.password)).toBeGreaterThan(0);
  expect(loop.raced).toBeLessThanOrEqual(1);
}

describe("qBittorrent's credentials", () => {
  it("rotate when the interval passes: live, one round of hooks, old revision pruned, no request failed", async () => {
    const m = await deploy();
    const first = secretCredentials(m);
    const started = await starts(m);
    const calling = await managerCalling(m, first);
    const before = m.hookLog.length;
    m.advance(31 * DAY);
    await m.settle();
    expectNoFailedCall(await calling.stop(), first, secretCredentials(m));
    expectOneRotationRound(m.hookLog.slice(before), QBITTORRENT);
    expect(revisions(m)).toEqual([2]);
    expect(secretCredentials(m).username).toBe(first.username);
    expect(await starts(m)).toBe(started); // no restart
    await converged(m, first);
    expect([...consumerRefusals.values()]).toEqual([]);
  });

  it("rotate now with rotate-credentials; the managers follow", async () => {
    const m = await deploy();
    const first = secretCredentials(m);
    const started = await starts(m);
    const calling = await managerCalling(m, first);
    await rotateByAction(m, QBITTORRENT);
    await m.settle();
    expectNoFailedCall(await calling.stop(), first, secretCredentials(m));
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(revisions(m)).toEqual([2]);
    expect(await starts(m)).toBe(started);
    await converged(m, first);
    // Again: each rotation leaves one revision.
    const second = secretCredentials(m);
    expect((await m.runAction(UNIT, "rotate-credentials")).status).toBe("completed");
    await m.settle();
    expect(revisions(m)).toEqual([3]);
    await converged(m, second);
    expect([...consumerRefusals.values()]).toEqual([]);
  });

  it("rotation-interval=never stops rotating; weekly starts again", async () => {
    const m = await deploy();
    const first = secretCredentials(m);
    await expectNeverRotates(m, QBITTORRENT, () => secretCredentials(m));
    m.config("qbittorrent", { "rotation-interval": "weekly" });
    await m.settle();
    expect(m.secret("credentials", { owner: "qbittorrent" })!.rotatePolicy).toBe("weekly");
    m.advance(8 * DAY);
    await m.settle();
    expect(revisions(m)).toEqual([2]);
    expect(failedHooks(m.hookLog)).toEqual([]);
    await converged(m, first);
  });

  it("a password changed in the web UI is detected and set back from the secret, with one restart", async () => {
    const m = await deploy();
    const creds = secretCredentials(m);
    const started = await starts(m);
    // What the web UI does: setPreferences on a logged-in session.
    const ui = await session(stack.url, creds);
    await ui.setPreferences({ web_ui_password: "changed-in-the-web-ui" });
    await ui.close();
    expect(await confHolds(m, creds)).toBe(false);
    m.advance(6 * MINUTE); // the next update-status
    await m.settle();
    expect(failedHooks(m.hookLog)).toEqual([]);
    expect(await confHolds(m, creds)).toBe(true);
    expect(await confHolds(m, { ...creds, password: "changed-in-the-web-ui" })).toBe(false);
    expect(await starts(m)).toBe(started + 1);
    expect(revisions(m)).toEqual([1]);
    expect(m.logs(UNIT).some((l) => /refuses the secret's credential/.test(l.message))).toBe(true);
    await (await session(stack.url, creds)).close();
    expect(m.unitStatus(UNIT).status).toBe("active");
    // The managers, whose stored password never changed, still get in.
    m.advance(6 * MINUTE);
    await m.settle();
    for (const unit of ["radarr/0", "sonarr/0"])
      expect(consumerViews.get(unit)).toMatchObject({ accepted: true });
    // The charm found the drift in the file: it never tried the secret's password on the app.
    expect(await refusedLogins(m)).toBe(managerRefusals());
  });
});

describe("a rotation hook SIGKILLed", () => {
  // Where secret-set falls in a rotate hook: learnt from a first rotation in each model.
  for (const at of ["early", "before", "at", "after"] as const) {
    it(`${at === "early" ? "early" : `just ${at} its secret-set`}: converges, nobody locked out, no ban`, async () => {
      const m = await deploy();
      const n = await killPointFromFirstRotation(m, QBITTORRENT, at);
      const second = secretCredentials(m);
      await rotationKilledAfter(m, QBITTORRENT, n);
      await converged(m, second);
    });
  }
});
