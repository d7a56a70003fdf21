// §8 behaviours 26–40: secrets. `owner` (2 units, owner/0 leads) and `consumer` (2 units) are
// related; a test drives either side's hooks with act().
import { describe, expect, it } from "vitest";
import { type Behaviour, driven, lastHook, MINUTE, must, tool, useModel } from "./helpers";

const model = useModel();
const owner = driven("name: owner\nprovides: {out: {interface: out}}");
const consumer = driven("name: consumer\nrequires: {in: {interface: out}}");

/** The two apps, related, settled; `id` is an app-owned secret granted over the relation. */
async function setup(content = "key=one") {
  const m = model();
  m.deploy("owner", { charm: owner.charm, units: 2 });
  m.deploy("consumer", { charm: consumer.charm, units: 2 });
  const rel = m.integrate("owner", "consumer");
  await m.settle();
  let id = "";
  await owner.act(m, "owner/0", async (ctx) => {
    id = (await must(ctx, "secret-add", "--label", "app-secret", content)).trim();
    await must(ctx, "secret-grant", id, "-r", String(rel.id));
  });
  const as = (unit: string, fn: Behaviour) => (unit.startsWith("owner") ? owner : consumer).act(m, unit, fn);
  const get = async (unit: string, ...args: string[]) => {
    let out = "";
    await as(unit, async (ctx) => {
      out = await must(ctx, "secret-get", id, ...args);
    });
    return out;
  };
  return { m, rel, id, xid: id.slice(id.lastIndexOf("/") + 1).replace(/^secret:/, ""), as, get };
}

describe("§8 secrets", () => {
  it("26: secret-add prints a secret URI; secret-ids and secret-info-get key by bare xid", async () => {
    const { m, id, xid } = await setup();
    expect(id).toMatch(/^secret:(\/\/[0-9a-f-]+\/)?[a-z0-9]{20}$/);
    expect((await m.runTool("owner/0", "secret-ids", [])).stdout).toBe(`${xid}\n`);
    const info = JSON.parse((await m.runTool("owner/0", "secret-info-get", [id, "--format=json"])).stdout);
    expect(Object.keys(info)).toEqual([xid]);
  });

  it("27: secret-ids lists owned secrets only, app-owned only on the leader; info-get needs ownership", async () => {
    const { m, id } = await setup();
    expect((await m.runTool("owner/1", "secret-ids", [])).stdout).toBe("");
    expect((await m.runTool("consumer/0", "secret-ids", [])).stdout).toBe("");
    expect((await m.runTool("consumer/0", "secret-info-get", [id])).exitCode).toBe(1);
  });

  it("28: only the leader manages app-owned secrets; every unit of the app reads them", async () => {
    const { m, as, id } = await setup();
    // A probe drops the commit, so run each attempt in a hook: the tool or the commit refuses.
    for (const args of [
      ["secret-set", id, "key=two"],
      ["secret-add", "key=two"],
      ["secret-remove", id],
    ]) {
      const [name, ...rest] = args as [string, ...string[]];
      let out = { exitCode: 0, stderr: "" };
      await as("owner/1", async (ctx) => {
        out = await tool(ctx, name, ...rest);
      });
      const hook = lastHook(m, "owner/1");
      const error = out.exitCode === 0 ? (hook?.error ?? "") : out.stderr;
      expect(error).toMatch(/this unit is not the leader|permission denied/);
      m.advance(MINUTE); // let the failed hook's retry pass
      await m.settle();
    }
    expect((await m.readSecretAs("owner/1", id)).stdout).toBe('{"key":"one"}\n');
  });

  it("29: each content change makes one new revision; identical content and merged sets do not add more", async () => {
    const { m, as, id } = await setup();
    await as("owner/0", async (ctx) => {
      await must(ctx, "secret-set", id, "key=two");
      await must(ctx, "secret-set", id, "key=three");
    });
    expect(m.secret(id)?.latestRevision).toBe(2);
    expect(m.secret(id)?.content()).toEqual({ key: "three" });
    await as("owner/0", async (ctx) => {
      await must(ctx, "secret-set", id, "key=three");
    });
    expect(m.secret(id)?.latestRevision).toBe(2);
  });

  it("30: plain get reads the tracked revision, --peek the latest, --refresh the latest and tracks it", async () => {
    const { m, as, id, get } = await setup();
    expect(await get("consumer/0", "key")).toBe("one\n");
    await as("owner/0", (ctx) => must(ctx, "secret-set", id, "key=two").then(() => undefined));
    expect(await get("consumer/0", "key")).toBe("one\n");
    expect(await get("consumer/0", "key", "--peek")).toBe("two\n");
    expect(m.secret(id)?.tracking.get("consumer/0")).toBe(1);
    expect(await get("consumer/0", "key", "--refresh")).toBe("two\n");
    expect(m.secret(id)?.tracking.get("consumer/0")).toBe(2);
    expect((await m.runTool("consumer/0", "secret-get", [id, "--peek", "--refresh"])).exitCode).toBe(2);
  });

  it("31: secret-get <id> --label sets the consumer label; a duplicate owner label is rejected", async () => {
    const { m, as, id } = await setup();
    await as("consumer/0", (ctx) => must(ctx, "secret-get", id, "--label", "theirs").then(() => undefined));
    expect(m.secret(id)?.consumerLabels.get("consumer")).toBe("theirs");
    expect((await m.runTool("consumer/0", "secret-get", ["--label", "theirs"])).stdout).toBe("key: one\n");
    const dup = await m.runTool("owner/0", "secret-add", ["--label", "app-secret", "key=x"]);
    // The tool or the commit refuses it; a probe drops the commit, so ask a hook.
    let failed = dup.exitCode !== 0;
    if (!failed) {
      await as("owner/0", (ctx) =>
        must(ctx, "secret-add", "--label", "app-secret", "key=x").then(() => undefined),
      );
      failed = lastHook(m, "owner/0")?.result === "failed";
    }
    expect(failed).toBe(true);
  });

  it("32: a missing key is an error that says not found", async () => {
    const { m, id } = await setup();
    const out = await m.runTool("owner/0", "secret-get", [id, "nope"]);
    expect(out.exitCode).toBe(1);
    expect(out.stderr).toContain("not found");
  });

  it("33: secret-changed goes once per new revision to units that read it, with their label; none on delete", async () => {
    const { m, as, id } = await setup();
    await as("consumer/0", (ctx) => must(ctx, "secret-get", id, "--label", "theirs").then(() => undefined));
    await as("owner/0", (ctx) => must(ctx, "secret-set", id, "key=two").then(() => undefined));
    const changed = m.hookLog.filter((h) => h.hook === "secret-changed");
    expect(changed.map((h) => [h.unit, h.env.secret?.label])).toEqual([["consumer/0", "theirs"]]);
    await as("owner/0", (ctx) => must(ctx, "secret-remove", id).then(() => undefined));
    expect(m.hookLog.filter((h) => h.hook === "secret-changed")).toHaveLength(1);
    expect((await m.readSecretAs("consumer/0", id)).stderr).toContain("not found");
  });

  it("34: secret-remove goes to the owner for each obsolete revision, with its number", async () => {
    const { m, as, id, get } = await setup();
    await get("consumer/0", "key"); // tracks revision 1
    await as("owner/0", (ctx) => must(ctx, "secret-set", id, "key=two").then(() => undefined));
    await get("consumer/0", "key", "--refresh"); // revision 1 now tracked by nobody
    const removes = m.hookLog.filter((h) => h.hook === "secret-remove");
    expect(removes.map((h) => [h.unit, h.env.secret?.revision])).toEqual([["owner/0", 1]]);
  });

  it("35: secret-rotate at the policy's time, re-firing every 5 minutes until a new revision", async () => {
    const { m, as } = await setup();
    await as("owner/0", (ctx) =>
      must(ctx, "secret-add", "--rotate", "hourly", "key=val").then(() => undefined),
    );
    const rotates = () => m.hookLog.filter((h) => h.hook === "secret-rotate").length;
    m.advance(60 * MINUTE - 1);
    await m.settle();
    expect(rotates()).toBe(0);
    m.advance(1);
    await m.settle();
    expect(rotates()).toBe(1);
    m.advance(5 * MINUTE);
    await m.settle();
    expect(rotates()).toBe(2);
  });

  it("36: secret-expired at the revision's expiry, every 5 minutes until removed; reads still work", async () => {
    const { m, id } = await setup();
    m.expireRevision(id, {}, 1, MINUTE);
    m.advance(MINUTE);
    await m.settle();
    m.advance(5 * MINUTE);
    await m.settle();
    const expired = m.hookLog.filter((h) => h.hook === "secret-expired");
    expect(expired.map((h) => [h.unit, h.env.secret?.revision])).toEqual([
      ["owner/0", 1],
      ["owner/0", 1],
    ]);
    expect((await m.readSecretAs("consumer/0", id)).exitCode).toBe(0);
  });

  it("35: a late secret-rotate retries 5 minutes after the time it was due, not after it ran", async () => {
    const { m, as } = await setup();
    await as("owner/0", (ctx) =>
      must(ctx, "secret-add", "--rotate", "hourly", "key=val").then(() => undefined),
    );
    const rotates = () => m.hookLog.filter((h) => h.hook === "secret-rotate").length;
    // Due at 60 min, run at 63: the retry is at 65 (schedule + RotateRetryDelay), not at 68.
    m.advance(63 * MINUTE);
    await m.settle();
    expect(rotates()).toBe(1);
    m.advance(2 * MINUTE - 1);
    await m.settle();
    expect(rotates()).toBe(1);
    m.advance(1);
    await m.settle();
    expect(rotates()).toBe(2);
  });

  it("36: a late secret-expired re-fires 5 minutes after the time it was due, not after it ran", async () => {
    const { m, id } = await setup();
    m.expireRevision(id, {}, 1, 60 * MINUTE);
    const expired = () => m.hookLog.filter((h) => h.hook === "secret-expired").length;
    m.advance(63 * MINUTE);
    await m.settle();
    expect(expired()).toBe(1);
    m.advance(2 * MINUTE - 1);
    await m.settle();
    expect(expired()).toBe(1);
    m.advance(1);
    await m.settle();
    expect(expired()).toBe(2);
  });

  it("37: grants belong to a relation: removing it revokes; an app grant waits until unit grants are revoked", async () => {
    const { m, rel, id, as } = await setup();
    const r = String(rel.id);
    let other = "";
    await as("owner/0", async (ctx) => {
      other = (await must(ctx, "secret-add", "key=val")).trim();
      await must(ctx, "secret-grant", other, "-r", r, "--unit", "consumer/1");
    });
    let out = { exitCode: 0, stderr: "" };
    await as("owner/0", async (ctx) => {
      out = await tool(ctx, "secret-grant", other, "-r", r);
    });
    // Refused by the tool or at commit.
    const error = out.exitCode === 0 ? lastHook(m, "owner/0")?.error : out.stderr;
    expect(error).toContain("unit level grants need to be revoked");
    m.advance(MINUTE);
    await m.settle();
    m.removeRelation(rel);
    await m.settle();
    expect((await m.readSecretAs("consumer/0", id)).stderr).toContain("permission denied");
  });

  it("38: secret-remove without a revision deletes the secret; removing the last revision too", async () => {
    const { m, as, id } = await setup();
    await as("owner/0", (ctx) => must(ctx, "secret-remove", id).then(() => undefined));
    expect(m.secret(id)).toBeUndefined();
    let other = "";
    await as("owner/0", async (ctx) => {
      other = (await must(ctx, "secret-add", "key=val")).trim();
    });
    await as("owner/0", (ctx) => must(ctx, "secret-remove", other, "--revision", "1").then(() => undefined));
    expect(m.secret(other)).toBeUndefined();
  });

  it("39: keys must match ^[a-z](-?[a-z0-9]){2,}$; #base64 values are decoded", async () => {
    const { m, as } = await setup();
    for (const key of ["ab", "Key", "a--b", "1ab"]) {
      expect((await m.runTool("owner/0", "secret-add", [`${key}=v`])).exitCode).not.toBe(0);
    }
    let id = "";
    await as("owner/0", async (ctx) => {
      id = (await must(ctx, "secret-add", `key#base64=${Buffer.from("hi").toString("base64")}`)).trim();
    });
    expect(m.secret(id)?.content()).toEqual({ key: "hi" });
  });

  it("40: user secrets: readable once granted, by a URI in a secret option; consumers get secret-changed on update", async () => {
    const { m, as } = await setup();
    const uri = m.addUserSecret("creds", { password: "user-pw-123" });
    expect((await m.readSecretAs("consumer/0", uri)).stderr).toContain("permission denied");
    m.grantSecret(uri, "consumer");
    await as("consumer/0", (ctx) => tool(ctx, "secret-get", uri).then(() => undefined));
    m.updateUserSecret(uri, { password: "user-pw-456" });
    const ran = await m.settle();
    expect(ran.map((h) => [h.unit, h.hook])).toEqual([["consumer/0", "secret-changed"]]);
  });
});
