import { afterEach, describe, expect, it } from "vitest";
import type { PodFile, PodProvider } from "./engine-events";
import { LeakError } from "./leak-scanner";
import { type LeakPlace, leaky, sink } from "./test-charms";
import { type TestModel, testModel } from "./test-model";

const PASSWORD = "hunter2-but-longer";

let m: TestModel | undefined;

afterEach(async () => {
  await m?.close();
  m = undefined;
});

async function leakyModel(
  leak: LeakPlace,
  options: Parameters<typeof testModel>[0] = {},
): Promise<TestModel> {
  m = await testModel(options);
  m.deploy("leaky", { charm: leaky });
  m.deploy("sink", { charm: sink });
  m.integrate("sink", "leaky");
  const uri = m.addUserSecret("db-creds", { password: PASSWORD });
  m.grantSecret("db-creds", "leaky");
  m.config("leaky", { creds: uri, leak });
  return m;
}

async function leakReport(model: TestModel): Promise<string> {
  const error = await model.settle().then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(LeakError);
  const message = (error as LeakError).message;
  expect(message).toContain('a value of secret "db-creds" (owner model, revision 1, key "password")');
  expect(message).not.toContain(PASSWORD);
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
