import * as z from "zod";
import type { ServarrHttp } from "./servarr-http";

// Radarr's and Sonarr's media-management settings (`/api/v3/config/mediamanagement`): only what
// the charm keeps is typed; the rest of the resource goes back as the app gave it.

const mediaManagementSchema = z
  .object({
    id: z.number(),
    copyUsingHardlinks: z.boolean().optional(),
    setPermissionsLinux: z.boolean().optional(),
    chmodFolder: z.string().optional(),
  })
  .loose();

export type MediaManagement = z.infer<typeof mediaManagementSchema>;

export class MediaManagementApi {
  constructor(private readonly http: ServarrHttp) {}

  get(): Promise<MediaManagement> {
    return this.http.request("GET", "config/mediamanagement", { schema: mediaManagementSchema });
  }

  /** Saves the whole resource (the app's PUT takes all of it). */
  async put(settings: MediaManagement): Promise<void> {
    await this.http.request("PUT", `config/mediamanagement/${settings.id}`, { body: settings });
  }
}
