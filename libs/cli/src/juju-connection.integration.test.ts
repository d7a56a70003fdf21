import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  ApiFailure,
  closedPort,
  DROP,
  type FakeJuju,
  makeJujuCertificates,
  SILENT,
  startFakeJuju,
} from "../testing/fake-juju-server";
import { formatError } from "./errors";
import { JujuSession, type LoginTarget } from "./juju-connection";

let fake: FakeJuju | undefined;
const sessions: JujuSession[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  await fake?.close();
  fake = undefined;
  vi.restoreAllMocks();
});

function target(url: string, password = "s3cret", timeoutMs = 2000): LoginTarget {
  return { url, user: "admin", password, timeoutMs, refusedHint: "run charmarr up" };
}

async function open(t: LoginTarget): Promise<JujuSession> {
  const s = await JujuSession.open(t);
  sessions.push(s);
  return s;
}

describe("JujuSession against a fake Juju server", () => {
  it("logs in with client version 3.6.0 and picks the highest common facade versions", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    fake.handlers.set("Application.AddRelation", (params) => ({ endpoints: {}, echoed: params }));
    const s = await open(target(fake.url()));
    const login = fake.calls.find((c) => c.request === "Login")!;
    expect((login.params as Record<string, unknown>)["client-version"]).toBe("3.6.0");
    expect(s.facadeVersion("Application")).toBe(22);
    expect(s.facadeVersion("Client")).toBe(8);
    expect(s.facadeVersion("Secrets")).toBe(2);
    const result = await s.call<{ echoed: unknown }>("Application", "AddRelation", { endpoints: ["a", "b"] });
    expect(result.echoed).toEqual({ endpoints: ["a", "b"] });
    expect(fake.calls.at(-1)).toMatchObject({ type: "Application", version: 22 });
  });

  it("a call that gets no answer times out with one line", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    fake.handlers.set("Client.FullStatus", () => SILENT);
    const s = await open(target(fake.url(), "s3cret", 300));
    const started = Date.now();
    const err = await s.call("Client", "FullStatus", { patterns: [] }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    const line = formatError(err);
    expect(line).toMatch(/^ERROR Client\.FullStatus got no answer within 0 s/);
    expect(line).not.toContain("\n");
  });

  it("a login that gets no answer times out", async () => {
    fake = await startFakeJuju({ password: "s3cret", silentLogin: true });
    const err = await JujuSession.open(target(fake.url(), "s3cret", 300)).catch((e: unknown) => e);
    expect(formatError(err)).toMatch(/connecting and logging in to 127\.0\.0\.1:\d+ got no answer/);
  });

  it("a socket closed mid-call fails every pending call at once", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    fake.handlers.set("Client.FullStatus", () => SILENT);
    fake.handlers.set("Application.Deploy", () => DROP);
    const s = await open(target(fake.url(), "s3cret", 60_000));
    const started = Date.now();
    const silent = s.call("Client", "FullStatus", {}).catch((e: unknown) => e);
    const dropped = s.call("Application", "Deploy", {}).catch((e: unknown) => e);
    const [a, b] = await Promise.all([silent, dropped]);
    expect(Date.now() - started).toBeLessThan(5000);
    for (const err of [a, b])
      expect(formatError(err)).toMatch(/connection to the controller closed \(code \d+\).*still running/);
    const later = await s.call("Pinger", "Ping", null).catch((e: unknown) => e);
    expect(formatError(later)).toMatch(/connection to the controller closed/);
  });

  it("a wrong password gives one line naming the fix", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    const log = vi.spyOn(console, "log");
    const error = vi.spyOn(console, "error");
    const err = await JujuSession.open(target(fake.url(), "wrong")).catch((e: unknown) => e);
    expect(formatError(err)).toBe(
      "ERROR login as admin refused: wrong user or password (check --user and --password-file, or the controller's controller.json)",
    );
    expect(log).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it("connection refused says the controller is not running, quietly", async () => {
    const port = await closedPort();
    const log = vi.spyOn(console, "log");
    const err = await JujuSession.open(target(`ws://127.0.0.1:${port}/api`)).catch((e: unknown) => e);
    expect(formatError(err)).toBe(
      `ERROR cannot reach the controller at 127.0.0.1:${port} (nothing listens there): run charmarr up`,
    );
    expect(log).not.toHaveBeenCalled();
  });

  it("wss: trusts the --ca-cert CA for the server name juju-apiserver, and refuses without it in one line", async () => {
    const dir = mkdtempSync(join(tmpdir(), "charmarr-tls-"));
    try {
      const { caCert, key, cert } = makeJujuCertificates(dir);
      fake = await startFakeJuju({ password: "s3cret", tls: { key, cert } });
      const s = await open({ ...target(fake.url()), caPem: caCert });
      expect(s.facadeVersion("Client")).toBe(8);
      const err = await JujuSession.open(target(fake.url())).catch((e: unknown) => e);
      expect(formatError(err)).toMatch(
        /^ERROR TLS to 127\.0\.0\.1:\d+ failed \(.+\): pass the controller's CA with --ca-cert/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("bulk results' per-item errors become errors naming the item", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    fake.handlers.set("Application.SetConfigs", () => ({
      results: [{}, { error: { message: 'unknown option "colour"', code: "not valid" } }],
    }));
    const s = await open(target(fake.url()));
    const err = await s.bulk("Application", "SetConfigs", {}, ["radarr", "sonarr"]).catch((e: unknown) => e);
    expect(formatError(err)).toBe('ERROR Application.SetConfigs (sonarr): unknown option "colour"');
  });

  it("an envelope error is an ApiError with the server's message", async () => {
    fake = await startFakeJuju({ password: "s3cret" });
    fake.handlers.set("Application.Get", () => {
      throw new ApiFailure('application "nope" not found', "not found");
    });
    const s = await open(target(fake.url()));
    const err = await s.call("Application", "Get", { application: "nope" }).catch((e: unknown) => e);
    expect(formatError(err)).toBe(
      'ERROR Application.Get: application "nope" not found (charmarr status lists the apps and units)',
    );
  });
});
