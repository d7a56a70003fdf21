// Property: the media-manager reader survives any databag a hostile related app can write.
import { describe, expect, it } from "vitest";
import { assertReaderProperty, expectField, FIELDS, kind } from "../../testing";
import { MEDIA_MANAGER_KINDS } from "../media-kinds";
import { readMediaManagerProvider } from "./media-manager-data";

describe("media-manager reader on hostile databags", () => {
  it("provider data (what a media server reads): never throws, bounded reason, or bounded data", async () => {
    const seen = await assertReaderProperty({
      fields: {
        "api-url": FIELDS.apiUrl,
        manager: kind(MEDIA_MANAGER_KINDS),
        "instance-name": FIELDS.appName,
        "root-folders": FIELDS.pathList,
      },
      read: readMediaManagerProvider,
      check(data) {
        expectField.apiUrl(data.apiUrl);
        expect(MEDIA_MANAGER_KINDS).toContain(data.manager);
        expectField.appName(data.instanceName);
        expectField.paths(data.rootFolders);
      },
    });
    expect(seen.refused).toBeGreaterThan(0);
  });
});
