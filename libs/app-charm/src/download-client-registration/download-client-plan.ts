import {
  compareProvider,
  type DownloadClient,
  type DownloadClientInput,
  fieldValue,
  withFieldValues,
} from "@charmarr/workloads";
import type { ManagedClient } from "./managed-download-clients";

/** A download client a live relation wants registered in the app. */
export interface WantedClient {
  relationId: number;
  /** The provider's application, for messages. */
  remoteApp: string;
  /** The whole resource as the charm would add it, real credential included. */
  payload: DownloadClientInput;
  /** Fingerprint of the payload's masked fields (credentialFingerprint). */
  credential: string;
}

export type ClientStep =
  | { relationId: number; action: "keep"; id: number }
  | { relationId: number; action: "add"; payload: DownloadClientInput }
  | {
      relationId: number;
      action: "update";
      id: number;
      payload: DownloadClientInput & { id: number };
      /** Top-level keys and fields that differ; a masked field when its value is not known to be current. */
      why: string[];
      /** An existing client with the wanted name, not yet known as the charm's. */
      adopted: boolean;
    }
  | { relationId: number; action: "clash"; reason: string };

export interface DownloadClientPlan {
  /** One step per wanted client, in relation order. */
  steps: ClientStep[];
  /** Clients the charm registered for relations that are gone. */
  remove: ManagedClient[];
  /** Entries of live relations that want nothing right now (their data is missing or unusable): kept. */
  carry: ManagedClient[];
}

export interface PlanInput {
  /** The app's download clients, as it lists them (secret fields masked). */
  live: readonly DownloadClient[];
  wanted: readonly WantedClient[];
  /** Every live download-client relation, whether it wants something now or waits. */
  relations: readonly number[];
  /** What the charm remembers registering. */
  managed: readonly ManagedClient[];
  /** The app's name in messages: `Radarr`. */
  appName: string;
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Where a client points: `host:port`. */
const endpointOf = (client: DownloadClientInput) =>
  `${fieldValue(client, "host")}:${fieldValue(client, "port")}`;

/**
 * A client the charm may have added in a hook that died before remembering it: the same kind,
 * pointing at the same downloader. Anything else of that name is someone else's.
 */
const couldBeOurs = (client: DownloadClient, wanted: DownloadClientInput) =>
  client.implementation === wanted.implementation && endpointOf(client) === endpointOf(wanted);

/** What the charm owns in a download client: its name, kind and every field it sends. */
function ownedView(payload: DownloadClientInput) {
  return {
    name: payload.name,
    implementation: payload.implementation,
    configContract: payload.configContract,
    fields: payload.fields,
  };
}

/**
 * Decides, for every download-client relation, whether its client in the app is added, kept or
 * updated, and which of the charm's clients go. The rules:
 *
 * - A relation's client is the one the charm remembers registering for it; failing that, the
 *   app's client with the wanted name (names are unique in the app) when it is of the same kind
 *   and points at the same downloader (the charm added it in a hook that died before
 *   remembering it). A client of that name pointing elsewhere is never taken over or
 *   repointed: the relation waits, naming it.
 * - Kept when everything the charm owns is as wanted: name, implementation, host, port, SSL, URL
 *   base, username, category, and the password or API key, which the app masks: that one is
 *   known to be current only when the remembered fingerprint matches the credential of now.
 *   Updating starts from the app's resource, so what the operator tuned (priority, enabled,
 *   removal of completed downloads, other fields) stays.
 * - Removed: only clients the charm remembers, for relations that are gone, unless a live
 *   relation takes the same client over (the same downloader related again). Hand-made clients
 *   are never touched, and a relation that only waits keeps its client.
 */
export function planDownloadClients(input: PlanInput): DownloadClientPlan {
  const liveById = new Map(input.live.map((client) => [client.id, client]));
  const liveRelations = new Set(input.relations);
  const wantedRelations = new Set(input.wanted.map((w) => w.relationId));
  // Entries whose client still exists; the first entry for an id wins.
  const current: ManagedClient[] = [];
  for (const entry of input.managed) {
    if (liveById.has(entry.id) && !current.some((e) => e.id === entry.id)) current.push(entry);
  }
  const entryOf = (relation: number) => current.find((e) => e.relation === relation);

  const carry = current.filter((e) => liveRelations.has(e.relation) && !wantedRelations.has(e.relation));
  // Client id -> the live relation that holds it.
  const holder = new Map<number, number>(carry.map((e) => [e.id, e.relation]));
  const wanted = [...input.wanted].sort((a, b) => a.relationId - b.relationId);
  for (const w of wanted) {
    const own = entryOf(w.relationId);
    if (own && !holder.has(own.id)) holder.set(own.id, w.relationId);
  }

  const claimedNames = new Map<string, number>();
  const steps = wanted.map((w): ClientStep => {
    const name = w.payload.name;
    const claimedBy = claimedNames.get(name.toLowerCase());
    if (claimedBy !== undefined) {
      return {
        relationId: w.relationId,
        action: "clash",
        reason: `download-client:${claimedBy} and download-client:${w.relationId} both register a client named "${name}" in ${input.appName}`,
      };
    }
    claimedNames.set(name.toLowerCase(), w.relationId);

    const own = entryOf(w.relationId);
    let target = own && holder.get(own.id) === w.relationId ? liveById.get(own.id) : undefined;
    let adopted = false;
    const named = input.live.filter((client) => sameName(client.name, name) && client.id !== target?.id);
    const other = named[0];
    if (other) {
      const otherHolder = holder.get(other.id);
      const foreign = otherHolder === undefined && !couldBeOurs(other, w.payload);
      if (target || foreign || (otherHolder !== undefined && otherHolder !== w.relationId)) {
        const whose =
          otherHolder === undefined
            ? `one the charm did not add, for ${endpointOf(other)}: rename or delete it`
            : `the one registered for download-client:${otherHolder}`;
        return {
          relationId: w.relationId,
          action: "clash",
          reason: `${input.appName} already has a download client named "${name}" (${whose})`,
        };
      }
      target = other;
      adopted = true;
      holder.set(other.id, w.relationId);
    }
    if (!target) return { relationId: w.relationId, action: "add", payload: w.payload };

    const { differs, masked } = compareProvider(target, ownedView(w.payload));
    const why = [...differs];
    const credentialKnown = own?.id === target.id && own.credential === w.credential;
    if (!credentialKnown) why.push(...masked);
    if (why.length === 0) return { relationId: w.relationId, action: "keep", id: target.id };

    const sameKind =
      target.implementation === w.payload.implementation &&
      target.configContract === w.payload.configContract;
    // Another kind of client on the same relation: its old fields mean nothing, start afresh.
    const base: DownloadClientInput & { id: number } = sameKind
      ? { ...(target as DownloadClientInput & { id: number }), name }
      : { ...w.payload, id: target.id };
    const payload = withFieldValues(
      base,
      Object.fromEntries(w.payload.fields.map((field) => [field.name, field.value])),
    );
    return { relationId: w.relationId, action: "update", id: target.id, payload, why, adopted };
  });

  const remove = current.filter((e) => !liveRelations.has(e.relation) && !holder.has(e.id));
  return { steps, remove, carry };
}
