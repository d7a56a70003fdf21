// The example charm through the same scenario three ways: in-process, as a packed .charm run
// as processes, and from an unpacked charm dir. Each time the other end (`listener`) runs
// in-process, so process and in-process units share one model.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import hello from "@charmarr/charm/example";
import { unpackCharmArchive } from "@charmarr/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CharmSource } from "./charm-deployment";
import { listener } from "./test-charms";
import { type TestModel, testModel } from "./test-model";

const EXAMPLE = resolve(import.meta.dirname, "../../charm/example");
let work: string;
let charmFile: string;
let charmDir: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "example-charm-"));
  ({ path: charmFile } = await packCharm(EXAMPLE, work));
  charmDir = join(work, "unpacked");
  await unpackCharmArchive(charmFile, charmDir);
}, 180_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Deploy, integrate, change config (valid, then invalid), run an action, let update-status come. */
async function scenario<C>(source: CharmSource<C>) {
  const m: TestModel = await testModel({ addressBlock: 0 }); // the same addresses in both runs, so databags compare equal
  try {
    m.deploy("hello", { ...source, units: 2, config: { greeting: "hey" } });
    m.deploy("listener", { charm: listener });
    const relation = m.integrate("listener", "hello");
    await m.settle();
    m.config("hello", { style: "loud", repeat: 2 });
    await m.settle();
    const { status, results, message } = await m.runAction("hello/1", "greet", { name: "Ada" });
    m.config("hello", { repeat: 9 });
    await m.settle();
    m.advance(5 * 60_000);
    await m.settle();
    const units = ["hello/0", "hello/1", "listener/0"];
    return {
      statuses: Object.fromEntries(
        units.map((u) => {
          const s = m.unitStatus(u);
          return [u, [s.status, s.message, s.agent.status]];
        }),
      ),
      apps: [m.appStatus("hello"), m.appStatus("listener")],
      databags: Object.fromEntries(
        ["hello", "listener", ...units].map((owner) => [owner, m.databag(relation.id, owner)]),
      ),
      action: { status, results, message },
      hooks: m.hookLog.map((h) => `${h.unit} ${h.hook} ${h.result}`),
      kinds: [m.agents.runner("hello").kind, m.agents.runner("listener").kind],
    };
  } finally {
    await m.close();
  }
}

describe("the example charm", () => {
  let inProcess: Awaited<ReturnType<typeof scenario<unknown>>>;

  beforeAll(async () => {
    inProcess = await scenario({ charm: hello });
  });

  it("runs the scenario in-process", () => {
    expect(inProcess.kinds).toEqual(["in-process", "in-process"]);
    expect(inProcess.statuses["listener/0"]).toEqual(["active", "heard HEY HEY", "idle"]);
    expect(inProcess.statuses["hello/0"]?.[0]).toBe("blocked");
    expect(inProcess.databags.hello).toEqual({ greeting: "HEY HEY" });
    expect(inProcess.action).toEqual({
      status: "completed",
      results: { greeting: "HEY HEY, Ada" },
      message: "",
    });
    expect(inProcess.hooks.every((h) => h.endsWith(" ok"))).toBe(true);
  });

  it("gives the same statuses, databags, action result and hooks as a packed .charm run as processes", async () => {
    const packed = await scenario({ charmFile });
    expect(packed.kinds).toEqual(["process", "in-process"]);
    expect({ ...packed, kinds: undefined }).toEqual({ ...inProcess, kinds: undefined });
  });

  it("and from a charm dir", async () => {
    const fromDir = await scenario({ charmDir });
    expect(fromDir.kinds).toEqual(["process", "in-process"]);
    expect({ ...fromDir, kinds: undefined }).toEqual({ ...inProcess, kinds: undefined });
  });
});
