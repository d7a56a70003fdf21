import type { ToolOutput } from "@charmarr/charm";
import type { HookContext } from "../../src/hook-context/hook-context";
import { ManualClock } from "../../src/model/clock";
import { Model } from "../../src/model/model";

// Charms and a model shared by the engine's tests (not shipped: only *.test.ts import it).

export const INDEXER_CHARM = `
name: indexer
type: charm
summary: an indexer manager
config:
  options:
    rotation-interval: {type: string, default: monthly, description: how often}
    port: {type: int, default: 9696}
    ratio: {type: float, default: 1.5}
    debug: {type: boolean, default: false}
    api-url: {type: string}
    vpn-credentials: {type: secret}
actions:
  rotate-credentials:
    description: rotate now
    params:
      force: {type: boolean, default: false}
      reason: {type: string}
containers:
  indexer:
    resource: indexer-image
    mounts: [{storage: config, location: /config}]
resources:
  indexer-image: {type: oci-image, upstream-source: "ghcr.io/example/indexer:1"}
storage:
  config: {type: filesystem, location: /config}
provides:
  media-indexer: {interface: media-indexer}
peers:
  indexer-peers: {interface: indexer-peers}
extra-bindings:
  metrics: {}
`;

export const MANAGER_CHARM = `
name: manager
type: charm
requires:
  media-indexer: {interface: media-indexer, limit: 1}
  download-client: {interface: download-client}
provides:
  media-manager: {interface: media-manager}
`;

export interface Fixture {
  model: Model;
  clock: ManualClock;
  /** indexer:media-indexer <-> manager:media-indexer */
  relationId: number;
  peerId: number;
}

/** indexer (2 units, indexer/0 leads) related to manager (2 units, manager/0 leads). */
export function fixture(): Fixture {
  const clock = new ManualClock("2025-01-01T00:00:00Z");
  const model = new Model({ uuid: "d9d5ad49-8e0a-4a7c-8f6f-6e2ad6c0a0e1", name: "test", clock });
  model.deploy("indexer", INDEXER_CHARM, {
    units: 2,
    resources: { "indexer-image": "ghcr.io/example/indexer:1" },
  });
  model.deploy("manager", MANAGER_CHARM, { units: 2 });
  const relationId = model.integrate("indexer", "manager").id;
  const peerId = model.relations("indexer", "indexer-peers")[0]?.id ?? -1;
  return { model, clock, relationId, peerId };
}

/** Runs a tool with argv written as one array. */
export const tool = (ctx: HookContext, name: string, ...args: string[]): Promise<ToolOutput> =>
  ctx.run(name, args);

/** Opens a context, runs `body`, commits; returns the commit result. */
export async function hook(
  model: Model,
  unit: string,
  hookName: string,
  body: (ctx: HookContext) => Promise<void>,
): Promise<ReturnType<HookContext["commit"]>> {
  const ctx = model.openContext(unit, { hook: hookName });
  await body(ctx);
  return ctx.commit();
}

export const ok = (stdout = ""): ToolOutput => ({ stdout, stderr: "", exitCode: 0 });
export const usage = (message: string): ToolOutput => ({
  stdout: "",
  stderr: `ERROR ${message}\n`,
  exitCode: 2,
});
export const failure = (message: string): ToolOutput => ({
  stdout: "",
  stderr: `ERROR ${message}\n`,
  exitCode: 1,
});

/** secret-add in its own committed hook; returns the xid. */
export async function addSecret(model: Model, unit: string, ...args: string[]): Promise<string> {
  const ctx = model.openContext(unit, { hook: "install" });
  const out = await ctx.run("secret-add", args);
  if (out.exitCode !== 0) throw new Error(out.stderr);
  const result = ctx.commit();
  if (!result.ok) throw new Error(result.error);
  return out.stdout.trim().slice(-20);
}

/** Runs one tool in its own hook and commits it. */
export async function runCommitted(
  model: Model,
  unit: string,
  name: string,
  ...args: string[]
): Promise<ToolOutput> {
  const ctx = model.openContext(unit, { hook: "update-status" });
  const out = await ctx.run(name, args);
  const result = ctx.commit();
  if (!result.ok) throw new Error(result.error);
  return out;
}
