import { defineCharm } from "@charmarr/charm";
import { appService, timezoneOption } from "../../../../src/workload-service";
import metadata from "../charmcraft.yaml";

const web = appService({
  container: "web",
  // The address is known at run time only: the seed writes it where the command reads it.
  command: `/bin/sh -c 'echo start >> /config/starts; exec /usr/bin/python3 -m http.server 8080 --bind "$(cat /config/bind)" --directory /config'`,
  port: 8080,
  readyPath: "/page.txt",
  startTimeoutMs: 20_000,
});

export default defineCharm({
  metadata,
  config: { timezone: timezoneOption },
  async reconcile(ctx) {
    const app = await web.run(ctx, async (pebble) => {
      const [bind, page] = await Promise.all([
        pebble.pull("/config/bind").catch(() => ""),
        pebble.pull("/config/page.txt").catch(() => ""),
      ]);
      // Every address of the pod, as the real apps bind.
      await pebble.push("/config/bind", "0.0.0.0", { permissions: 0o644 });
      await pebble.push("/config/page.txt", ctx.config.page, { permissions: 0o644 });
      return { restart: bind !== "0.0.0.0" || (page !== "" && page !== ctx.config.page) };
    });
    if (!app.ok) return;
    const reachable = await web.reachable(ctx);
    const starts = (await app.pebble.pull("/config/starts")).trim().split("\n").length;
    ctx.status.active(reachable.ok ? `serving on ${app.publicUrl}, started ${starts}x` : "unreachable");
  },
});
