// Property: the download-client readers survive any databag a hostile related app can write.
import { describe, expect, it } from "vitest";
import { assertReaderProperty, expectField, FIELDS, kind } from "../../testing";
import { DOWNLOAD_CLIENT_KINDS, MEDIA_MANAGER_KINDS } from "../media-kinds";
import { readDownloadClientProvider, readDownloadClientRequirer } from "./download-client-data";

describe("download-client readers on hostile databags", () => {
  it("provider data (what a manager reads): never throws, bounded reason, or bounded data", async () => {
    const seen = await assertReaderProperty({
      fields: {
        "api-url": FIELDS.apiUrl,
        client: kind(DOWNLOAD_CLIENT_KINDS),
        "instance-name": FIELDS.appName,
        "credentials-secret-id": FIELDS.secretId,
        "api-key-secret-id": FIELDS.secretId,
      },
      read: readDownloadClientProvider,
      check(data, bag) {
        expectField.apiUrl(data.apiUrl);
        expect(DOWNLOAD_CLIENT_KINDS).toContain(data.client);
        expectField.appName(data.instanceName);
        expectField.secretId(data.secretId);
        // The ID comes from the key that matches the client, and only that key is set.
        const key = data.client === "qbittorrent" ? "credentials-secret-id" : "api-key-secret-id";
        const other = data.client === "qbittorrent" ? "api-key-secret-id" : "credentials-secret-id";
        expect(bag[key]).toBe(data.secretId);
        expect(bag[other]).toBeUndefined();
      },
    });
    expect(seen.refused).toBeGreaterThan(0);
  });

  it("requirer data (what a downloader reads): never throws, bounded reason, or bounded data", async () => {
    const seen = await assertReaderProperty({
      fields: { manager: kind(MEDIA_MANAGER_KINDS), "instance-name": FIELDS.appName },
      read: readDownloadClientRequirer,
      check(data) {
        expect(MEDIA_MANAGER_KINDS).toContain(data.manager);
        expectField.appName(data.instanceName);
      },
    });
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});
