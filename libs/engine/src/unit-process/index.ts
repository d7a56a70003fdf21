// Running a charm as a real process against the engine, as Juju's unit agent does: the hook-tool
// server and its client executables, the hook process with Juju's env, and how it is launched.

export { type BubblewrapLauncherOptions, bubblewrapLauncher, CONTAINERS_DIR } from "./bubblewrap-launcher";
export { newContextId } from "./context-id";
export {
  type HookLaunch,
  type HookLauncher,
  type HookNetwork,
  inNetworkNamespace,
  type LaunchCommand,
  plainLauncher,
} from "./hook-launcher";
export {
  type AgentFacts,
  agentEnv,
  DEFAULT_AGENT_FACTS,
  DEFAULT_JUJU_VERSION,
  dispatchPath,
  type HookEvent,
  type JujuEnvInput,
  jujuEnv,
  type ModelIdentity,
  type ProxySettings,
  SYSTEM_PATH,
} from "./juju-env";
export {
  type HookOutputLine,
  type HookProcessOptions,
  type HookProcessResult,
  runHookProcess,
} from "./run-hook-process";
export {
  type OpenOptions,
  type RegisteredContext,
  startToolServer,
  type ToolCallRecord,
  type ToolFault,
  type ToolServer,
} from "./tool-server";
export { createToolsDir, HOOK_TOOL_NAMES, TOOL_CLIENT_NAME, unitTag } from "./tools-dir";
