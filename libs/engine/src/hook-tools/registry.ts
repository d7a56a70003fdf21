import { actionFail } from "./action-fail";
import { actionGet } from "./action-get";
import { actionLog } from "./action-log";
import { actionSet } from "./action-set";
import { applicationVersionSet } from "./application-version-set";
import { configGet } from "./config-get";
import { credentialGet } from "./credential-get";
import { goalState } from "./goal-state";
import { isLeader } from "./is-leader";
import { jujuLog } from "./juju-log";
import { networkGet } from "./network-get";
import { openedPorts } from "./opened-ports";
import { closePort, openPort } from "./ports";
import { relationGet } from "./relation-get";
import { relationIds } from "./relation-ids";
import { relationList } from "./relation-list";
import { relationModelGet } from "./relation-model-get";
import { relationSet } from "./relation-set";
import { resourceGet } from "./resource-get";
import { secretAdd } from "./secret-add";
import { secretGet } from "./secret-get";
import { secretGrant } from "./secret-grant";
import { secretIds } from "./secret-ids";
import { secretInfoGet } from "./secret-info-get";
import { secretRemove } from "./secret-remove";
import { secretRevoke } from "./secret-revoke";
import { secretSet } from "./secret-set";
import { stateDelete } from "./state-delete";
import { stateGet } from "./state-get";
import { stateSet } from "./state-set";
import { statusGet } from "./status-get";
import { statusSet } from "./status-set";
import { storageAdd } from "./storage-add";
import { storageGet } from "./storage-get";
import { storageList } from "./storage-list";
import type { HookTool } from "./tool";

/** Every hook tool the engine serves, by the name on PATH. */
export const HOOK_TOOLS: ReadonlyMap<string, HookTool> = new Map(
  [
    actionFail,
    actionGet,
    actionLog,
    actionSet,
    applicationVersionSet,
    closePort,
    configGet,
    credentialGet,
    goalState,
    isLeader,
    jujuLog,
    networkGet,
    openPort,
    openedPorts,
    relationGet,
    relationIds,
    relationList,
    relationModelGet,
    relationSet,
    resourceGet,
    secretAdd,
    secretGet,
    secretGrant,
    secretIds,
    secretInfoGet,
    secretRemove,
    secretRevoke,
    secretSet,
    stateDelete,
    stateGet,
    stateSet,
    statusGet,
    statusSet,
    storageAdd,
    storageGet,
    storageList,
  ].map((tool) => [tool.name, tool]),
);
