import { defineCharm } from "@charmarr/charm";
import metadata from "../charmcraft.yaml";

interface PebblyConfig {
  "fail-pebble-ready": boolean;
}

// Each start appends a line to /data/boots, which lives on the unit's storage.
const LAYER = {
  summary: "pebbly",
  services: {
    idle: {
      override: "replace" as const,
      command: '/bin/sh -c "echo boot >> /data/boots; exec /usr/bin/sleep 100000"',
      startup: "enabled" as const,
      "on-failure": "restart" as const,
    },
  },
};

export default defineCharm({
  metadata,
  async reconcile(ctx) {
    if (ctx.event.kind === "pebble-ready" && ctx.config["fail-pebble-ready"]) {
      throw new Error("pebble-ready fails on purpose");
    }
    const web = ctx.container("web");
    if (!(await web.canConnect())) {
      ctx.status.waiting("cannot connect to Pebble in web");
      return;
    }
    await web.addLayer("pebbly", LAYER, { combine: true });
    await web.replan();
    const [idle] = await web.getServices(["idle"]);
    const boots = (await web.pull("/data/boots")).trim().split("\n").length;
    ctx.status.active(`idle ${idle?.current ?? "missing"}, boots ${boots}`);
  },
});
