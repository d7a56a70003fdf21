import { existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type CannedAnswer,
  jsonOutput,
  jujuError,
  type RecordedCall,
  RecordingToolRunner,
} from "../../testing/recording-tool-runner";
import {
  InvalidArgumentError,
  NotLeaderError,
  PermissionDeniedError,
  SecretNotFoundError,
  UnexpectedOutputError,
  UsageError,
} from "./hook-tool-error";
import { HookTools } from "./hook-tools";
import type { SecretRef, SecretRevokeTarget } from "./secret-tools";
import type { ToolOutput } from "./tool-runner";

const XID = "9m4e2mr0ui3e8a215n4g";
const URI = `secret://5a7c1c8e-0000-4000-8000-000000000001/${XID}`;
const SHORT = `secret:${XID}`;

const setup = (answers: Record<string, CannedAnswer> = {}) => {
  const runner = new RecordingToolRunner(answers);
  return { runner, tools: new HookTools(runner) };
};

/** An answer that reads every key#file= file while the call runs (they are gone afterwards). */
function readingFiles(
  seen: { files: Record<string, string>; dirs: Set<string> },
  stdout = "",
): (call: RecordedCall) => Partial<ToolOutput> {
  return (call: RecordedCall) => {
    for (const arg of call.args) {
      const [key, path] = arg.split("#file=");
      if (path === undefined) continue;
      seen.files[key!] = readFileSync(path, "utf8");
      seen.dirs.add(dirname(path));
    }
    return { stdout };
  };
}

describe("secret-add", () => {
  it("passes content through key#file= files, always --owner, and returns the URI", async () => {
    const seen = { files: {} as Record<string, string>, dirs: new Set<string>() };
    const { runner, tools } = setup({ "secret-add": readingFiles(seen, `${URI}\n`) });
    const uri = await tools.secretAdd(
      { username: "admin", password: "hunter2-very-secret" },
      { label: "credentials", description: "-qbittorrent web UI", rotate: "monthly" },
    );
    expect(uri).toBe(URI);
    const [dir] = [...seen.dirs];
    expect(seen.dirs.size).toBe(1);
    expect(runner.onlyCall.args).toEqual([
      "--owner=application",
      "--label=credentials",
      "--description=-qbittorrent web UI",
      "--rotate=monthly",
      `username#file=${dir}/username`,
      `password#file=${dir}/password`,
    ]);
    expect(seen.files).toEqual({ username: "admin", password: "hunter2-very-secret" });
    expect(runner.onlyCall.args.join(" ")).not.toContain("hunter2");
    expect(existsSync(dir!)).toBe(false);
  });

  it("passes a unit owner and an expiry (Date as RFC 3339, or a duration)", async () => {
    const { runner, tools } = setup({ "secret-add": { stdout: `${SHORT}\n` } });
    await tools.secretAdd({ token: "t" }, { owner: "unit", expire: new Date("2030-01-02T03:04:05.678Z") });
    await tools.secretAdd({ token: "t" }, { expire: "24h" });
    expect(runner.calls[0]!.args.slice(0, 2)).toEqual(["--owner=unit", "--expire=2030-01-02T03:04:05Z"]);
    expect(runner.calls[1]!.args.slice(0, 2)).toEqual(["--owner=application", "--expire=24h"]);
  });

  it("cleans up its files when Juju refuses", async () => {
    const seen = { files: {} as Record<string, string>, dirs: new Set<string>() };
    const { tools } = setup({
      "secret-add": (call) => {
        readingFiles(seen)(call);
        return jujuError("this unit is not the leader");
      },
    });
    await expect(tools.secretAdd({ token: "t" })).rejects.toThrow(NotLeaderError);
    expect([...seen.dirs].some((d) => existsSync(d))).toBe(false);
  });

  it("refuses empty content, bad keys and bad policies before calling", async () => {
    const { runner, tools } = setup();
    await expect(tools.secretAdd({})).rejects.toThrow(InvalidArgumentError);
    await expect(tools.secretAdd({ ab: "x" })).rejects.toThrow('"ab" not valid');
    await expect(tools.secretAdd({ token: "x" }, { rotate: "fortnightly" as "daily" })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(tools.secretAdd({ token: "x" }, { expire: new Date("nope") })).rejects.toThrow(
      InvalidArgumentError,
    );
    expect(runner.calls).toEqual([]);
  });

  it("rejects output that is not a secret URI", async () => {
    const { tools } = setup({ "secret-add": { stdout: "\n" } });
    await expect(tools.secretAdd({ token: "t" })).rejects.toThrow(UnexpectedOutputError);
  });
});

describe("secret-set", () => {
  it("sets new content through files, the ID last before the content", async () => {
    const seen = { files: {} as Record<string, string>, dirs: new Set<string>() };
    const { runner, tools } = setup({ "secret-set": readingFiles(seen) });
    await tools.secretSet(URI, { content: { "api-key": "k2" }, rotate: "never" });
    const [dir] = [...seen.dirs];
    expect(runner.onlyCall.args).toEqual(["--rotate=never", URI, `api-key#file=${dir}/api-key`]);
    expect(seen.files).toEqual({ "api-key": "k2" });
    expect(existsSync(dir!)).toBe(false);
  });

  it("allows a metadata-only update", async () => {
    const { runner, tools } = setup();
    await tools.secretSet(XID, { label: "api-key", description: "d" });
    expect(runner.onlyCall.args).toEqual(["--label=api-key", "--description=d", XID]);
  });

  it("refuses an ID that is not one", async () => {
    const { runner, tools } = setup();
    await expect(tools.secretSet("--label=x", { label: "y" })).rejects.toThrow(InvalidArgumentError);
    expect(runner.calls).toEqual([]);
  });
});

describe("secret-get", () => {
  it.each<[SecretRef, object, string[]]>([
    [{ id: URI }, {}, ["--format=json", URI]],
    [{ id: SHORT, label: "prowlarr-api-key" }, {}, ["--format=json", "--label=prowlarr-api-key", SHORT]],
    [{ label: "credentials" }, { refresh: true }, ["--format=json", "--label=credentials", "--refresh"]],
    [{ id: XID }, { peek: true }, ["--format=json", "--peek", XID]],
  ])("reads %j %j with %j", async (ref, opts, args) => {
    const { runner, tools } = setup({ "secret-get": jsonOutput({ username: "admin", password: "pw" }) });
    await expect(tools.secretGet(ref, opts)).resolves.toEqual({ username: "admin", password: "pw" });
    expect(runner.onlyCall.args).toEqual(args);
  });

  it("reads one key", async () => {
    const { runner, tools } = setup({ "secret-get": jsonOutput("pw") });
    await expect(tools.secretGetValue({ id: URI }, "password", { refresh: true })).resolves.toBe("pw");
    await tools.secretGetValue({ label: "credentials" }, "password#base64");
    expect(runner.calls.map((c) => c.args)).toEqual([
      ["--format=json", "--refresh", URI, "password"],
      ["--format=json", "--label=credentials", "password#base64"],
    ]);
  });

  it("refuses peek with refresh, no ID nor label, and bad keys before calling", async () => {
    const { runner, tools } = setup();
    await expect(tools.secretGet({ id: URI }, { peek: true, refresh: true })).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(tools.secretGet({} as SecretRef)).rejects.toThrow(InvalidArgumentError);
    await expect(tools.secretGetValue({ id: URI }, "-x")).rejects.toThrow(InvalidArgumentError);
    expect(runner.calls).toEqual([]);
  });

  it.each([
    [jujuError(`secret "${XID}" not found`), SecretNotFoundError],
    [jujuError('secret key value "password" not found'), SecretNotFoundError],
    [jujuError('consumer label "x" not found'), SecretNotFoundError],
    [jujuError("permission denied"), PermissionDeniedError],
    [jujuError(`secret URI "x" not valid`, 2), UsageError],
  ])("maps %j", async (answer, errorClass) => {
    const { tools } = setup({ "secret-get": answer });
    await expect(tools.secretGet({ id: URI })).rejects.toThrow(errorClass);
  });

  it("never puts content in an error about unexpected output", async () => {
    const { tools } = setup({ "secret-get": jsonOutput({ password: 12345678 }) });
    const error = await tools.secretGet({ id: URI }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(UnexpectedOutputError);
    expect(JSON.stringify({ ...error, message: (error as Error).message })).not.toContain("12345678");
  });
});

describe("secret-grant / secret-revoke / secret-remove", () => {
  it("grants on a relation, optionally to one unit", async () => {
    const { runner, tools } = setup();
    await tools.secretGrant(URI, 4);
    await tools.secretGrant(URI, "download-client:4", { unit: "radarr/0" });
    expect(runner.calls.map((c) => c.args)).toEqual([
      ["-r", "4", URI],
      ["-r", "download-client:4", "--unit=radarr/0", URI],
    ]);
  });

  it.each<[SecretRevokeTarget, string[]]>([
    [{ relationId: 4 }, ["-r", "4", URI]],
    [{ relationId: "db:4", unit: "radarr/1" }, ["-r", "db:4", "--unit=radarr/1", URI]],
    [{ app: "radarr" }, ["--app=radarr", URI]],
    [{ unit: "radarr/0" }, ["--unit=radarr/0", URI]],
  ])("revokes %j", async (target, args) => {
    const { runner, tools } = setup();
    await tools.secretRevoke(URI, target);
    expect(runner.onlyCall).toMatchObject({ tool: "secret-revoke", args });
  });

  it("refuses a revoke with no target or an app with anything else", async () => {
    const { runner, tools } = setup();
    await expect(tools.secretRevoke(URI, {} as SecretRevokeTarget)).rejects.toThrow(InvalidArgumentError);
    await expect(tools.secretRevoke(URI, { app: "a", unit: "a/0" } as SecretRevokeTarget)).rejects.toThrow(
      InvalidArgumentError,
    );
    await expect(tools.secretRevoke(URI, { app: "a", relationId: 1 } as SecretRevokeTarget)).rejects.toThrow(
      InvalidArgumentError,
    );
    expect(runner.calls).toEqual([]);
  });

  it("removes a revision or the whole secret", async () => {
    const { runner, tools } = setup();
    await tools.secretRemove(URI, { revision: 3 });
    await tools.secretRemove(URI);
    expect(runner.calls.map((c) => c.args)).toEqual([["--revision=3", URI], [URI]]);
    await expect(tools.secretRemove(URI, { revision: 0 })).rejects.toThrow(InvalidArgumentError);
  });

  it("maps a non-leader grant", async () => {
    const { tools } = setup({ "secret-grant": jujuError("this unit is not the leader") });
    await expect(tools.secretGrant(URI, 4)).rejects.toThrow(NotLeaderError);
  });
});

describe("secret-ids / secret-info-get", () => {
  it("lists owned secret xids, null as none", async () => {
    const { runner, tools } = setup({ "secret-ids": jsonOutput([XID]) });
    await expect(tools.secretIds()).resolves.toEqual([XID]);
    expect(runner.onlyCall.args).toEqual(["--format=json"]);
    runner.answer("secret-ids", jsonOutput(null));
    await expect(tools.secretIds()).resolves.toEqual([]);
  });

  it("returns the one entry, typed, with its xid", async () => {
    const access = [{ target: "application-radarr", scope: "relation-4", role: "view" }];
    const { runner, tools } = setup({
      "secret-info-get": jsonOutput({
        [XID]: {
          revision: 3,
          label: "api-key",
          owner: "application",
          rotation: "daily",
          rotates: "2030-01-01T00:00:00Z",
          access,
        },
      }),
    });
    await expect(tools.secretInfoGet({ id: URI })).resolves.toEqual({
      id: XID,
      revision: 3,
      label: "api-key",
      owner: "application",
      rotation: "daily",
      rotates: "2030-01-01T00:00:00Z",
      access,
    });
    await tools.secretInfoGet({ label: "api-key" });
    expect(runner.calls.map((c) => c.args)).toEqual([
      ["--format=json", URI],
      ["--format=json", "--label=api-key"],
    ]);
  });

  it("leaves absent fields out and defaults access to []", async () => {
    const { tools } = setup({
      "secret-info-get": jsonOutput({ [XID]: { revision: 1, label: "", owner: "unit" } }),
    });
    await expect(tools.secretInfoGet({ id: XID })).resolves.toEqual({
      id: XID,
      revision: 1,
      label: "",
      owner: "unit",
      access: [],
    });
  });

  it("refuses both or neither of ID and label, and a map without exactly one entry", async () => {
    const { tools } = setup({ "secret-info-get": jsonOutput({}) });
    await expect(tools.secretInfoGet({ id: XID, label: "x" } as never)).rejects.toThrow(InvalidArgumentError);
    await expect(tools.secretInfoGet({} as never)).rejects.toThrow(InvalidArgumentError);
    await expect(tools.secretInfoGet({ id: XID })).rejects.toThrow(UnexpectedOutputError);
  });

  it("maps a secret that is not owned", async () => {
    const { tools } = setup({ "secret-info-get": jujuError(`secret "${XID}" not found`) });
    await expect(tools.secretInfoGet({ id: XID })).rejects.toThrow(SecretNotFoundError);
  });
});
