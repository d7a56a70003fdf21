/** What the unit agent runs: a hook by name, or an action by name with its task id. */
export type HookEvent = { kind: "hook"; name: string } | { kind: "action"; name: string; id: string };

export interface ModelIdentity {
  name: string;
  uuid: string;
}

export interface JujuEnvInput {
  charmDir: string;
  contextId: string;
  event: HookEvent;
  unit: string;
  model: ModelIdentity;
  /** The hook-tool server's socket path. */
  socketPath: string;
  toolsDir: string;
  jujuVersion: string;
  /** PATH after the tools dir: the agent's own PATH in Juju. */
  systemPath: string;
  /** Per-event variables (JUJU_RELATION, JUJU_SECRET_ID, ...), contract §1.2 second table. */
  extra?: Readonly<Record<string, string>>;
}

/** JUJU_VERSION unless told otherwise: the Juju the contract describes (charms assume >= 3.6). */
export const DEFAULT_JUJU_VERSION = "3.6.4";

/** Debian's default PATH, which the charm container's agent runs with. */
export const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/** JUJU_DISPATCH_PATH: `hooks/<hook>` or `actions/<action>`, also the legacy handler's path. */
export function dispatchPath(event: HookEvent): string {
  return `${event.kind === "hook" ? "hooks" : "actions"}/${event.name}`;
}

/**
 * The whole environment of a hook or action process: Juju's variables and nothing inherited
 * from the engine (no HOME, USER, NODE_OPTIONS), contract §1.2 and §8 item 2.
 */
export function jujuEnv(input: JujuEnvInput): Record<string, string> {
  const { event } = input;
  const env: Record<string, string> = {
    CHARM_DIR: input.charmDir,
    JUJU_CHARM_DIR: input.charmDir,
    JUJU_CONTEXT_ID: input.contextId,
    JUJU_HOOK_NAME: event.kind === "hook" ? event.name : "",
    JUJU_DISPATCH_PATH: dispatchPath(event),
    JUJU_AGENT_SOCKET_ADDRESS: input.socketPath,
    JUJU_AGENT_SOCKET_NETWORK: "unix",
    JUJU_UNIT_NAME: input.unit,
    JUJU_MODEL_UUID: input.model.uuid,
    JUJU_MODEL_NAME: input.model.name,
    JUJU_VERSION: input.jujuVersion,
    JUJU_MACHINE_ID: "", // empty on Kubernetes
    JUJU_PRINCIPAL_UNIT: "",
    JUJU_SLA: "unsupported",
    APT_LISTCHANGES_FRONTEND: "none",
    DEBIAN_FRONTEND: "noninteractive",
    LANG: "C.UTF-8",
    TERM: "tmux-256color",
    PATH: `${input.toolsDir}:${input.systemPath}`,
    ...(event.kind === "action"
      ? { JUJU_ACTION_NAME: event.name, JUJU_ACTION_UUID: event.id, JUJU_ACTION_TAG: `action-${event.id}` }
      : {}),
  };
  for (const [name, value] of Object.entries(input.extra ?? {})) {
    // Per-event variables add to Juju's set; replacing one would hide a caller's mistake.
    if (name in env) throw new Error(`${name} is set by the unit agent and cannot be passed per event`);
    env[name] = value;
  }
  return env;
}
