import type { CharmContext } from "@charmarr/charm";
import type { OwnedSecret, SecretContent } from "@charmarr/secrets";
import {
  type DownloadClientKind,
  type MediaFolder,
  type MediaManagerKind,
  mediaFolderFor,
} from "../media-kinds";
import {
  DOWNLOAD_CLIENT,
  publishDownloadClientProvider,
  readDownloadClientRequirer,
} from "./download-client-data";

type Ctx = CharmContext<unknown>;

/** The category a related media manager files its downloads under. */
export interface ManagerCategory {
  /** The manager's Juju application name (the relation's remote application, never its databag's claim). */
  name: string;
  manager: MediaManagerKind;
  /** The media-type folder below the download directory: radarr → movies, sonarr → tv ... */
  folder: MediaFolder;
  /** `download-client:<id>`, for messages. */
  relation: string;
}

export interface DownloadClientOffer<T extends SecretContent> {
  client: DownloadClientKind;
  /** The credential's secret in this hook. */
  secret: OwnedSecret<T>;
  /** `http://<ingress>:<port>`: what the managers call. */
  apiUrl: string;
}

export interface ProvidedDownloadClient {
  /** One per related manager that said who it is. */
  categories: ManagerCategory[];
  /** Why some relation is not served yet (for a Waiting status). */
  waiting: string[];
}

/**
 * The provider side of download-client (leader only): the credential's secret granted on every
 * relation with a manager on it (and revoked from any app no longer related), the client's URL,
 * kind, name and the secret's ID published, and the category each manager asked for.
 */
export async function provideDownloadClient<T extends SecretContent>(
  ctx: Ctx,
  offer: DownloadClientOffer<T>,
): Promise<ProvidedDownloadClient> {
  // libs/secrets leaves a departing relation's grant alone (Juju refuses a grant on a dying one).
  const relations = await ctx.relations(DOWNLOAD_CLIENT);
  await offer.secret.grant(relations);

  const categories = new Map<string, ManagerCategory>();
  const waiting: string[] = [];
  await Promise.all(
    relations.map(async (relation) => {
      await publishDownloadClientProvider(relation, {
        apiUrl: offer.apiUrl,
        client: offer.client,
        instanceName: ctx.app.name,
        secretId: offer.secret.id,
      });
      const where = `${relation.endpoint}:${relation.id}`;
      const requirer = await readDownloadClientRequirer(relation);
      if (!requirer.ok) {
        waiting.push(
          requirer.reason === "no data yet"
            ? `waiting for ${await relation.remoteApp()} to say which manager it is on ${where}`
            : requirer.reason,
        );
        return;
      }
      // Identity from Juju: the category is named after the related application, whatever name
      // its databag claims (a claimed "radarr" must never take Radarr's category).
      const { manager, instanceName } = requirer.data;
      const remoteApp = await relation.remoteApp();
      if (instanceName !== remoteApp) {
        ctx.log.warn(
          { relation: where, app: remoteApp },
          "ignoring an instance-name that is not the related application's name",
        );
      }
      categories.set(remoteApp, {
        name: remoteApp,
        manager,
        folder: mediaFolderFor(manager),
        relation: where,
      });
    }),
  );
  return {
    categories: [...categories.values()].sort((a, b) => a.name.localeCompare(b.name)),
    waiting: waiting.sort(),
  };
}
