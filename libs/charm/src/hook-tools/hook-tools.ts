import { actionFail, actionGet, actionGetKey, actionLog, actionSet } from "./action-tools";
import { configGet, configGetKey } from "./config-tools";
import { credentialGet } from "./credential-tools";
import { goalState } from "./goal-state-tools";
import { isLeader } from "./leadership-tools";
import { jujuLog } from "./log-tools";
import { networkGet } from "./network-tools";
import { closePort, openedPorts, openPort } from "./port-tools";
import {
  relationGet,
  relationIds,
  relationList,
  relationListApp,
  relationModelGet,
  relationSet,
} from "./relation-tools";
import { resourceGet } from "./resource-tools";
import {
  secretAdd,
  secretGet,
  secretGetValue,
  secretGrant,
  secretIds,
  secretInfoGet,
  secretRemove,
  secretRevoke,
  secretSet,
} from "./secret-tools";
import { stateDelete, stateGet, stateGetKey, stateSet } from "./state-tools";
import { applicationVersionSet, statusGet, statusGetApplication, statusSet } from "./status-tools";
import { storageAdd, storageGet, storageList } from "./storage-tools";
import type { ToolRunner } from "./tool-runner";

/**
 * Every hook tool as a typed async method over one ToolRunner: real processes in
 * production (ProcessToolRunner), the in-memory model engine in tests. Each method is the
 * function of the same name in its area's `*-tools.ts` module, where it is documented.
 */
export class HookTools {
  constructor(readonly runner: ToolRunner) {}

  /** `fn` with this runner as its first argument. */
  #bind<A extends unknown[], R>(fn: (runner: ToolRunner, ...args: A) => R): (...args: A) => R {
    return (...args) => fn(this.runner, ...args);
  }

  // Config and leadership
  readonly configGet = this.#bind(configGet);
  readonly configGetKey = this.#bind(configGetKey);
  readonly isLeader = this.#bind(isLeader);

  // Relations
  readonly relationIds = this.#bind(relationIds);
  readonly relationList = this.#bind(relationList);
  readonly relationListApp = this.#bind(relationListApp);
  readonly relationGet = this.#bind(relationGet);
  readonly relationSet = this.#bind(relationSet);
  readonly relationModelGet = this.#bind(relationModelGet);

  // Status and logging
  readonly statusSet = this.#bind(statusSet);
  readonly statusGet = this.#bind(statusGet);
  readonly statusGetApplication = this.#bind(statusGetApplication);
  readonly applicationVersionSet = this.#bind(applicationVersionSet);
  readonly jujuLog = this.#bind(jujuLog);

  // Network and ports
  readonly openPort = this.#bind(openPort);
  readonly closePort = this.#bind(closePort);
  readonly openedPorts = this.#bind(openedPorts);
  readonly networkGet = this.#bind(networkGet);
  readonly goalState = this.#bind(goalState);

  // Actions
  readonly actionGet = this.#bind(actionGet);
  readonly actionGetKey = this.#bind(actionGetKey);
  readonly actionSet = this.#bind(actionSet);
  readonly actionFail = this.#bind(actionFail);
  readonly actionLog = this.#bind(actionLog);

  // Charm state
  readonly stateGet = this.#bind(stateGet);
  readonly stateGetKey = this.#bind(stateGetKey);
  readonly stateSet = this.#bind(stateSet);
  readonly stateDelete = this.#bind(stateDelete);

  // Secrets
  readonly secretAdd = this.#bind(secretAdd);
  readonly secretGet = this.#bind(secretGet);
  readonly secretGetValue = this.#bind(secretGetValue);
  readonly secretSet = this.#bind(secretSet);
  readonly secretGrant = this.#bind(secretGrant);
  readonly secretRevoke = this.#bind(secretRevoke);
  readonly secretRemove = this.#bind(secretRemove);
  readonly secretIds = this.#bind(secretIds);
  readonly secretInfoGet = this.#bind(secretInfoGet);

  // Resources, storage, cloud
  readonly resourceGet = this.#bind(resourceGet);
  readonly storageGet = this.#bind(storageGet);
  readonly storageList = this.#bind(storageList);
  readonly storageAdd = this.#bind(storageAdd);
  readonly credentialGet = this.#bind(credentialGet);
}
