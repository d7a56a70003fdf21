// Charms for the testing library's own tests (only *.test.ts import this).
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
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

export type LeakPlace =
  | "none"
  | "stdout"
  | "juju-log"
  | "relation"
  | "argv"
  | "state"
  | "relation-key"
  | "base64"
  | "base64url"
  | "hex"
  | "url-encoded"
  | "partial"
  | "tmp"
  | "tmp-transient";

/** Where the `tmp` leaks of unit `unit` go (the in-process charm runs in the test's process). */
export const leakyTempFile = (unit: string) =>
  join(tmpdir(), `leaky-${unit.replace("/", "-")}-${process.pid}`);

/**
 * Reads the password of the user secret in `creds` and, by `leak`, puts it where it must never
 * be: a stdout log record, juju-log, its relation data (as a value or as a key), a hook tool's
 * argv, unit state (state-set), a file in the host's temp dir (left there, or written by install
 * and removed by the next hook), or encoded (base64, base64url, hex, URL-encoded: in stdout) or
 * in part (the middle 12 characters, in stdout).
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
      case "state":
        await ctx.tools.stateSet({ "db-password": password });
        break;
      case "relation-key":
        if (await ctx.isLeader()) {
          for (const relation of await ctx.relations("out")) await relation.setAppData({ [password]: "yes" });
        }
        break;
      case "base64":
        ctx.log.info(`auth Basic ${Buffer.from(`admin:${password}`).toString("base64")}`);
        break;
      case "base64url":
        ctx.log.info(`token ${Buffer.from(`x${password}`).toString("base64url")}`);
        break;
      case "hex":
        ctx.log.info(`digest ${Buffer.from(password).toString("hex")}`);
        break;
      case "url-encoded":
        ctx.log.info(`GET /login?user=admin&pass=${encodeURIComponent(password)}`);
        break;
      case "partial":
        ctx.log.info(`key starts ${password.slice(2, 14)}`);
        break;
      case "tmp":
        writeFileSync(leakyTempFile(ctx.unit.name), `password=${password}\n`);
        break;
      case "tmp-transient": {
        const file = leakyTempFile(ctx.unit.name);
        if (ctx.event.kind === "install") writeFileSync(file, `password=${password}\n`);
        else if (existsSync(file)) rmSync(file);
        break;
      }
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
