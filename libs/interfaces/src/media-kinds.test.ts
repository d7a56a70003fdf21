import { describe, expect, it } from "vitest";
import {
  DOWNLOAD_CLIENT_KINDS,
  downloadProtocolOf,
  MEDIA_MANAGER_KINDS,
  mediaFolderFor,
} from "./media-kinds";

describe("shared kinds", () => {
  it("maps every manager to its media folder", () => {
    expect(MEDIA_MANAGER_KINDS.map(mediaFolderFor)).toEqual(["movies", "tv", "music", "books", "xxx"]);
  });

  it("maps every download client to its protocol", () => {
    expect(DOWNLOAD_CLIENT_KINDS.map(downloadProtocolOf)).toEqual(["torrent", "usenet"]);
  });
});
