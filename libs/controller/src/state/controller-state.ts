import type {
  KubernetesClusterSnapshot,
  ModelConfig,
  ModelState,
  TaskRecord,
  UnitAgentsSnapshot,
} from "@charmarr/engine";
import type { CharmStoreIndex } from "../runtime/charm-store";

/** Everything the controller must get back after a restart, written encrypted (state.enc). */
export interface ControllerState {
  version: 1;
  controllerUuid: string;
  model: {
    uuid: string;
    name: string;
    addressBlock: number;
    state: ModelState;
    config: ModelConfig;
    /** Actions' tasks (`juju show-task` after a restart). */
    tasks: [string, TaskRecord][];
  };
  agents: UnitAgentsSnapshot;
  cluster: KubernetesClusterSnapshot;
  charms: CharmStoreIndex;
  /** Application → the `local:` URL of the charm it runs. */
  appCharms: [string, string][];
}
