import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { failure, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

const URI = /^secret:\/\/d9d5ad49-8e0a-4a7c-8f6f-6e2ad6c0a0e1\/([0-9a-v]{20})\n$/;

describe("secret-add", () => {
  it("prints the long-form URI at once but creates the secret only at commit", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "install" });
    const out = await tool(ctx, "secret-add", "--label", "api-key", "api-key=s3cret");
    expect(out.exitCode).toBe(0);
    const xid = URI.exec(out.stdout)?.[1] ?? "";
    expect(xid).toHaveLength(20);
    expect(model.secret(xid)).toBeUndefined();
    expect(ctx.commit()).toEqual({ ok: true });
    expect(model.secret(xid)).toMatchObject({
      label: "api-key",
      latestRevision: 1,
      owner: { kind: "application", name: "indexer" },
    });
    expect(model.secretContent(xid)).toEqual({ "api-key": "s3cret" });
  });

  it("never creates the secret if the hook fails", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "install" });
    const xid = URI.exec((await tool(ctx, "secret-add", "a-key=v")).stdout)?.[1] ?? "";
    ctx.discard();
    expect(model.secret(xid)).toBeUndefined();
  });

  it("takes key=value, key#base64= and key#file= (file read at call time) plus --file YAML or JSON", async () => {
    const { model } = fixture();
    const dir = mkdtempSync(join(tmpdir(), "secret-add-"));
    writeFileSync(join(dir, "cert.pem"), "-----BEGIN-----\nabc\n");
    writeFileSync(join(dir, "more.yaml"), "from-yaml: plain\nraw#base64: aGk=\nblob: !!binary aGVsbG8=\n");
    writeFileSync(join(dir, "more.json"), '{"from-json": "j"}');
    const ctx = model.openContext("indexer/0", { hook: "install" }, { cwd: dir });
    const a = URI.exec(
      (
        await tool(
          ctx,
          "secret-add",
          "user=admin",
          "token#base64=dG9rZW4=",
          "cert#file=cert.pem",
          "--file",
          "more.yaml",
        )
      ).stdout,
    )?.[1];
    writeFileSync(join(dir, "cert.pem"), "changed later");
    const b = URI.exec((await tool(ctx, "secret-add", "--file", join(dir, "more.json"))).stdout)?.[1];
    ctx.commit();
    expect(model.secretContent(a ?? "")).toEqual({
      user: "admin",
      token: "token",
      cert: "-----BEGIN-----\nabc\n",
      "from-yaml": "plain",
      raw: "hi",
      blob: "hello",
    });
    expect(model.secretContent(b ?? "")).toEqual({ "from-json": "j" });
  });

  it("splits on the first = and keeps base64 padding in the value", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "install" });
    const xid = URI.exec((await tool(ctx, "secret-add", "url=a=b", "pad#base64=YQ==")).stdout)?.[1] ?? "";
    ctx.commit();
    expect(model.secretContent(xid)).toEqual({ url: "a=b", pad: "a" });
  });

  it("rejects bad content with Juju's texts (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "install" }, { cwd: "/nowhere" });
    expect(await tool(ctx, "secret-add")).toEqual(usage("missing secret value or filename"));
    expect(await tool(ctx, "secret-add", "ab=x")).toEqual(usage('key "ab" not valid'));
    expect(await tool(ctx, "secret-add", "Upper=x")).toEqual(usage('key "Upper" not valid'));
    expect(await tool(ctx, "secret-add", "a--b=x")).toEqual(usage('key "a--b" not valid'));
    expect(await tool(ctx, "secret-add", "novalue")).toEqual(usage('key value "novalue" not valid'));
    // [~] The contract only says an empty value is rejected; Juju's text is this one.
    expect(await tool(ctx, "secret-add", "key=")).toEqual(usage('key value "key=" not valid'));
    expect(await tool(ctx, "secret-add", "cert#file=cert.pem")).toEqual(
      usage('reading content for secret key "cert": open /nowhere/cert.pem: no such file or directory'),
    );
    expect(await tool(ctx, "secret-add", "--file", "s.yaml")).toEqual(
      usage("open /nowhere/s.yaml: no such file or directory"),
    );
  });

  it("enforces the 1 MB base64 limits (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "install" });
    expect(await tool(ctx, "secret-add", `big=${"a".repeat(750001)}`)).toEqual(
      usage('base64 encoded secret content for key "big" too large: 1000004 bytes'),
    );
    const chunk = "a".repeat(750000 / 8);
    const args = [...Array.from({ length: 8 }, (_, i) => `key${i + 1}=${chunk}`), "key9=a"];
    expect(await tool(ctx, "secret-add", ...args)).toEqual(
      usage("base64 encoded secret content too large: 1000004 bytes"),
    );
  });

  it("validates --owner, --rotate and --expire (exit 2)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "install" });
    expect(await tool(ctx, "secret-add", "--owner", "model", "a-b=c")).toEqual(
      usage('secret owner "model" not valid'),
    );
    expect(await tool(ctx, "secret-add", "--rotate", "often", "abc=c")).toEqual(
      usage('rotate policy "often" not valid'),
    );
    expect(await tool(ctx, "secret-add", "--expire", "soon", "abc=c")).toEqual(
      usage('expire time or duration "soon" not valid'),
    );
    expect(await tool(ctx, "secret-add", "--expire", "-1h", "abc=c")).toEqual(
      usage('negative expire duration "-1h" not valid'),
    );
    expect(await tool(ctx, "secret-add", "--expire", "0", "abc=c")).toEqual(
      usage('negative expire duration "0" not valid'),
    );
  });

  it("accepts expiry as RFC 3339, local form (UTC) or a duration from now", async () => {
    const { model, clock } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "install" });
    const add = async (expire: string) =>
      URI.exec((await tool(ctx, "secret-add", "--expire", expire, "abc=c")).stdout)?.[1] ?? "";
    const a = await add("2025-06-01T12:00:00+02:00");
    const b = await add("2025-06-01T12:00:00");
    const c = await add("90m");
    ctx.commit();
    const expiry = (xid: string) => model.secret(xid)?.revisions.get(1)?.expireTime?.toISOString();
    expect(expiry(a)).toBe("2025-06-01T10:00:00.000Z");
    expect(expiry(b)).toBe("2025-06-01T12:00:00.000Z");
    expect(expiry(c)).toBe(new Date(clock.now().getTime() + 90 * 60_000).toISOString());
  });

  it("needs leadership for application-owned secrets; any unit may add unit-owned ones", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/1", { hook: "install" });
    expect(await tool(ctx, "secret-add", "abc=c")).toEqual(failure("this unit is not the leader"));
    const out = await tool(ctx, "secret-add", "--owner", "unit", "abc=c");
    ctx.commit();
    expect(model.secret(URI.exec(out.stdout)?.[1] ?? "")?.owner).toEqual({ kind: "unit", name: "indexer/1" });
  });

  it("rejects a duplicate label in the same hook (exit 1) and at commit against existing secrets", async () => {
    const { model } = fixture();
    const first = model.openContext("indexer/0", { hook: "install" });
    await tool(first, "secret-add", "--label", "k", "abc=1");
    expect(await tool(first, "secret-add", "--label", "k", "abc=2")).toEqual(
      failure('secret with label "k" already exists'),
    );
    first.commit();
    const second = model.openContext("indexer/0", { hook: "install" });
    expect(await tool(second, "secret-add", "--label", "k", "abc=3")).toEqual(ok(expect.stringMatching(URI)));
    expect(second.commit()).toEqual({ ok: false, error: 'secret with label "k" already exists' });
  });

  it("fails when --file holds no content (exit 1)", async () => {
    const { model } = fixture();
    const dir = mkdtempSync(join(tmpdir(), "secret-add-"));
    writeFileSync(join(dir, "empty.yaml"), "{}\n");
    const ctx = model.openContext("indexer/0", { hook: "install" }, { cwd: dir });
    expect(await tool(ctx, "secret-add", "--file", "empty.yaml")).toEqual(
      failure("empty secret value not valid"),
    );
  });
});
