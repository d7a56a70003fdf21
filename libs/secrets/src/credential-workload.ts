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
  /** Does the workload accept `value` right now? Read-only; a refusal must not count towards a ban. */
  accepts(value: T): Promise<boolean>;
  /**
   * The credential the workload holds, where the app can tell it (an API key in its config);
   * leave it out where it cannot (a password stored as a hash).
   */
  readLive?(): Promise<T | undefined>;
}
