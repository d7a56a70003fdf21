import type { CharmMeta, DeployOptions, HookRecord, Model, UnitAgents } from "@charmarr/engine";

// The seam between the Juju API (facades, uploads: `api/`) and what runs the model (the engine,
// its pods, persistence: `runtime/`). Facades read the engine's Model and UnitAgents directly for
// everything Juju keeps in its database; what needs more than the model (stored charm archives,
// runners, pods, the loop that runs hooks) goes through this interface.

/** A charm archive the controller stores: `local:<name>-<revision>`. */
export interface StoredCharm {
  url: string;
  name: string;
  revision: number;
  meta: CharmMeta;
  /** The archive on disk (the controller's own copy). */
  file: string;
  /** The archive's sha256, hex. */
  sha256: string;
}

/** How an app's workload runs here, for `status` to say (real Debian binary, stand-in, none). */
export type WorkloadKind = "real" | "stand-in" | "none";

/** What changed, for the AllWatcher: the kinds of entity whose deltas may differ. */
export type ModelChange = "model" | "application" | "unit" | "relation" | "charm" | "action";

export interface ModelHost {
  readonly model: Model;
  readonly agents: UnitAgents;
  readonly controllerUuid: string;

  /** Store an uploaded archive; the same content again gives the existing charm. */
  addCharm(archive: Buffer): Promise<StoredCharm>;
  charm(url: string): StoredCharm | undefined;
  charms(): StoredCharm[];

  /** The charm URL an application was deployed with (kept across restarts), if known. */
  appCharm?(app: string): string | undefined;

  /** `juju deploy`: the app on the stored charm, its runner set, its units scheduled. */
  deploy(app: string, charmUrl: string, options: DeployOptions): void;

  /** Something changed that units must act on (config, relations, secrets, actions): run them. */
  kick(): void;

  /** Called after every hook, and with the kinds of entity an operator call changed. */
  onChange(listener: (change: ModelChange, hook?: HookRecord) => void): () => void;

  /** Whether an app's workload is a real program, a stand-in server or nothing. */
  workloadKind(app: string): WorkloadKind;

  /** Write the model's state to disk now (after an operator change). */
  persist(): Promise<void>;

  /**
   * Optional (added by the runtime): an operator call changed these kinds of entity. Listeners
   * are told with them, the state is written, and the units run what they owe (as `kick`,
   * which tells listeners "model").
   */
  changed?(...changes: ModelChange[]): void;
}
