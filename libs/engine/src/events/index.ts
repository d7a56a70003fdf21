// Event generation and the unit agents: what Juju's uniters would run, in Juju's order, and the
// ways a charm's hooks run (in-process, as processes) behind one interface.
export type { AgentView, Leadership } from "./agent-view";
export { readCharmDirMeta, readCharmFileMeta } from "./charm-package";
export type { CharmRunner, HookRun, HookRunOutcome } from "./charm-runner";
export { defaultLauncher } from "./default-launcher";
export type { HookRecord, HookResult, HookToolCall } from "./hook-record";
export { inProcessRunner } from "./in-process-runner";
export { HookKilledError } from "./kill-switch";
export type { PebbleEvent } from "./pebble-event";
export type {
  LargePodFile,
  PodFaults,
  PodFile,
  PodInspection,
  PodProvider,
  PodTemplateMounts,
  UnitPod,
} from "./pod-provider";
export type { PodPlacement, PodScheduler } from "./pod-scheduler";
export { type ProcessHost, type ProcessHostOptions, processRunner, startProcessHost } from "./process-runner";
export { HOOK_RETRY_MAX_MS, HOOK_RETRY_MIN_MS, hookRetryDelayMs } from "./retry-backoff";
export type { HookKillFault, ToolCallFault } from "./tool-faults";
export { type AgentStatus, UnitAgent, type UnitAgentSnapshot } from "./unit-agent";
export {
  type ActionOutcome,
  DEFAULT_UPDATE_STATUS_INTERVAL_MS,
  UnitAgents,
  type UnitAgentsOptions,
  type UnitAgentsSnapshot,
  type UnitStatusView,
} from "./unit-agents";
export { type WorkloadPodProviderOptions, workloadPodProvider } from "./workload-pod-provider";
