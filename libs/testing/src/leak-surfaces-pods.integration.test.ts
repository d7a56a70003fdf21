import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { eventually, PebbleTestClient } from "@charmarr/engine/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { LeakError } from "./leak-scanner";
import { CHUNK_BYTES } from "./leak-surfaces";
import { type TestModel, testModel } from "./test-model";

// Planted leaks in a real pod: the default workload pod provider, a real Pebble server and real
// processes in the container. The charm only sets its status; the test plays the workload's
// part through the container's Pebble, with a secret value generated per run.

const METADATA = `name: podleak
containers: {app: {mounts: [{storage: data, location: /data}]}}
storage: {data: {type: filesystem}}
`;

const ORDINARY_LAYER = `
services:
  hello:
    override: replace
    startup: enabled
    command: bash -c 'echo "hello, listening on 8080"; exec sleep 1000'
`;

// The token reaches each place without the plan ever holding it: read from a 0600 credential
// file by the service's own shell.
const LEAKY_LAYER = `
services:
  logger:
    override: replace
    startup: enabled
    command: bash -c 'echo "token is $(cat /etc/app/token)"; exec sleep 1000'
  argv:
    override: replace
    startup: enabled
    command: bash -c 'exec -a "$(cat /etc/app/token)" sleep 1000'
  environ:
    override: replace
    startup: enabled
    command: bash -c 'export API_TOKEN="$(cat /etc/app/token)"; exec sleep 1000'
`;

let dir: string;
let m: TestModel | undefined;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "podleak-"));
  writeFileSync(join(dir, "metadata.yaml"), METADATA);
  writeFileSync(join(dir, "dispatch"), "#!/bin/sh\nstatus-set active\n");
  chmodSync(join(dir, "dispatch"), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await m?.close().catch(() => undefined);
  m = undefined;
});

async function podModel(): Promise<{ model: TestModel; client: PebbleTestClient; token: string }> {
  const model = await testModel();
  m = model;
  model.deploy("podleak", { charmDir: dir });
  const token = randomBytes(18).toString("base64url");
  model.addUserSecret("pod-token", { token });
  await model.settle();
  const socketDir = model.agents.pods().get("podleak/0")?.containerSocketDirs.app;
  if (!socketDir) throw new Error("podleak/0 has no pod");
  return { model, client: new PebbleTestClient(join(socketDir, "pebble.socket")), token };
}

async function findings(model: TestModel, token: string): Promise<string[]> {
  const error = await model.settle().catch((err: unknown) => err);
  expect(error).toBeInstanceOf(LeakError);
  const message = (error as LeakError).message;
  expect(message).not.toContain(token);
  for (const finding of (error as LeakError).findings) {
    expect(finding.problem).toMatch(
      /^a value of secret "pod-token" \(owner model, revision 1, key "token"\)/,
    );
  }
  return (error as LeakError).findings.map((f) => f.where);
}

describe("the leak scanner in a real pod", () => {
  it("stays quiet on ordinary services, logs and files; catches the token in service logs, process argv and environ, exec calls and a big file", async () => {
    const { model, client, token } = await podModel();
    await client.push("/etc/app/config.ini", "port=8080\n", { "make-dirs": true });
    await client.addLayer("base", ORDINARY_LAYER);
    await client.services("replan");
    await client.exec(["echo", "ordinary"], { environment: { LEVEL: "debug" } });
    await model.settle();
    expect(model.leaks()).toEqual([]);

    await client.push("/etc/app/token", token, { permissions: "600", "make-dirs": true });
    model.declareCredentialFile("podleak/0", "app", "/etc/app/token");
    const big = Buffer.alloc(3 * CHUNK_BYTES, "x");
    big.write(token, CHUNK_BYTES - 7); // across the first chunk boundary
    await client.push("/data/library.db", big);
    await client.addLayer("leaky", LEAKY_LAYER);
    await client.services("replan");
    await eventually(async () => (await client.serviceStatus("environ")) === "active" || undefined);
    const exec = await client.exec(["true", token], { environment: { API_TOKEN: token } });
    expect(exec.exitCode).toBe(0);

    const wheres = await findings(model, token);
    const pod = "in container app of podleak/0";
    expect(wheres).toContain(`Pebble log of service logger ${pod}`);
    expect(wheres).toContainEqual(
      expect.stringMatching(/^cmdline of process \d+ \(sleep\) in container app of podleak\/0$/),
    );
    expect(wheres).toContainEqual(
      expect.stringMatching(/^environ of process \d+ \(sleep\) in container app of podleak\/0$/),
    );
    expect(wheres).toContain(`command of exec call #2 ${pod}`);
    expect(wheres).toContain(`environment of exec call #2 ${pod}`);
    expect(wheres).toContain(`file /data/library.db ${pod}`);
    // Not from the plan, nor the declared 0600 credential file.
    expect(wheres.filter((w) => w.startsWith("plan of") || w.includes("/etc/app/token"))).toEqual([]);
  });

  it("reads a stopped container's files", async () => {
    const { model, client, token } = await podModel();
    await client.push("/srv/leftover.txt", `token=${token}\n`, { "make-dirs": true });
    await model.stopPebble("podleak/0", "app");
    expect(await findings(model, token)).toEqual(["file /srv/leftover.txt in container app of podleak/0"]);
  });
});
