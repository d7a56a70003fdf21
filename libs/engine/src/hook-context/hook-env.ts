/**
 * What a hook context is opened for: the hook (or action) and the JUJU_* facts that come with
 * it (contract §1.2). The runner turns the same data into the process environment.
 */
export interface HookEnv {
  /** JUJU_HOOK_NAME, e.g. `config-changed`, `db-relation-changed`; "" for an action. */
  hook: string;
  /** JUJU_RELATION_ID's number, for relation hooks. */
  relationId?: number;
  /** JUJU_REMOTE_UNIT; absent in created/broken and app-data changed hooks. */
  remoteUnit?: string;
  /** JUJU_REMOTE_APP. */
  remoteApp?: string;
  /** JUJU_DEPARTING_UNIT, relation-departed only. */
  departingUnit?: string;
  /** JUJU_SECRET_ID / _LABEL / _REVISION for secret hooks. */
  secret?: { uri: string; label?: string; revision?: number };
  /** JUJU_STORAGE_ID (`data/0`) for storage hooks. */
  storageId?: string;
  /** JUJU_WORKLOAD_NAME for Pebble hooks. */
  workload?: string;
  /** JUJU_NOTICE_ID / _TYPE / _KEY for `<container>-pebble-custom-notice`. */
  notice?: { id: string; type: string; key: string };
  /** JUJU_PEBBLE_CHECK_NAME for `<container>-pebble-check-failed/-recovered`. */
  checkName?: string;
  /** The action being run (JUJU_ACTION_NAME / _UUID), with params already validated and defaulted. */
  action?: { name: string; id: string; params: Record<string, unknown> };
}

export interface ContextOptions {
  /** The charm directory: relative paths in tool arguments resolve against it. */
  cwd?: string;
  /** JUJU_CONTEXT_ID; generated when absent. */
  id?: string;
  /**
   * The remote units relation-list reports for a relation (the units this unit has seen join).
   * Defaults to every unit currently at the other end.
   */
  members?: (relationId: number) => string[];
}
