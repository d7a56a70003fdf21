import { describe, expect, it } from "vitest";
import { qbittorrentDownloadClient } from "./download-client-payloads";
import { compareProvider, fieldValue, MASKED_VALUE, withFieldValues } from "./provider-fields";

const desired = qbittorrentDownloadClient("radarr", {
  name: "qbittorrent",
  host: "qbittorrent.media.svc.cluster.local",
  port: 8080,
  username: "charmarr",
  password: "s3cret-password",
  category: "radarr",
});

// What Radarr answers for it: every field of the schema, the password masked.
const live = {
  ...desired,
  id: 1,
  implementationName: "qBittorrent",
  fields: [
    ...desired.fields.map((field) => (field.name === "password" ? { ...field, value: MASKED_VALUE } : field)),
    { name: "movieImportedCategory" },
    { name: "initialState", value: 0 },
  ],
};

describe("provider fields", () => {
  it("reads and sets fields by name", () => {
    expect(fieldValue(desired, "movieCategory")).toBe("radarr");
    expect(fieldValue(desired, "nope")).toBeUndefined();
    const next = withFieldValues(desired, { port: 8081, initialState: 2 });
    expect(fieldValue(next, "port")).toBe(8081);
    expect(fieldValue(next, "initialState")).toBe(2);
    expect(fieldValue(desired, "port")).toBe(8080);
  });

  it("finds no difference when only a masked secret cannot be compared", () => {
    expect(compareProvider(live, desired)).toEqual({ differs: [], masked: ["password"] });
  });

  it("names what differs, top-level and in fields", () => {
    const changed = withFieldValues({ ...desired, priority: 2 }, { host: "other", urlBase: "" });
    expect(compareProvider(live, changed)).toEqual({ differs: ["priority", "host"], masked: ["password"] });
  });

  it("treats empty, null and missing as the same value", () => {
    expect(compareProvider(live, withFieldValues(desired, { movieImportedCategory: "" })).differs).toEqual(
      [],
    );
  });
});
