// Shared by the §8 conformance tests (only *.test.ts import this): a model per test, a probe
// charm whose hooks run whatever a test asks, and shell-script charms run as processes.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CharmContext,
  type CharmDefinition,
  type CharmMetadata,
  defineCharm,
  type ToolOutput,
} from "@charmarr/charm";
import { afterAll, afterEach, beforeEach } from "vitest";
import { parse } from "yaml";
import { type TestModel, testModel } from "../test-model";

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;

/** What a probe charm does in a hook; throw to fail the hook. */
export type Behaviour = (ctx: CharmContext) => Promise<void>;

/**
 * A charm from `yaml` that runs `behaviour` on every hook (not actions, stop, remove) and
 * sets no status of its own.
 */
export function probe(
  yaml: string,
  behaviour?: Behaviour,
  actions?: CharmDefinition["actions"],
): CharmDefinition {
  return defineCharm({
    metadata: parse(yaml) as CharmMetadata,
    async reconcile(ctx) {
      await behaviour?.(ctx);
    },
    ...(actions ? { actions } : {}),
  });
}

/** Runs a hook tool from inside a hook. */
export const tool = (ctx: CharmContext, name: string, ...args: string[]): Promise<ToolOutput> =>
  ctx.tools.runner.run(name, args);

/** Runs a hook tool and fails the hook unless it exits 0; returns its stdout. */
export async function must(ctx: CharmContext, name: string, ...args: string[]): Promise<string> {
  const out = await tool(ctx, name, ...args);
  if (out.exitCode !== 0) throw new Error(`${name} ${args.join(" ")}: ${out.stderr}`);
  return out.stdout;
}

/** A fresh model for each test of the file, closed after it. */
export function useModel(): () => TestModel {
  let m: TestModel | undefined;
  beforeEach(async () => {
    m = await testModel();
  });
  afterEach(async () => {
    await m?.close();
    m = undefined;
  });
  return () => {
    if (!m) throw new Error("no model outside a test");
    return m;
  };
}

/** The hooks `unit` ran (`name` or `name remote-unit`), in order. */
export function hooksOf(m: TestModel, unit: string): string[] {
  return m.hookLog
    .filter((h) => h.unit === unit)
    .map((h) => (h.env.remoteUnit ? `${h.hook} ${h.env.remoteUnit}` : h.hook));
}

/** The stdout lines of `unit`'s hooks named `hook`. */
export function stdoutOf(m: TestModel, unit: string, hook: string): string[] {
  return m.hookLog
    .filter((h) => h.unit === unit && h.hook === hook)
    .flatMap((h) => h.output.filter((l) => l.stream === "stdout").map((l) => l.text));
}

export interface ShellCharm {
  metadata: string;
  config?: string;
  actions?: string;
  /** The `dispatch` script. */
  dispatch?: string;
  /** Legacy `hooks/<name>` scripts. */
  hooks?: Record<string, string>;
}

/** Writes shell-script charms into temp dirs removed after the file's tests; returns a writer. */
export function useCharmDirs(): (charm: ShellCharm) => string {
  const work = mkdtempSync(join(tmpdir(), "conf-"));
  let n = 0;
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  return (charm) => {
    const dir = join(work, String(n++));
    mkdirSync(join(dir, "hooks"), { recursive: true });
    writeFileSync(join(dir, "metadata.yaml"), charm.metadata);
    if (charm.config) writeFileSync(join(dir, "config.yaml"), charm.config);
    if (charm.actions) writeFileSync(join(dir, "actions.yaml"), charm.actions);
    const script = (path: string, text: string) => {
      writeFileSync(path, text);
      chmodSync(path, 0o755);
    };
    if (charm.dispatch !== undefined) script(join(dir, "dispatch"), charm.dispatch);
    for (const [name, text] of Object.entries(charm.hooks ?? {})) script(join(dir, "hooks", name), text);
    return dir;
  };
}

/**
 * A charm driven by the test: `act(unit, fn)` runs `fn` in a config-changed hook of `unit`
 * (its app's config option `go` changes), then settles. `yaml` must not declare config.
 */
export function driven(yaml: string): {
  charm: CharmDefinition;
  act: (m: TestModel, unit: string, fn: Behaviour) => Promise<void>;
} {
  const pending = new Map<string, Behaviour>();
  let n = 0;
  const charm = probe(`${yaml}\nconfig: {options: {go: {type: int}}}\n`, async (ctx) => {
    const fn = pending.get(ctx.unit.name);
    if (ctx.event.kind !== "config-changed" || !fn) return;
    pending.delete(ctx.unit.name);
    await fn(ctx);
  });
  const act = async (m: TestModel, unit: string, fn: Behaviour) => {
    pending.set(unit, fn);
    m.config(unit.slice(0, unit.indexOf("/")), { go: ++n });
    await m.settle();
  };
  return { charm, act };
}

/** The last hook `unit` ran. */
export const lastHook = (m: TestModel, unit: string) => m.hookLog.filter((h) => h.unit === unit).at(-1);
