import * as z from "zod";
import { ProviderApi } from "./provider-api";
import { type Application, type ApplicationInput, applicationSchema } from "./resources";
import { ServarrClient, type ServarrClientOptions } from "./servarr-client";

/** Prowlarr (API v1): the common calls plus applications (the media managers it syncs to). */
export class ProwlarrClient extends ServarrClient {
  readonly applications: ProviderApi<Application, ApplicationInput>;

  constructor(options: Omit<ServarrClientOptions, "app"> & { app?: "prowlarr" }) {
    super({ ...options, app: "prowlarr" });
    this.applications = new ProviderApi(
      this.http,
      "applications",
      applicationSchema,
      z.array(applicationSchema),
    );
  }

  /** Has Prowlarr sync its indexers to every application now (a command; it runs asynchronously). */
  syncApplications(): ReturnType<ServarrClient["runCommand"]> {
    return this.runCommand("ApplicationIndexerSync", { forceSync: true });
  }
}
