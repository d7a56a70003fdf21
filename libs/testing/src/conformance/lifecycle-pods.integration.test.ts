// §8 items 21 and 25 with real pods: a packed charm with a workload container, run as a
// process, talking to its container's Pebble at /charm/containers/web/pebble.socket.
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestModel } from "../test-model";
import { hooksOf, MINUTE, useModel } from "./helpers";

const CHARM = resolve(import.meta.dirname, "pebble-charm");
const UNIT = "pebbly/0";
let work: string;
let charmFile: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "pebbly-"));
  ({ path: charmFile } = await packCharm(CHARM, work));
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const model = useModel();

/** update-status until the charm reports `message` (the workload side runs on real time). */
async function statusBecomes(m: TestModel, message: string): Promise<void> {
  for (let i = 0; i < 20; i++) {
    m.advance(5 * MINUTE);
    await m.settle();
    if (m.unitStatus(UNIT).message === message) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  expect(m.unitStatus(UNIT).message).toBe(message);
}

async function deployed(config: Record<string, unknown> = {}): Promise<TestModel> {
  const m = model();
  m.deploy("pebbly", { charmFile, config });
  await m.settle();
  return m;
}

describe("§8 lifecycle with real pods (process charm)", () => {
  it("pebble-ready arrives after install; the charm's layer is in the plan and its service runs", async () => {
    const m = await deployed();
    const hooks = hooksOf(m, UNIT);
    expect(hooks[0]).toBe("install");
    expect(hooks).toContain("web-pebble-ready");
    expect(m.hookLog.every((h) => h.result === "ok")).toBe(true);
    expect(m.unitStatus(UNIT)).toMatchObject({ status: "active", message: "idle active, boots 1" });
    const pod = m.agents.pods().get(UNIT);
    const plan = (await pod?.inspect())?.texts.find((t) => t.where === "plan of container web");
    expect(plan?.text).toContain("/usr/bin/sleep 100000");
    // The pod goes with its unit.
    const socket = join(pod?.containerSocketDirs.web ?? "", "pebble.socket");
    expect(existsSync(socket)).toBe(true);
    m.removeUnit(UNIT);
    await m.settle();
    expect(m.agents.pods().has(UNIT)).toBe(false);
    expect(existsSync(socket)).toBe(false);
  }, 60_000);

  it("killWorkload: Pebble restarts the service (on-failure: restart)", async () => {
    const m = await deployed();
    await m.killWorkload(UNIT, "web", "idle");
    await statusBecomes(m, "idle active, boots 2");
  }, 60_000);

  it("stopPebble: the charm cannot connect; startPebble: pebble-ready, and it recovers", async () => {
    const m = await deployed();
    await m.stopPebble(UNIT, "web");
    m.advance(5 * MINUTE);
    expect((await m.settle()).map((h) => h.hook)).toEqual(["update-status"]);
    expect(m.unitStatus(UNIT)).toMatchObject({
      status: "waiting",
      message: "cannot connect to Pebble in web",
    });
    await m.startPebble(UNIT, "web");
    expect((await m.settle()).map((h) => h.hook)).toEqual(["web-pebble-ready"]);
    // A fresh container: the layer is added again and the service starts; storage kept the first boot.
    expect(m.unitStatus(UNIT)).toMatchObject({ status: "active", message: "idle active, boots 2" });
  }, 60_000);

  it("21: restartPod: stop, upgrade-charm, config-changed, start, pebble-ready; no install; storage survives", async () => {
    const m = await deployed();
    const before = m.agents.pods().get(UNIT);
    m.restartPod(UNIT);
    expect((await m.settle()).map((h) => h.hook)).toEqual([
      "stop",
      "upgrade-charm",
      "config-changed",
      "start",
      "web-pebble-ready",
    ]);
    expect(m.agents.pods().get(UNIT)).not.toBe(before);
    expect(m.unitStatus(UNIT)).toMatchObject({ status: "active", message: "idle active, boots 2" });
  }, 60_000);

  it("the unit's address is its pod's IP: network-get answers with it, and a recreated pod brings a new one", async () => {
    const m = await deployed();
    const address = async () =>
      (await m.runTool(UNIT, "network-get", ["juju-info", "--ingress-address"])).stdout.trim();
    const first = m.agents.pods().get(UNIT)?.address;
    expect(first).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(await address()).toBe(first);
    m.restartPod(UNIT);
    await m.settle();
    const second = m.agents.pods().get(UNIT)?.address;
    expect(second).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(second).not.toBe(first);
    expect(await address()).toBe(second);
    // The hooks ran in the new pod and still reached their container's Pebble.
    expect(m.unitStatus(UNIT)).toMatchObject({ status: "active", message: "idle active, boots 2" });
  }, 60_000);

  it("25: restartAgent: a failed pebble-ready is not re-run", async () => {
    const m = await deployed({ "fail-pebble-ready": true });
    const failed = m.hookLog.filter((h) => h.hook === "web-pebble-ready");
    expect(failed.map((h) => h.result)).toEqual(["failed"]);
    expect(m.unitStatus(UNIT).agent.status).toBe("error");
    m.restartAgent(UNIT);
    m.advance(10 * MINUTE);
    const ran = (await m.settle()).map((h) => h.hook);
    expect(ran).not.toContain("web-pebble-ready");
    expect(ran[0]).toBe("config-changed");
    expect(m.unitStatus(UNIT).agent.status).toBe("idle");
  }, 60_000);
});
