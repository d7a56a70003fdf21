import * as z from "zod";
import { MediaManagementApi } from "./media-management-api";
import { ProviderApi } from "./provider-api";
import { type DownloadClient, type DownloadClientInput, downloadClientSchema } from "./resources";
import { RootFoldersApi } from "./root-folders-api";
import type { MediaManagerApp } from "./servarr-app";
import { ServarrClient, type ServarrClientOptions } from "./servarr-client";

/** Radarr or Sonarr (API v3): the common calls plus download clients and root folders. */
export class MediaManagerClient extends ServarrClient {
  readonly downloadClients: ProviderApi<DownloadClient, DownloadClientInput>;
  readonly rootFolders: RootFoldersApi;
  readonly mediaManagement: MediaManagementApi;

  constructor(options: ServarrClientOptions & { app: MediaManagerApp }) {
    super(options);
    this.downloadClients = new ProviderApi(
      this.http,
      "downloadclient",
      downloadClientSchema,
      z.array(downloadClientSchema),
    );
    this.rootFolders = new RootFoldersApi(this.http);
    this.mediaManagement = new MediaManagementApi(this.http);
  }
}
