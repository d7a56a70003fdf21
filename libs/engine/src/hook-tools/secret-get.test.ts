import { describe, expect, it } from "vitest";
import { addSecret, failure, fixture, ok, tool, usage } from "../../testing/hook-context/test-fixtures";

describe("secret-get", () => {
  it("prints the content as YAML by default, JSON on request, or one key", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "username=admin", "password=p4ss");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-get", `secret:${xid}`)).toEqual(ok("password: p4ss\nusername: admin\n"));
    expect(await tool(ctx, "secret-get", xid, "--format=json")).toEqual(
      ok('{"password":"p4ss","username":"admin"}\n'),
    );
    expect(await tool(ctx, "secret-get", `secret://${model.uuid}/${xid}`, "username")).toEqual(ok("admin\n"));
    expect(await tool(ctx, "secret-get", xid, "username#base64")).toEqual(ok("YWRtaW4=\n"));
    expect(await tool(ctx, "secret-get", xid, "username", "--format=json")).toEqual(ok('"admin"\n'));
  });

  it("fails for a missing key with a 'not found' text (exit 1)", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "username=admin");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-get", xid, "password")).toEqual(
      failure('secret key value "password" not found'),
    );
  });

  it("fails for unknown secrets and labels (exit 1)", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-get", "9m4e2mr0ui3e8a215n4g")).toEqual(
      failure('secret "9m4e2mr0ui3e8a215n4g" not found'),
    );
    // [~] The contract gives this text as approximate; it is the facade's NotFoundf("consumer label %q").
    expect(await tool(ctx, "secret-get", "--label", "nope")).toEqual(
      failure('consumer label "nope" not found'),
    );
  });

  it("rejects bad usage (exit 2)", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-get")).toEqual(usage("require either a secret URI or label"));
    expect(await tool(ctx, "secret-get", xid, "--peek", "--refresh")).toEqual(
      usage("specify one of --peek or --refresh but not both"),
    );
    expect(await tool(ctx, "secret-get", "not-a-uri")).toEqual(usage('secret URI "not-a-uri" not valid'));
    expect(await tool(ctx, "secret-get", "secret://bad-host/9m4e2mr0ui3e8a215n4g")).toEqual(
      usage('secret URI "secret://bad-host/9m4e2mr0ui3e8a215n4g" not valid'),
    );
    expect(await tool(ctx, "secret-get", xid, "abc", "extra")).toEqual(usage('unrecognized args: ["extra"]'));
    // With --label alone the first argument is still parsed as the URI, as in Juju.
    expect(await tool(ctx, "secret-get", "--label", "l", "abc")).toEqual(usage('secret URI "abc" not valid'));
    expect(await tool(ctx, "secret-get", xid, "--format=smart")).toEqual(
      usage('invalid value "smart" for flag --format: unknown format "smart"'),
    );
  });

  it("reads a secret created earlier in the same hook, by ID or by label", async () => {
    const { model } = fixture();
    const ctx = model.openContext("indexer/0", { hook: "install" });
    const uri = (await tool(ctx, "secret-add", "--label", "api", "api-key=k1")).stdout.trim();
    expect(await tool(ctx, "secret-get", uri, "api-key")).toEqual(ok("k1\n"));
    expect(await tool(ctx, "secret-get", "--label", "api", "--format=json")).toEqual(
      ok('{"api-key":"k1"}\n'),
    );
  });

  it("shows a pending secret-set only with --peek or --refresh", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc=v1");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    await tool(ctx, "secret-set", xid, "abc=v2");
    expect(await tool(ctx, "secret-get", xid, "abc")).toEqual(ok("v1\n"));
    expect(await tool(ctx, "secret-get", xid, "abc", "--peek")).toEqual(ok("v2\n"));
    expect(await tool(ctx, "secret-get", xid, "abc", "--refresh")).toEqual(ok("v2\n"));
    expect(ctx.commit()).toEqual({ ok: true });
    expect(model.secret(xid)?.consumers.get("indexer/0")?.currentRevision).toBe(2);
  });

  it("reports invalid stored base64 like Go's decoder (exit 1)", async () => {
    const { model } = fixture();
    const xid = await addSecret(model, "indexer/0", "abc#base64=!!!");
    const ctx = model.openContext("indexer/0", { hook: "x" });
    expect(await tool(ctx, "secret-get", xid)).toEqual(failure("illegal base64 data at input byte 0"));
    // Juju decodes the whole content before picking a key, so even key#base64 fails.
    expect(await tool(ctx, "secret-get", xid, "abc#base64")).toEqual(
      failure("illegal base64 data at input byte 0"),
    );
  });
});
