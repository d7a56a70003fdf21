// Property: the media-storage readers survive any databag a hostile related app can write.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { assertReaderProperty, expectField, FIELDS, kind } from "../../testing";
import { readMediaStorageProvider, readMediaStorageRequirer } from "./media-storage-data";

const id = {
  good: fc.integer({ min: 1, max: 2 ** 31 - 1 }).map(String),
  bad: fc.oneof(
    fc.constantFrom("0", "-1", "01000", "2147483648", "1e3", " 1000", "0x10", "99999999999"),
    fc.string({ maxLength: 12 }),
  ),
};

describe("media-storage readers on hostile databags", () => {
  it("provider data (what a consumer reads): never throws, bounded reason, or bounded data", async () => {
    const seen = await assertReaderProperty({
      fields: {
        "pvc-name": { good: fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,40}[a-z0-9])?$/), bad: fc.string() },
        "mount-path": {
          good: fc.constant("/data"),
          bad: fc.constantFrom("/", "/data/", "/config", "data", ""),
        },
        puid: id,
        pgid: id,
        umask: {
          good: fc.stringMatching(/^[0-7]{3}$/),
          bad: fc.constantFrom("8", "0002", "abc", "", "777 "),
        },
        "access-mode": kind(["ReadWriteMany", "ReadWriteOnce"]),
      },
      read: readMediaStorageProvider,
      check(data) {
        expect(data.pvcName.length).toBeLessThanOrEqual(253);
        expect(data.pvcName).toMatch(/^[a-z0-9][-a-z0-9.]*$/);
        expect(data.mountPath).toBe("/data");
        for (const n of [data.puid, data.pgid])
          expect(n >= 1 && n <= 2 ** 31 - 1 && Number.isInteger(n)).toBe(true);
        expect(data.umask).toMatch(/^[0-7]{3}$/);
        expect(["ReadWriteMany", "ReadWriteOnce"]).toContain(data.accessMode);
      },
    });
    expect(seen.refused).toBeGreaterThan(0);
  });

  it("requirer data (what the storage charm reads)", async () => {
    await assertReaderProperty({
      fields: { "instance-name": FIELDS.appName },
      read: readMediaStorageRequirer,
      check: (data) => expectField.appName(data.instanceName),
    });
  });
});
