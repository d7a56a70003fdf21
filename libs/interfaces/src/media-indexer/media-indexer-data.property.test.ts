// Property: the media-indexer readers survive any databag a hostile related app can write.
import { describe, expect, it } from "vitest";
import { assertReaderProperty, expectField, FIELDS, kind } from "../../testing";
import { MEDIA_MANAGER_KINDS } from "../media-kinds";
import { readMediaIndexerProvider, readMediaIndexerRequirer } from "./media-indexer-data";

describe("media-indexer readers on hostile databags", () => {
  it("provider data (what a manager reads): never throws, bounded reason, or bounded data", async () => {
    const seen = await assertReaderProperty({
      fields: { "api-url": FIELDS.apiUrl, "api-key-secret-id": FIELDS.secretId, indexer: kind(["prowlarr"]) },
      read: readMediaIndexerProvider,
      check(data) {
        expectField.apiUrl(data.apiUrl);
        expectField.secretId(data.apiKeySecretId);
        expect(data.indexer).toBe("prowlarr");
      },
    });
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });

  it("requirer data (what Prowlarr reads): never throws, bounded reason, or bounded data", async () => {
    const seen = await assertReaderProperty({
      fields: { manager: kind(MEDIA_MANAGER_KINDS), "instance-name": FIELDS.appName },
      read: readMediaIndexerRequirer,
      check(data) {
        expect(MEDIA_MANAGER_KINDS).toContain(data.manager);
        expectField.appName(data.instanceName);
      },
    });
    expect(seen.ok).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});
