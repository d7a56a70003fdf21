import type { CharmContext, Relation } from "@charmarr/charm";
import { DOWNLOAD_CLIENT, type RelatedDownloadClient, readDownloadClients } from "@charmarr/interfaces";
import {
  type DownloadClient,
  type MediaManagerApp,
  MediaManagerClient,
  qbittorrentDownloadClient,
  SERVARR_APPS,
  sabnzbdDownloadClient,
} from "@charmarr/workloads";
import type { CharmRecordFile } from "../servarr/charm-record";
import { credentialFingerprint, newFingerprintSalt } from "./credential-fingerprint";
import {
  describeAppFailure,
  describeSaveFailure,
  isForgivable,
  isNotFound,
} from "./download-client-failures";
import {
  type DownloadClientOutcome,
  type DownloadClientSync,
  reportDownloadClients,
} from "./download-client-outcome";
import { type ClientStep, planDownloadClients, type WantedClient } from "./download-client-plan";
import { downloaderEndpoint } from "./downloader-endpoint";
import {
  type DownloadClientMemory,
  type ManagedClient,
  type ManagedClients,
  parseManagedClients,
  unitStateMemory,
} from "./managed-download-clients";

type Ctx = CharmContext<unknown>;

/** The field each manager files its downloads under (its category in the downloader). */
const CATEGORY_FIELD: Readonly<Record<MediaManagerApp, string>> = {
  radarr: "movieCategory",
  sonarr: "tvCategory",
};

export interface SyncDownloadClientsOptions {
  /** Which manager this charm runs. */
  manager: MediaManagerApp;
  /** The app's own API (its local URL and its current key); the app must be up. */
  client: MediaManagerClient;
  /** The live download-client relations; `ctx.relations("download-client")` by default. */
  relations?: readonly Relation[];
  /** Where the charm remembers its clients; Juju unit state by default. */
  memory?: DownloadClientMemory;
}

type Read =
  | { ok: true; wanted: WantedClient }
  | { ok: false; relationId: number; remoteApp: string; reason: string };

/** One relation's download client as the app should have it, or why it cannot be known yet. */
function wantedClient(
  ctx: Ctx,
  related: RelatedDownloadClient,
  manager: MediaManagerApp,
  salt: string,
): Read {
  const { relation, remoteApp } = related;
  if (!related.ok) return { ok: false, relationId: relation.id, remoteApp, reason: related.reason };
  // Identity from Juju: the client is named after the related application, whatever its
  // databag claims, so no downloader can take another's client.
  const endpoint = {
    name: remoteApp,
    ...downloaderEndpoint(related.provider.apiUrl),
    category: ctx.app.name,
  };
  const { credential } = related;
  const payload =
    credential.client === "qbittorrent"
      ? qbittorrentDownloadClient(manager, { ...endpoint, ...credential.content })
      : sabnzbdDownloadClient(manager, { ...endpoint, apiKey: credential.content["api-key"] });
  return {
    ok: true,
    wanted: {
      relationId: relation.id,
      remoteApp,
      payload,
      credential: credentialFingerprint(salt, payload.fields),
    },
  };
}

/**
 * The manager side of download-client (Radarr, Sonarr), for the leader's reconcile once its app
 * answers: publish this manager's data on every relation, read each downloader's data and the
 * secret it granted (with a consumer label and `--refresh`, so every rotation brings a
 * secret-changed hook), and make the app's download clients match:
 *
 * - one client per relation, named after the downloader (its Juju application), filed under this
 *   application's name as category; qBittorrent with its username and password, SABnzbd with
 *   its API key; host, port, SSL and URL base from the downloader's api-url;
 * - added when missing; updated only when something the charm owns changed, a rotated
 *   credential included (the app masks it: the charm compares fingerprints of what it sent);
 * - removed when its relation is gone (the last one too); clients the operator added by hand
 *   are never touched (see managed-download-clients.ts).
 *
 * Nothing outside the charm's control fails the hook: missing or bad data, a grant not visible
 * yet, the downloader or the app refusing or unreachable all become a Waiting outcome for the
 * relation concerned, and the next hook tries again. Errors that are bugs are thrown.
 */
export async function syncDownloadClients(
  ctx: Ctx,
  options: SyncDownloadClientsOptions,
): Promise<DownloadClientSync> {
  const sync: DownloadClientSync = { outcomes: [], removed: [] };
  if (!(await ctx.isLeader())) return sync;
  const { manager, client } = options;
  const appName = SERVARR_APPS[manager].name;
  const relations = [...(options.relations ?? (await ctx.relations(DOWNLOAD_CLIENT)))].sort(
    (a, b) => a.id - b.id,
  );
  const memory = options.memory ?? unitStateMemory(ctx);

  // The interface's requirer side: our data published, each downloader's data and credential read.
  const [stored, related] = await Promise.all([memory.read(), readDownloadClients(ctx, manager, relations)]);
  let managed = parseManagedClients(stored);
  if (stored !== undefined && managed === undefined) {
    ctx.log.warn("forgetting an unreadable list of managed download clients");
  }
  if (relations.length === 0 && (managed?.clients.length ?? 0) === 0) return sync;
  managed ??= { salt: newFingerprintSalt(), clients: [] };
  const { salt } = managed;

  const reads = related.map((r) => wantedClient(ctx, r, manager, salt));
  const outcomeOf = new Map<number, DownloadClientOutcome>();
  for (const read of reads) {
    if (read.ok) continue;
    ctx.log.info(
      { relation: read.relationId, downloader: read.remoteApp, reason: read.reason },
      "download client waits",
    );
    const { relationId, remoteApp, reason } = read;
    outcomeOf.set(relationId, { relationId, remoteApp, state: "waiting", reason });
  }
  const wanted = reads.flatMap((read) => (read.ok ? [read.wanted] : []));

  let live: DownloadClient[];
  try {
    live = await client.downloadClients.list();
  } catch (err) {
    const reason = describeAppFailure(err, appName);
    if (reason === undefined) throw err;
    ctx.log.warn({ error: (err as Error).message }, "cannot list the download clients");
    sync.problem = reason;
    sync.outcomes = reads.map((read) =>
      read.ok
        ? { relationId: read.wanted.relationId, remoteApp: read.wanted.remoteApp, state: "waiting", reason }
        : { relationId: read.relationId, remoteApp: read.remoteApp, state: "waiting", reason: read.reason },
    );
    return sync;
  }

  const plan = planDownloadClients({
    live,
    wanted,
    relations: relations.map((r) => r.id),
    managed: managed.clients,
    appName,
  });
  const next: ManagedClient[] = [...plan.carry];

  // Removals first: they free names a new registration may want.
  for (const entry of plan.remove) {
    try {
      await client.downloadClients.delete(entry.id);
      sync.removed.push({ id: entry.id, name: entry.name });
      ctx.log.info(
        { id: entry.id, name: entry.name, relation: entry.relation },
        "download client removed: its relation is gone",
      );
    } catch (err) {
      if (isNotFound(err)) continue;
      const reason = describeAppFailure(err, appName);
      if (reason === undefined) throw err;
      sync.problem = reason;
      ctx.log.warn(
        { id: entry.id, name: entry.name, reason },
        "could not remove a download client; trying again next hook",
      );
      next.push(entry);
    }
  }

  const wantedOf = new Map(wanted.map((w) => [w.relationId, w]));
  const previous = new Map(managed.clients.map((entry) => [entry.relation, entry]));
  const liveIds = new Set(live.map((c) => c.id));
  for (const step of plan.steps) {
    const w = wantedOf.get(step.relationId) as WantedClient;
    const outcome = await execute(ctx, client, step, w, appName, CATEGORY_FIELD[manager]);
    outcomeOf.set(step.relationId, outcome);
    if (outcome.state === "registered") {
      next.push({ id: outcome.id, relation: step.relationId, name: outcome.name, credential: w.credential });
    } else {
      // Nothing changed in the app: what was remembered for this relation still holds.
      const before = previous.get(step.relationId);
      if (before && liveIds.has(before.id) && !next.some((e) => e.id === before.id)) next.push(before);
    }
  }
  sync.outcomes = relations.map((r) => outcomeOf.get(r.id) as DownloadClientOutcome);

  const after: ManagedClients = {
    salt,
    clients: next.sort((a, b) => a.relation - b.relation || a.id - b.id),
  };
  if (JSON.stringify(after) !== JSON.stringify(parseManagedClients(stored))) await memory.write(after);
  return sync;
}

/** Carries out one step of the plan; the app's refusals become a Waiting outcome. */
async function execute(
  ctx: Ctx,
  client: MediaManagerClient,
  step: ClientStep,
  w: WantedClient,
  appName: string,
  categoryField: string,
): Promise<DownloadClientOutcome> {
  const who = { relationId: step.relationId, remoteApp: w.remoteApp };
  const name = w.payload.name;
  if (step.action === "clash") {
    ctx.log.warn({ relation: step.relationId, name }, step.reason);
    return { ...who, state: "waiting", reason: step.reason };
  }
  if (step.action === "keep") return { ...who, state: "registered", name, id: step.id, action: "kept" };

  const save = (forceSave: boolean) =>
    step.action === "add"
      ? client.downloadClients.add(step.payload, { forceSave })
      : client.downloadClients.update(step.payload, { forceSave });
  let note: string | undefined;
  let saved: DownloadClient;
  try {
    try {
      saved = await save(false);
    } catch (err) {
      if (!isForgivable(err, categoryField)) throw err;
      // The app reached the downloader with these credentials; only the category is missing yet.
      note = describeSaveFailure(err, appName, w.remoteApp);
      saved = await save(true);
    }
  } catch (err) {
    const reason = describeSaveFailure(err, appName, w.remoteApp);
    if (reason === undefined) throw err;
    ctx.log.warn({ relation: step.relationId, name, reason }, "download client not saved");
    return { ...who, state: "waiting", reason };
  }
  const action = step.action === "add" ? "added" : "updated";
  const details = step.action === "update" ? { changed: step.why, adopted: step.adopted } : {};
  ctx.log.info(
    { relation: step.relationId, name, id: saved.id, ...details, ...(note ? { note } : {}) },
    `download client ${action}`,
  );
  return { ...who, state: "registered", name, id: saved.id, action, ...(note ? { note } : {}) };
}

/**
 * Register every related downloader (download-client) in this app and follow its rotations;
 * remove the ones whose relation is gone; a Waiting status says which cannot be served yet.
 * What was registered is remembered in the charm's record beside the app's database, by
 * fingerprint only.
 */
export async function registerDownloadClients(
  ctx: Ctx,
  manager: MediaManagerApp,
  app: { localApiUrl: string; apiKey: string; record: CharmRecordFile },
): Promise<void> {
  const sync = await syncDownloadClients(ctx, {
    manager,
    client: new MediaManagerClient({ app: manager, url: app.localApiUrl, apiKey: app.apiKey }),
    memory: {
      read: async () => (await app.record.read()).downloadClients,
      write: (managed) => app.record.update({ downloadClients: managed }),
    },
  });
  reportDownloadClients(ctx, sync);
}
