import type { Facade } from "../facade";
import { actionFacade } from "./action";
import { adminFacade } from "./admin";
import { allWatcherFacade } from "./all-watcher";
import { applicationFacade } from "./application";
import { clientFacade } from "./client";
import { modelManagerFacade } from "./model-manager";
import { pingerFacade } from "./pinger";
import { resourcesFacade } from "./resources";
import { secretsFacade } from "./secrets";

/** Every facade the API serves. */
export const API_FACADES: readonly Facade[] = [
  adminFacade,
  pingerFacade,
  modelManagerFacade,
  clientFacade,
  allWatcherFacade,
  applicationFacade,
  resourcesFacade,
  secretsFacade,
  actionFacade,
];
