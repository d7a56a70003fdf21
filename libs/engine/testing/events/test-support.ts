// Test helpers (only *.test.ts import this): a model with unit agents, and charms that do little
// but let a test see and steer what happens in their hooks.
import { type CharmContext, type CharmDefinition, type CharmMetadata, defineCharm } from "@charmarr/charm";
import { parse } from "yaml";
import type { HookRecord } from "../../src/events/hook-record";
import { inProcessRunner } from "../../src/events/in-process-runner";
import { UnitAgents, type UnitAgentsOptions } from "../../src/events/unit-agents";
import { ManualClock } from "../../src/model/clock";
import { type DeployOptions, Model } from "../../src/model/model";

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;

export const metadata = (yaml: string): CharmMetadata => parse(yaml) as CharmMetadata;

/** What a probe charm does in a hook before reporting active; throw to fail the hook. */
export type ProbeBehaviour = (ctx: CharmContext) => Promise<void>;

/** A charm that runs `behaviour` on every hook (but actions, stop and remove) and is active. */
export function probeCharm(yaml: string, behaviour?: ProbeBehaviour, actions?: CharmDefinition["actions"]) {
  return defineCharm({
    metadata: metadata(yaml),
    async reconcile(ctx) {
      await behaviour?.(ctx);
      ctx.status.active();
    },
    ...(actions ? { actions } : {}),
  });
}

export const PEERS_YAML = `
name: server
peers: {cluster: {interface: cluster}}
provides: {db: {interface: db}}
storage: {data: {type: filesystem, location: /data}}
config: {options: {mode: {type: string, default: a}}}
actions: {ping: {params: {}}}
`;

export const CLIENT_YAML = `
name: client
requires: {db: {interface: db}}
`;

/** A model with unit agents on a manual clock. */
export function agentsFixture(options: Partial<UnitAgentsOptions> = {}) {
  const clock = new ManualClock();
  const model = new Model({ clock });
  const agents = new UnitAgents({ model, ...options });
  return {
    clock,
    model,
    agents,
    deploy<C>(name: string, charm: CharmDefinition<C>, opts: DeployOptions = {}) {
      agents.setRunner(name, inProcessRunner(charm));
      return model.deploy(name, charm.metadata, opts);
    },
  };
}

/** `hook`, `hook remote` or `hook remote (departing unit)`: the hooks as a test reads them. */
export function describeHook(record: HookRecord): string {
  const { remoteUnit, departingUnit } = record.env;
  return [record.hook, remoteUnit, departingUnit && `(departing ${departingUnit})`].filter(Boolean).join(" ");
}

/** The hooks `unit` ran, described. */
export const hooksOf = (records: readonly HookRecord[], unit: string): string[] =>
  records.filter((r) => r.unit === unit).map(describeHook);
