import { describe, expect, it } from "vitest";
import { agentsFixture, hooksOf, probeCharm } from "../../testing/events/test-support";
import type { PodProvider } from "./pod-provider";
import type { PodPlacement, PodScheduler } from "./pod-scheduler";

const WEB_YAML = "name: web\ncontainers: {site: {}}\n";

/** A scheduler the test steers: a placement per unit, a rollout queue, and what it was told. */
function fakeScheduler() {
  const log: string[] = [];
  const placements = new Map<string, PodPlacement>();
  const restarts: string[] = [];
  const scheduler: PodScheduler = {
    serviceAccountDir: (app) => `/accounts/${app}`,
    schedule: (unit) => placements.get(unit) ?? { ok: true, mounts: {} },
    podStarted: (unit) => void log.push(`started ${unit}`),
    podStopped: (unit) => void log.push(`stopped ${unit}`),
    takeRestarts: () => restarts.splice(0, 1),
    restartSkipped: (unit) => void log.push(`skipped ${unit}`),
    hookRunning: (unit, hook) => void (hook && log.push(`hook ${unit} ${hook}`)),
  };
  return { scheduler, log, placements, restarts };
}

function fakePods() {
  const mounts: Record<string, unknown>[] = [];
  const provider: PodProvider = {
    async startPod(_unit, _app, emit, template) {
      mounts.push({ ...template?.mounts });
      emit({ kind: "ready", container: "site" });
      return {
        containerSocketDirs: {},
        inspect: async () => ({ texts: [], files: [] }),
        close: async () => undefined,
      };
    },
  };
  return { provider, mounts };
}

describe("the unit agents with a pod scheduler", () => {
  it("a unit whose pod cannot be placed runs no hook; once it can, its pod starts with the template's mounts", async () => {
    const { scheduler, placements, log } = fakeScheduler();
    const { provider, mounts } = fakePods();
    placements.set("web/0", {
      ok: false,
      reason: "Unschedulable",
      message: 'persistentvolumeclaim "media" not found',
    });
    const f = agentsFixture({ podProvider: provider, scheduler });
    f.deploy("web", probeCharm(WEB_YAML));
    expect(await f.agents.settle()).toEqual([]);
    expect(f.agents.podProblem("web/0")).toEqual({
      reason: "Unschedulable",
      message: 'persistentvolumeclaim "media" not found',
    });
    const data = { containerPath: "/data", hostPath: "/volumes/pvc-1", readOnly: false };
    placements.set("web/0", { ok: true, mounts: { site: [data] } });
    const ran = await f.agents.settle();
    expect(hooksOf(ran, "web/0")[0]).toBe("install");
    expect(hooksOf(ran, "web/0")).toContain("site-pebble-ready");
    expect(mounts).toEqual([{ site: [data] }]);
    expect(log).toContain("started web/0");
    expect(log).toContain("hook web/0 install");
    expect(f.agents.podProblem("web/0")).toBeUndefined();
  });

  it("a rollout churns the units it names, one per turn; a unit not yet installed is skipped", async () => {
    const { scheduler, restarts, log } = fakeScheduler();
    const { provider } = fakePods();
    const f = agentsFixture({ podProvider: provider, scheduler });
    f.deploy("web", probeCharm(WEB_YAML), { units: 2 });
    await f.agents.settle();
    restarts.push("web/1", "web/0");
    const ran = await f.agents.settle();
    expect(ran.filter((r) => r.hook === "stop").map((r) => r.unit)).toEqual(["web/1", "web/0"]);
    expect(hooksOf(ran, "web/1")).toEqual([
      "stop",
      "upgrade-charm",
      "config-changed",
      "leader-settings-changed",
      "start",
      "site-pebble-ready",
    ]);
    expect(log.filter((l) => l.startsWith("stopped"))).toEqual(["stopped web/1", "stopped web/0"]);
    f.model.addUnit("web");
    restarts.push("web/2");
    await f.agents.settle();
    expect(log).toContain("skipped web/2");
  });

  it("with units running at once, a rollout named while the unit's own hook runs churns it once that hook ends", async () => {
    const { scheduler, log, restarts } = fakeScheduler();
    const { provider } = fakePods();
    const f = agentsFixture({ scheduler, podProvider: provider, concurrency: 2 });
    // web's install patches its own template (the rollout names web/0 at once) and takes a while;
    // db's hooks end meanwhile, and each end is a turn of the loop.
    f.deploy(
      "web",
      probeCharm(WEB_YAML, async (ctx) => {
        if (ctx.event.kind !== "install") return;
        restarts.push("web/0");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }),
    );
    f.deploy("db", probeCharm("name: db\n"));
    const ran = await f.agents.settle();
    expect(log).not.toContain("skipped web/0");
    expect(hooksOf(ran, "web/0")).toEqual(
      expect.arrayContaining(["install", "stop", "upgrade-charm", "config-changed", "start"]),
    );
    expect(hooksOf(ran, "web/0").indexOf("stop")).toBeGreaterThan(hooksOf(ran, "web/0").indexOf("install"));
    expect(log.filter((l) => l === "stopped web/0")).toHaveLength(1);
  });
});
