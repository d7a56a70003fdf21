import type { Model } from "../model/model";
import type { OwnerSecretHooks } from "./owner-secret-hooks";

/** Leadership of an application as the agents see it: who leads, and how often it has moved. */
export interface Leadership {
  leader: string | undefined;
  epoch: number;
}

/** What a unit agent reads of the world when it decides what to run next (Juju's remote state). */
export interface AgentView {
  readonly model: Model;
  readonly now: Date;
  /** Units in a relation's scope: entered after their relation-created, left after broken. */
  scope(relationId: number): ReadonlySet<string>;
  leadership(app: string): Leadership;
  readonly ownerHooks: OwnerSecretHooks;
}
