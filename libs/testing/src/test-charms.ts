// Charms for the testing library's own tests (only *.test.ts import this).
import { type CharmMetadata, declareMetadata, defineCharm } from "@charmarr/charm";
import { parse } from "yaml";

export const LISTENER_YAML = `
name: listener
requires: {greetings: {interface: greeting}}
`;

/** The other end of the example charm's `greetings`: reports what it is told. */
export const listener = defineCharm({
  metadata: parse(LISTENER_YAML) as CharmMetadata,
  async reconcile(ctx) {
    const heard: string[] = [];
    for (const relation of await ctx.relations("greetings")) {
      const greeting = (await relation.remoteAppData()).greeting;
      if (greeting) heard.push(greeting);
    }
    await Promise.all(
      (await ctx.relations("greetings")).map((r) => r.setUnitData({ heard: heard.join(",") })),
    );
    ctx.status.active(heard.length ? `heard ${heard.join(", ")}` : "nobody greeted");
  },
});

export const LEAKY_YAML = `
name: leaky
provides: {out: {interface: out}}
config:
  options:
    creds: {type: secret}
    leak: {type: string, default: none}
`;

export type LeakPlace = "none" | "stdout" | "juju-log" | "relation" | "argv";

/**
 * Reads the password of the user secret in `creds` and, by `leak`, puts it where it must never
 * be: a stdout log record, juju-log, its relation data, or a hook tool's argv.
 */
export const leaky = defineCharm({
  metadata: declareMetadata<{ creds?: string; leak: LeakPlace }>(parse(LEAKY_YAML)),
  async reconcile(ctx) {
    const uri = ctx.config.creds;
    if (!uri) {
      ctx.status.blocked("set creds");
      return;
    }
    const { password = "" } = await ctx.tools.secretGet({ id: uri });
    switch (ctx.config.leak) {
      case "stdout":
        ctx.log.info(`connecting with ${password}`);
        break;
      case "juju-log":
        await ctx.tools.jujuLog("INFO", `connecting with ${password}`);
        break;
      case "relation":
        if (await ctx.isLeader()) {
          for (const relation of await ctx.relations("out")) await relation.setAppData({ password });
        }
        break;
      case "argv":
        await ctx.tools.runner.run("config-get", [password]);
        break;
      case "none":
        ctx.redact(password);
        ctx.log.info(`connecting with ${password}`);
        break;
    }
    ctx.status.active();
  },
});

export const SINK_YAML = `
name: sink
requires: {in: {interface: out}}
`;

export const sink = defineCharm({
  metadata: parse(SINK_YAML) as CharmMetadata,
  async reconcile(ctx) {
    ctx.status.active();
  },
});
