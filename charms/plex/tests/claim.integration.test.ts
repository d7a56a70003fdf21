// The claim, the charm packed and run as a process on the Plex stand-in, with plex.tv's stand-in
// behind the model's juju-https-proxy: every status on the way names its fix, the server comes
// up claimed with its token in Preferences.xml (0600) and nowhere else, and a claimed server
// ignores the secret.
import { secretXid } from "@charmarr/charm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  deployClaimedPlex,
  deployPlex,
  type PackedPlex,
  type PlexModel,
  packPlex,
  plexClient,
  plexModel,
  plexUrl,
  preferencesOf,
} from "../testing/plex-stack";

const MINUTE = 60_000;
let packed: PackedPlex;
let stack: PlexModel;

beforeAll(async () => {
  packed = await packPlex();
}, 300_000);
afterAll(() => packed?.close());
beforeEach(async () => {
  stack = await plexModel();
});
afterEach(async () => {
  await stack?.close();
});

const failed = () =>
  stack.m.hookLog.filter((h) => h.result !== "ok").map((h) => `${h.unit} ${h.hook} ${h.result}`);
const identity = async () => (await fetch(`${plexUrl(stack.m)}/identity`)).text();

describe("plex claim", () => {
  it("unset → not granted → expired → unreachable → fresh: each status names its fix; then claimed, token out of sight", async () => {
    const { m, plexTv, proxy } = stack;
    const started = performance.now();
    deployPlex(m, packed.file);
    await m.settle();
    expect(failed()).toEqual([]);
    expect(m.unitStatus("plex/0")).toEqual(
      expect.objectContaining({
        status: "blocked",
        message:
          "claim-token is not set: get one at https://plex.tv/claim (valid 4 minutes), then juju add-secret <name> claim-token=... && juju grant-secret <name> plex && juju config plex claim-token=secret:<id>",
      }),
    );
    // Plex runs, unclaimed, with identifiers the charm made before its first start.
    const unclaimed = await preferencesOf(m);
    expect(await identity()).toContain(`machineIdentifier="${unclaimed.prefs.machineIdentifier}"`);
    expect(await identity()).toContain('claimed="0"');

    const secret = m.addUserSecret("plex-claim", { "claim-token": plexTv.issueClaimToken() });
    m.config("plex", { "claim-token": secret });
    await m.settle();
    expect(m.unitStatus("plex/0")).toMatchObject({
      status: "blocked",
      message: `cannot read claim-token (${secret}): run juju grant-secret ${secretXid(secret)} plex (and check the ID with juju secrets)`,
    });

    // Granted only after the token's 4 minutes: plex.tv refuses it.
    m.advance(5 * MINUTE);
    m.grantSecret(secret, "plex");
    await m.settle();
    expect(m.unitStatus("plex/0")).toMatchObject({
      status: "blocked",
      message: `plex.tv refused the claim token (expired after 4 minutes, or used): get a fresh one at https://plex.tv/claim and run juju update-secret ${secretXid(secret)} claim-token=<token> within its 4 minutes`,
    });

    // A refused token is not asked again on every hook.
    const asked = plexTv.requests().length;
    expect(asked).toBe(1);
    m.advance(6 * MINUTE);
    await m.settle();
    expect(plexTv.requests()).toHaveLength(asked);
    expect(m.unitStatus("plex/0").status).toBe("blocked");

    proxy.setOffline(true);
    m.updateUserSecret(secret, { "claim-token": plexTv.issueClaimToken() });
    await m.settle();
    expect(m.unitStatus("plex/0").status).toBe("waiting");
    expect(m.unitStatus("plex/0").message).toMatch(
      /^cannot reach plex\.tv to claim the server \(retrying\): .*503/,
    );
    expect(plexTv.claims()).toEqual([]);

    proxy.setOffline(false);
    m.updateUserSecret(secret, { "claim-token": plexTv.issueClaimToken() });
    await m.settle();
    const claimedAfterMs = performance.now() - started;
    expect(failed()).toEqual([]);
    expect(m.unitStatus("plex/0")).toMatchObject({ status: "active" });
    expect(proxy.connects().every((target) => target === "plex.tv:443")).toBe(true);
    const [claim] = plexTv.claims();
    expect(claim?.machineIdentifier).toBe(unclaimed.prefs.machineIdentifier);
    const claimed = await preferencesOf(m);
    expect(claimed.prefs.onlineToken).toBe(claim!.serverToken);
    expect(claimed.mode).toBe(0o600);
    expect(await identity()).toContain('claimed="1"');
    expect(await (await plexClient(m)).sections()).toEqual([]);

    // The server token is in Preferences.xml (declared, 0600) and on no other surface.
    m.scanner.learn(claim!.serverToken, {
      secret: "plex-server-token",
      owner: "plex",
      key: "PlexOnlineToken",
    });
    expect(m.leaks()).toEqual([]);

    // Claimed: the secret is no longer read; revoking or removing it changes nothing.
    const reads = () => m.hookLog.flatMap((h) => h.toolCalls).filter((c) => c.tool === "secret-get").length;
    m.hookLog.length = 0;
    m.revokeSecret(secret, "plex");
    m.advance(5 * MINUTE);
    await m.settle();
    expect(failed()).toEqual([]);
    expect(reads()).toBe(0);
    expect(m.unitStatus("plex/0")).toMatchObject({ status: "active" });
    console.log(
      `deploy → claimed, active Plex: ${Math.round(claimedAfterMs)} ms (wall clock, four claim attempts)`,
    );
  }, 300_000);

  it("re-claims with a fresh token on the reclaim action, replacing the server token", async () => {
    const { m, plexTv } = stack;
    const started = performance.now();
    const secret = deployClaimedPlex(stack, packed.file);
    await m.settle();
    expect(m.unitStatus("plex/0")).toMatchObject({ status: "active" });
    console.log(
      `deploy with a granted token → claimed, active Plex: ${Math.round(performance.now() - started)} ms`,
    );
    const first = (await preferencesOf(m)).prefs.onlineToken;

    // The old token in the secret was used: the action fails saying what to do, nothing changes.
    const refused = await m.runAction("plex/0", "reclaim");
    expect(refused.status).toBe("failed");
    expect(refused.message).toContain("plex.tv refused the claim token");
    expect((await preferencesOf(m)).prefs.onlineToken).toBe(first);

    m.updateUserSecret(secret, { "claim-token": plexTv.issueClaimToken() });
    await m.settle();
    const result = await m.runAction("plex/0", "reclaim");
    expect(result.status).toBe("completed");
    const second = plexTv.claims()[1]!.serverToken;
    const after = await preferencesOf(m);
    expect(after.prefs.onlineToken).toBe(second);
    expect(second).not.toBe(first);
    expect(after.mode).toBe(0o600);
    expect(await identity()).toContain('claimed="1"');
    expect(await (await plexClient(m)).sections()).toEqual([]);
    for (const token of [first!, second])
      m.scanner.learn(token, { secret: "plex-server-token", owner: "plex", key: "PlexOnlineToken" });
    expect(m.leaks()).toEqual([]);
  }, 300_000);
});
