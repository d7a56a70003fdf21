import { describe, expect, it } from "vitest";
import { agentsFixture, CLIENT_YAML, PEERS_YAML, probeCharm } from "../../testing/events/test-support";
import type { HookRecord } from "./hook-record";
import type { PodProvider } from "./pod-provider";

/** Each hook's start and end, in the order they happened, as `<unit> <hook> start|end`. */
function recordingCharms(trace: string[]) {
  const behaviour = async (ctx: Parameters<NonNullable<Parameters<typeof probeCharm>[1]>>[0]) => {
    const hook = `${ctx.unit.name} ${ctx.event.kind}`;
    trace.push(`${hook} start`);
    // Long enough that another unit's hook can start meanwhile, as a hook waiting on its app does.
    await new Promise((resolve) => setTimeout(resolve, 15));
    trace.push(`${hook} end`);
  };
  return { server: probeCharm(PEERS_YAML, behaviour), client: probeCharm(CLIENT_YAML, behaviour) };
}

async function settleStack(concurrency: number) {
  const trace: string[] = [];
  const charms = recordingCharms(trace);
  const f = agentsFixture({ concurrency });
  f.deploy("server", charms.server, { units: 2 });
  f.deploy("client", charms.client);
  f.model.integrate("client", "server");
  const ran = await f.agents.settle();
  return { f, trace, ran };
}

const perUnit = (ran: HookRecord[]) => {
  const out: Record<string, string[]> = {};
  for (const r of ran) {
    out[r.unit] ??= [];
    out[r.unit]?.push([r.hook, r.env.remoteUnit].filter(Boolean).join(" "));
  }
  return out;
};

/** The most hooks that ran at once, and whether one unit ever ran two at once. */
function overlap(trace: string[]) {
  const open = new Set<string>();
  let most = 0;
  let sameUnitTwice = false;
  for (const line of trace) {
    const [unit, hook, edge] = line.split(" ");
    if (edge === "start") {
      if ([...open].some((h) => h.startsWith(`${unit} `))) sameUnitTwice = true;
      open.add(`${unit} ${hook}`);
      most = Math.max(most, open.size);
    } else open.delete(`${unit} ${hook}`);
  }
  return { most, sameUnitTwice };
}

describe("unit agents with concurrency", () => {
  it("run one operation at a time by default", async () => {
    const { trace } = await settleStack(1);
    expect(overlap(trace)).toEqual({ most: 1, sameUnitTwice: false });
  });

  it("run units' hooks at once, each unit still one hook at a time, and settle to the same model", async () => {
    const serial = await settleStack(1);
    const parallel = await settleStack(3);
    expect(overlap(parallel.trace)).toEqual({ most: 3, sameUnitTwice: false });
    // Each unit runs the same hooks (the order across units may differ, as on a real controller).
    const a = perUnit(serial.ran);
    const b = perUnit(parallel.ran);
    expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
    for (const unit of Object.keys(a)) {
      expect(b[unit]?.[0]).toBe("install");
      expect([...(b[unit] ?? [])].sort()).toEqual([...(a[unit] ?? [])].sort());
    }
    for (const unit of ["server/0", "server/1", "client/0"])
      expect(parallel.f.model.unit(unit).workloadStatus.status).toBe("active");
    expect(await parallel.f.agents.settle()).toEqual([]);
  });

  it("never run more than the limit at once", async () => {
    const { trace } = await settleStack(2);
    expect(overlap(trace).most).toBe(2);
  });

  it("fail the settle with the failing operation's error once the others have ended", async () => {
    const trace: string[] = [];
    const charms = recordingCharms(trace);
    const f = agentsFixture({ concurrency: 3 });
    f.deploy("server", charms.server, { units: 2 });
    f.deploy("client", charms.client);
    f.agents.setRunner("client", {
      kind: "in-process",
      cwd: () => "/",
      run: () => Promise.reject(new Error("the runner broke")),
    });
    await expect(f.agents.settle()).rejects.toThrow("the runner broke");
    // Nothing was left running behind the failed settle.
    expect(trace.filter((l) => l.endsWith("start")).length).toBe(
      trace.filter((l) => l.endsWith("end")).length,
    );
  });

  it("do not wait for every pod to start: a unit whose pod is slow waits alone", async () => {
    const events: string[] = [];
    // web/0's pod takes a while; db/0's is there at once. Neither has a container to announce.
    const provider: PodProvider = {
      async startPod(unit) {
        if (unit === "web/0") await new Promise((resolve) => setTimeout(resolve, 100));
        events.push(`pod ${unit}`);
        return {
          containerSocketDirs: {},
          inspect: async () => ({ texts: [], files: [] }),
          close: async () => undefined,
        };
      },
    };
    const f = agentsFixture({ concurrency: 2, podProvider: provider });
    const charm = (name: string) =>
      probeCharm(`name: ${name}\n`, async (ctx) => {
        if (ctx.event.kind === "install") events.push(`install ${ctx.unit.name}`);
      });
    f.deploy("web", charm("web"));
    f.deploy("db", charm("db"));
    await f.agents.settle();
    expect(events.indexOf("install db/0")).toBeLessThan(events.indexOf("pod web/0"));
    expect(events.indexOf("install web/0")).toBeGreaterThan(events.indexOf("pod web/0"));
  });

  it("fail the settle once when a pod cannot start", async () => {
    const provider: PodProvider = {
      async startPod(unit) {
        if (unit === "web/0") throw new Error("no such image");
        return {
          containerSocketDirs: {},
          inspect: async () => ({ texts: [], files: [] }),
          close: async () => undefined,
        };
      },
    };
    const f = agentsFixture({ concurrency: 2, podProvider: provider });
    f.deploy("web", probeCharm("name: web\n"));
    await expect(f.agents.settle()).rejects.toThrow("no such image");
    // Told once, as the serial loop tells it: the next settle goes on.
    await expect(f.agents.settle()).resolves.toBeInstanceOf(Array);
  });
});
