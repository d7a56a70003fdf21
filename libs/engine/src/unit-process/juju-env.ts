/** What the unit agent runs: a hook by name, or an action by name with its task id. */
export type HookEvent = { kind: "hook"; name: string } | { kind: "action"; name: string; id: string };

export interface ModelIdentity {
  name: string;
  uuid: string;
  /** The agent's facts for the common variables; DEFAULT_AGENT_FACTS when absent. */
  agent?: AgentFacts;
}

/** Proxy settings as model config holds them (empty: unset). */
export interface ProxySettings {
  http: string;
  https: string;
  ftp: string;
  noProxy: string;
}

/** What the unit agent knows beyond the unit and the event (contract §1.2, first table). */
export interface AgentFacts {
  /** JUJU_API_ADDRESSES, joined with spaces. */
  apiAddresses: readonly string[];
  /** JUJU_AVAILABILITY_ZONE. */
  availabilityZone: string;
  /** CLOUD_API_VERSION. */
  cloudApiVersion: string;
  /** JUJU_CHARM_HTTP_PROXY … from `juju-http-proxy` …, always set (empty when unset). */
  proxy: ProxySettings;
  /** http_proxy/HTTP_PROXY … from the legacy `http-proxy` …, set only when not empty. */
  legacyProxy: ProxySettings;
  /** KUBERNETES_SERVICE_HOST/_PORT, passed through from the agent's pod on Kubernetes only. */
  kubernetesService?: { host: string; port: string };
}

/** A Kubernetes model with nothing configured: Juju's model-config defaults, MicroK8s's service. */
export const DEFAULT_AGENT_FACTS: AgentFacts = {
  apiAddresses: ["127.0.0.1:17070"],
  availabilityZone: "",
  cloudApiVersion: "1.31.0",
  proxy: { http: "", https: "", ftp: "", noProxy: "127.0.0.1,localhost,::1" },
  legacyProxy: { http: "", https: "", ftp: "", noProxy: "" },
  kubernetesService: { host: "10.152.183.1", port: "443" },
};

/** The agent's common variables from its facts, as Juju's HookVars/env.go build them. */
export function agentEnv(facts: AgentFacts): Record<string, string> {
  const env: Record<string, string> = {
    JUJU_API_ADDRESSES: facts.apiAddresses.join(" "),
    JUJU_AVAILABILITY_ZONE: facts.availabilityZone,
    CLOUD_API_VERSION: facts.cloudApiVersion,
  };
  const legacy = facts.legacyProxy;
  for (const [name, value] of [
    ["http_proxy", legacy.http],
    ["https_proxy", legacy.https],
    ["ftp_proxy", legacy.ftp],
    ["no_proxy", legacy.noProxy],
  ] as const) {
    if (value === "") continue;
    env[name] = value;
    env[name.toUpperCase()] = value;
  }
  env.JUJU_CHARM_HTTP_PROXY = facts.proxy.http;
  env.JUJU_CHARM_HTTPS_PROXY = facts.proxy.https;
  env.JUJU_CHARM_FTP_PROXY = facts.proxy.ftp;
  env.JUJU_CHARM_NO_PROXY = facts.proxy.noProxy;
  if (facts.kubernetesService) {
    env.KUBERNETES_SERVICE_HOST = facts.kubernetesService.host;
    env.KUBERNETES_SERVICE_PORT = facts.kubernetesService.port;
  }
  return env;
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
    ...agentEnv(input.model.agent ?? DEFAULT_AGENT_FACTS),
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
