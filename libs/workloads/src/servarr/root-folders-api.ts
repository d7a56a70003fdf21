import * as z from "zod";
import { type RootFolder, rootFolderSchema } from "./resources";
import type { ServarrHttp } from "./servarr-http";

// Root folders of Radarr and Sonarr (specs/app-apis.md §f). The app checks a new path exists and
// is writable from inside its container, so create the directory first.

const rootFoldersSchema = z.array(rootFolderSchema);

export class RootFoldersApi {
  constructor(private readonly http: ServarrHttp) {}

  list(): Promise<RootFolder[]> {
    return this.http.request("GET", "rootfolder", { schema: rootFoldersSchema });
  }

  add(path: string): Promise<RootFolder> {
    return this.http.request("POST", "rootfolder", { body: { path }, schema: rootFolderSchema });
  }

  remove(id: number): Promise<void> {
    return this.http.request("DELETE", `rootfolder/${id}`);
  }
}
