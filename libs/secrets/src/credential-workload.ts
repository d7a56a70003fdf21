/**
 * How an owned credential reaches the workload that uses it. The charm provides this for
 * the current hook; the secrets library drives it for rotation and drift repair.
 */
export interface CredentialWorkload<T> {
  /**
   * Make the workload use `next`. `current` is the value it uses now, when known (an API
   * that changes a key usually needs the old one to authenticate); undefined when the live
   * value is unknown (repair after drift), in which case apply through a path that needs
   * no credential, such as the config file and a restart.
   */
  apply(next: T, current: T | undefined): Promise<void>;
  /**
   * Does the workload accept `value` right now? Read-only; a refusal must not count towards a ban.
   * `revision`: the committed secret revision `value` is, when it is one (drift checks of a
   * secret read back from Juju): its content never changes, so a workload may remember what it
   * proved for it across hooks (never the value, nor anything derived from it).
   */
  accepts(value: T, revision?: SecretRevisionRef): Promise<boolean>;
  /**
   * The credential the workload holds, where the app can tell it (an API key in its config);
   * leave it out where it cannot (a password stored as a hash).
   */
  readLive?(): Promise<T | undefined>;
}

/** A committed revision of a secret: `id` the bare xid. */
export interface SecretRevisionRef {
  id: string;
  revision: number;
}
