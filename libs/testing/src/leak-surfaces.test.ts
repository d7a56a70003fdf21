import { existsSync, rmSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { PodFile, PodProvider } from "./engine-events";
import { LeakError } from "./leak-scanner";
import { type LeakPlace, leaky, leakyTempFile, sink } from "./test-charms";
import { type TestModel, testModel } from "./test-model";

const PASSWORD = "hunter2-but-longer";

let m: TestModel | undefined;

afterEach(async () => {
  rmSync(leakyTempFile("leaky/0"), { force: true });
  await m?.close().catch(() => undefined);
  m = undefined;
});

async function leakyModel(
  leak: LeakPlace,
  options: Parameters<typeof testModel>[0] = {},
  password = PASSWORD,
): Promise<TestModel> {
  m = await testModel(options);
  m.deploy("leaky", { charm: leaky });
  m.deploy("sink", { charm: sink });
  m.integrate("sink", "leaky");
  const uri = m.addUserSecret("db-creds", { password });
  m.grantSecret("db-creds", "leaky");
  m.config("leaky", { creds: uri, leak });
  return m;
}

async function leakReport(model: TestModel, password = PASSWORD): Promise<string> {
  const error = await model.settle().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(LeakError);
  const message = (error as LeakError).message;
  expect(message).toContain('a value of secret "db-creds" (owner model, revision 1, key "password")');
  expect(message).not.toContain(password);
  expect(message).not.toContain(encodeURIComponent(password));
  return message;
}

describe("the leak scanner in a test model", () => {
  it("stays quiet on a clean run (the value is read, and redacted from the logs)", async () => {
    const model = await leakyModel("none");
    await model.settle();
    expect(model.unitStatus("leaky/0").status).toBe("active");
    expect(model.leaks()).toEqual([]);
    await model.close();
  });

  it("catches a value in hook stdout", async () => {
    expect(await leakReport(await leakyModel("stdout"))).toMatch(
      /in stdout of leaky\/0 "[a-z-]+" \(hook #\d+\), line \d+/,
    );
  });

  it("catches a value in juju-log (and in juju-log's argv)", async () => {
    const report = await leakReport(await leakyModel("juju-log"));
    expect(report).toMatch(/in juju-log of leaky\/0 \(record #\d+, INFO\)/);
    expect(report).toMatch(/in argv of juju-log in leaky\/0/);
  });

  it("catches a value in relation data", async () => {
    const report = await leakReport(await leakyModel("relation"));
    expect(report).toMatch(/in relation \d+ \(sink:in leaky:out\) databag of leaky, key "password"/);
  });

  it("catches a value in a hook tool's argv", async () => {
    expect(await leakReport(await leakyModel("argv"))).toMatch(/in argv of config-get in leaky\/0/);
  });

  it("catches a value in unit state (state-set, passed on stdin)", async () => {
    const report = await leakReport(await leakyModel("state"));
    expect(report).toMatch(/in unit state \(state-set\) of leaky\/0, key "db-password"/);
    expect(report).not.toMatch(/argv of state-set/);
  });

  it("catches a value used as a databag key, and masks it in the report", async () => {
    const report = await leakReport(await leakyModel("relation-key"));
    expect(report).toMatch(
      /in relation \d+ \(sink:in leaky:out\) databag of leaky, the name of key "<secret>"/,
    );
  });

  it("catches encoded values: base64 (inside a longer text), base64url, hex, URL-encoded", async () => {
    const stdout = /in stdout of leaky\/0 "[a-z-]+" \(hook #\d+\), line \d+/;
    const base64 = await leakReport(await leakyModel("base64"));
    expect(base64).toContain('key "password"), base64-encoded in stdout');
    expect(base64).toMatch(stdout);
    await m?.close().catch(() => undefined);
    const urlSafe = "hunter2~~~but>>>longer?"; // its base64 has + and /, its base64url - and _
    expect(await leakReport(await leakyModel("base64url", {}, urlSafe), urlSafe)).toContain(
      "), base64url-encoded in stdout",
    );
    await m?.close().catch(() => undefined);
    expect(await leakReport(await leakyModel("hex"))).toContain("), hex-encoded in stdout");
    await m?.close().catch(() => undefined);
    const special = "p@ss word/with&odd=chars";
    expect(await leakReport(await leakyModel("url-encoded", {}, special), special)).toContain(
      "), URL-encoded in stdout",
    );
  });

  it("catches part of a value (12 of its 18 characters)", async () => {
    expect(await leakReport(await leakyModel("partial"))).toContain(
      'key "password"), in part (12+ characters) in stdout',
    );
  });

  it("catches a file a hook leaves in the host's temp dir", async () => {
    const report = await leakReport(await leakyModel("tmp"));
    expect(report).toContain(`in file ${leakyTempFile("leaky/0")} in the host's temp dir`);
  });

  it("scans after every hook: a file install writes and the next hook removes is caught", async () => {
    const report = await leakReport(await leakyModel("tmp-transient"));
    expect(existsSync(leakyTempFile("leaky/0"))).toBe(false);
    expect(report).toContain(`in file ${leakyTempFile("leaky/0")} in the host's temp dir`);
  });

  it("reports each leak once: close() after a failed settle does not throw again", async () => {
    const model = await leakyModel("argv");
    await expect(model.settle()).rejects.toThrow(LeakError);
    await expect(model.close()).resolves.toBeUndefined();
  });

  it("close() fails for a leak no settle() reported", async () => {
    const model = await leakyModel("none");
    await model.settle();
    model.model.log("leaky/0", "INFO", `late ${PASSWORD}`);
    await expect(model.close()).rejects.toThrow(/juju-log of leaky\/0/);
  });

  it("reads pods: Pebble plans and files, with declared credential files allowed at 0600 only", async () => {
    const files: PodFile[] = [
      { container: "app", path: "/config/app.ini", mode: 0o600, content: `password=${PASSWORD}` },
      { container: "app", path: "/config/other.ini", mode: 0o644, content: `password=${PASSWORD}` },
      { container: "app", path: "/config/loose.ini", mode: 0o644, content: "nothing here" },
    ];
    const provider: PodProvider = {
      async startPod(unit) {
        return {
          containerSocketDirs: {},
          inspect: async () => ({
            texts: [{ where: "Pebble plan of container app", text: `environment: {PASSWORD: ${PASSWORD}}` }],
            files: unit === "leaky/0" ? files : [],
          }),
          close: async () => undefined,
        };
      },
    };
    const model = await leakyModel("none", { podProvider: provider });
    model.declareCredentialFile("leaky/0", "app", "/config/app.ini");
    model.declareCredentialFile("leaky/0", "app", "/config/loose.ini");
    const error = await model.settle().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(LeakError);
    const wheres = (error as LeakError).findings.map((f) => `${f.where}: ${f.problem.split(" (")[0]}`);
    expect(wheres.sort()).toEqual(
      [
        'Pebble plan of container app of leaky/0: a value of secret "db-creds"',
        'Pebble plan of container app of sink/0: a value of secret "db-creds"',
        "file /config/loose.ini in container app of leaky/0: a credential file with mode 0644, not 0600",
        'file /config/other.ini in container app of leaky/0: a value of secret "db-creds"',
      ].sort(),
    );
  });
});
