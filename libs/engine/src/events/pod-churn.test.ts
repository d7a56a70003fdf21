import { describe, expect, it } from "vitest";
import { agentsFixture, hooksOf, probeCharm } from "../../testing/events/test-support";
import type { PebbleEvent } from "./pebble-event";
import type { PodProvider } from "./pod-provider";

const WEB_YAML = "name: web\ncontainers: {site: {}}\n";

/** A provider of fake pods that raise pebble-ready at once and record their lifecycle. */
function fakePods(options: { addresses?: boolean } = {}) {
  const log: string[] = [];
  let n = 0;
  const provider: PodProvider = {
    async startPod(unit, _app, emit: (event: PebbleEvent) => void) {
      const id = `${unit}#${n++}`;
      log.push(`start ${id}`);
      emit({ kind: "ready", container: "site" });
      return {
        containerSocketDirs: { site: `/sockets/${id}` },
        // Pods with a network of their own: a new IP per pod, as a cluster hands them out.
        ...(options.addresses ? { address: `10.244.9.${n + 1}` } : {}),
        inspect: async () => ({ texts: [], files: [] }),
        close: async () => void log.push(`close ${id}`),
      };
    },
  };
  return { provider, log };
}

describe("pod churn and agent restarts", () => {
  it("restartPod: stop on the old pod, which closes; a new pod; its pebble-ready after start", async () => {
    const { provider, log } = fakePods();
    const f = agentsFixture({ podProvider: provider });
    f.deploy("web", probeCharm(WEB_YAML));
    await f.agents.settle();
    f.agents.pebbleEvent("web/0", { kind: "ready", container: "site" }); // stale: the old pod's
    f.agents.restartPod("web/0");
    const ran = await f.agents.settle();
    expect(hooksOf(ran, "web/0")).toEqual([
      "stop",
      "upgrade-charm",
      "config-changed",
      "start",
      "site-pebble-ready",
    ]);
    expect(log).toEqual(["start web/0#0", "close web/0#0", "start web/0#1"]);
    expect(f.agents.pods().get("web/0")?.containerSocketDirs.site).toBe("/sockets/web/0#1");
  });

  it("a recreated pod's new IP is the unit's address: its relation settings follow and remote units see relation-changed", async () => {
    const { provider } = fakePods({ addresses: true });
    const f = agentsFixture({ podProvider: provider });
    f.deploy("web", probeCharm(`${WEB_YAML}provides: {db: {interface: db}}\n`));
    f.deploy("client", probeCharm("name: client\nrequires: {db: {interface: db}}\n"));
    const relation = f.model.integrate("client", "web");
    await f.agents.settle();
    const first = f.model.unit("web/0").address;
    expect(first).toMatch(/^10\.244\.9\./);
    expect(relation.unitData.get("web/0")?.get("ingress-address")).toBe(first);
    f.agents.restartPod("web/0");
    const ran = await f.agents.settle();
    const second = f.model.unit("web/0").address;
    expect(second).not.toBe(first);
    expect(Object.fromEntries(f.model.relation(relation.id).unitData.get("web/0") ?? [])).toEqual({
      "egress-subnets": `${second}/32`,
      "ingress-address": second,
      "private-address": second,
    });
    expect(hooksOf(ran, "client/0")).toEqual(["db-relation-changed web/0"]);
  });

  it("restartPod before install changes nothing", async () => {
    const f = agentsFixture();
    f.deploy("web", probeCharm(WEB_YAML));
    f.agents.restartPod("web/0");
    expect(hooksOf(await f.agents.settle(), "web/0")).not.toContain("stop");
  });

  it("restartAgent keeps queued pebble events that did not fail", async () => {
    const f = agentsFixture();
    f.deploy("web", probeCharm(WEB_YAML));
    await f.agents.settle();
    f.agents.pebbleEvent("web/0", { kind: "ready", container: "site" });
    f.agents.restartAgent("web/0");
    expect(hooksOf(await f.agents.settle(), "web/0")).toEqual(["site-pebble-ready", "config-changed"]);
  });
});
