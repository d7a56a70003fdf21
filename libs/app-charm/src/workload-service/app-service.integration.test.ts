// The app service with a real pod: a packed test charm runs Python's http.server under the
// engine's Pebble, seeded before its first start, on the leader only.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import { type TestModel, testModel } from "@charmarr/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

let work: string;
let charmFile: string;
let m: TestModel | undefined;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "webby-"));
  ({ path: charmFile } = await packCharm(
    resolve(import.meta.dirname, "../../testing/workload-service/test-charm"),
    work,
  ));
}, 180_000);
afterAll(() => rmSync(work, { recursive: true, force: true }));
afterEach(async () => {
  await m?.close();
  m = undefined;
});

async function page(url: string): Promise<string> {
  const res = await fetch(`${url}/page.txt`);
  return res.text();
}

const urlOf = (message: string) => message.replace(/^serving on (\S+), started \d+x$/, "$1");

describe("app service", () => {
  it("seeds, starts, waits for the app, opens the port and publishes the unit's address", async () => {
    m = await testModel();
    m.deploy("webby", { charmFile, units: 1 });
    await m.settle();
    const status = m.unitStatus("webby/0");
    expect(status).toMatchObject({ status: "active" });
    expect(status.message).toMatch(/^serving on http:\/\/10\.244\.\d+\.\d+:8080, started 1x$/);
    expect(await page(urlOf(status.message))).toBe("hello");
    expect(m.hookLog.every((h) => h.result === "ok")).toBe(true);
    const opened = await m.runTool("webby/0", "opened-ports", ["--format=json"]);
    expect(opened.stdout).toContain("8080/tcp");
  }, 120_000);

  it("restarts the app when the seed says so, and puts TZ in the layer when the zone changes", async () => {
    m = await testModel();
    m.deploy("webby", { charmFile, units: 1 });
    await m.settle();
    const url = urlOf(m.unitStatus("webby/0").message);
    m.advance(6 * 60_000); // an update-status changes nothing: no restart
    await m.settle();
    expect(m.unitStatus("webby/0").message).toMatch(/started 1x$/);
    m.config("webby", { page: "second" });
    await m.settle();
    expect(await page(url)).toBe("second");
    expect(m.unitStatus("webby/0").message).toMatch(/started 2x$/);
    m.config("webby", { timezone: "Europe/Paris" });
    await m.settle();
    const plan = (await m.agents.pods().get("webby/0")?.inspect())?.texts.find(
      (t) => t.where === "plan of container web",
    );
    expect(plan?.text).toContain("Europe/Paris");
    // A changed layer restarts the app through replan, once.
    expect(m.unitStatus("webby/0").message).toMatch(/started 3x$/);
  }, 120_000);

  it("blocks a time zone the runtime does not know, naming the option, and leaves the app as it was", async () => {
    m = await testModel();
    m.deploy("webby", { charmFile, units: 1 });
    await m.settle();
    const url = urlOf(m.unitStatus("webby/0").message);
    m.config("webby", { timezone: "Mars/Olympus" });
    await m.settle();
    const status = m.unitStatus("webby/0");
    expect(status.status).toBe("blocked");
    expect(status.message).toContain("timezone");
    expect(status.message).toContain("Mars/Olympus");
    expect(await page(url)).toBe("hello");
  }, 120_000);

  it("runs the app on the leader only; the other unit stops it and says why", async () => {
    m = await testModel();
    m.deploy("webby", { charmFile, units: 2 });
    await m.settle();
    const [leader, other] = ["webby/0", "webby/1"];
    expect(m.unitStatus(leader).status).toBe("active");
    expect(m.unitStatus(other)).toMatchObject({
      status: "blocked",
      message: "web runs on the leader only: scale to 1 unit (juju scale-application webby 1)",
    });
    m.setLeader(other);
    await m.settle();
    expect(m.unitStatus(other).status).toBe("active");
    expect(m.unitStatus(leader).status).toBe("blocked");
    const services = async (unit: string) =>
      (await m?.agents.pods().get(unit)?.inspect())?.texts.find((t) => t.where === "plan of container web");
    expect((await services(other))?.text).toContain("http.server");
    expect(await page(urlOf(m.unitStatus(other).message))).toBe("hello");
  }, 180_000);
});
