import type { ModelChange, ModelHost } from "../model-host";
import { ApiError } from "./api-error";
import { ChangeBus } from "./change-bus";
import { Credentials, LoginThrottle } from "./credentials";
import { Operations } from "./operations";
import { PendingResources } from "./pending-resources";
import type { Dispatcher } from "./rpc-dispatch";

/** What every connection and HTTP route of one API server shares. */
export class ApiContext {
  readonly changes: ChangeBus;
  readonly pendingResources = new PendingResources();
  readonly operations: Operations;
  readonly credentials: Credentials;
  readonly throttle = new LoginThrottle();
  /** The port the server listens on, once it does. */
  port = 0;
  /** The charm URL each application was deployed from through this API. */
  readonly appCharms = new Map<string, string>();
  /** Unit agent statuses as last seen, with the time they changed (the engine keeps no since). */
  readonly #agentSeen = new Map<string, { status: string; message: string; since: Date }>();
  /** Set by the server: what Admin.Login advertises. */
  dispatcher: Dispatcher | undefined;

  constructor(
    readonly host: ModelHost,
    readonly modelName: string,
    readonly log: (line: string) => void,
    password: string,
  ) {
    this.credentials = new Credentials(password);
    this.changes = new ChangeBus(host);
    this.operations = new Operations(host);
  }

  get modelUuid(): string {
    return this.host.model.uuid;
  }

  /** After an operator change: units act on it, watchers see it, the state is written. */
  operatorChanged(...kinds: ModelChange[]): void {
    this.host.kick();
    for (const kind of kinds) this.changes.emit(kind);
    this.host.persist().catch((err: unknown) => {
      this.log(`persisting the model failed: ${err instanceof Error ? err.message : String(err)}`);
    });
  }

  /** The charm URL of an application: as deployed here, else the newest stored charm of its name. */
  charmUrl(app: string): string {
    const known = this.appCharms.get(app) ?? this.host.appCharm?.(app);
    if (known) return known;
    const name = this.host.model.app(app).meta.name;
    const stored = this.host
      .charms()
      .filter((c) => c.name === name)
      .sort((a, b) => b.revision - a.revision)[0];
    return stored?.url ?? `local:${name}-0`;
  }

  /** The application's record; Juju's "not found" when there is none. */
  application(name: string): NonNullable<ReturnType<ModelHost["model"]["state"]["apps"]["get"]>> {
    const record = this.host.model.state.apps.get(name);
    if (!record) throw new ApiError(`application ${JSON.stringify(name)} not found`, "not found");
    return record;
  }

  /** A unit agent's status and since when it became so. */
  agentStatus(unit: string): { status: string; message: string; since: Date } {
    const { agent } = this.host.agents.unitStatus(unit);
    const seen = this.#agentSeen.get(unit);
    if (seen && seen.status === agent.status && seen.message === agent.message) return seen;
    const fresh = { status: agent.status, message: agent.message, since: this.host.model.now() };
    this.#agentSeen.set(unit, fresh);
    return fresh;
  }

  close(): void {
    this.changes.close();
  }
}
