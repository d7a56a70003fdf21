import { describe, expect, it } from "vitest";
import { apiUrlField, appNameField, pathListField, secretIdField } from "./databag-fields";

const XID = "d0r2b6ovnsmo1bu5l1f0";
const ok = (schema: { safeParse(v: unknown): { success: boolean } }, value: string) =>
  schema.safeParse(value).success;

describe("databag fields", () => {
  it("api-url: http(s) with a host, no credentials", () => {
    expect(ok(apiUrlField, "http://127.0.1.2:9696")).toBe(true);
    expect(ok(apiUrlField, "https://prowlarr.example.com/base")).toBe(true);
    for (const bad of ["ftp://host", "127.0.0.1:9696", "http://", "not a url", "http://u:p@host:1", ""]) {
      expect(ok(apiUrlField, bad), bad).toBe(false);
    }
    // The URL parser strips tabs and newlines and trims the ends: the raw text must not have them.
    for (const bad of [
      "http://host/\r\nSet-Cookie: x",
      "\u0000http://0.0.0.0:1",
      " http://h\t/",
      "http://h/\u007f",
    ]) {
      expect(ok(apiUrlField, bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it("secret ids: the spellings Juju uses", () => {
    expect(ok(secretIdField, `secret:${XID}`)).toBe(true);
    expect(ok(secretIdField, XID)).toBe(true);
    expect(ok(secretIdField, `secret://0b5e7c42-8c8d-4d1f-9f43-6b8a1f1e2a3b/${XID}`)).toBe(true);
    for (const bad of ["secret:", "secret:short", `secret:${XID.toUpperCase()}`, "api-key", `${XID}x`]) {
      expect(ok(secretIdField, bad), bad).toBe(false);
    }
  });

  it("instance-name: a Juju application name", () => {
    for (const good of ["radarr", "radarr-4k", "sonarr2", "my-app-x1"])
      expect(ok(appNameField, good), good).toBe(true);
    for (const bad of ["Radarr", "4k", "radarr-4", "radarr_4k", "radarr-", "-radarr", "", "radarr/0"]) {
      expect(ok(appNameField, bad), bad).toBe(false);
    }
  });

  it("root-folders: a JSON array of absolute paths", () => {
    expect(pathListField.parse('["/data/media/movies","/data/media/4k"]')).toEqual([
      "/data/media/movies",
      "/data/media/4k",
    ]);
    expect(pathListField.parse("[]")).toEqual([]);
    for (const bad of ["/data/movies", "[/data]", '"/data"', '["relative/path"]', "[1]", '{"a":"/x"}', ""]) {
      expect(ok(pathListField, bad), bad).toBe(false);
    }
  });
});

describe("bounds on what the other side sends", () => {
  const huge = "a".repeat(300_000);
  it("refuses fields longer than any real value could be", () => {
    expect(appNameField.safeParse(huge).success).toBe(false);
    expect(appNameField.safeParse("a".repeat(64)).success).toBe(false);
    expect(appNameField.safeParse("a".repeat(63)).success).toBe(true);
    expect(apiUrlField.safeParse(`http://h/${huge}`).success).toBe(false);
    expect(apiUrlField.safeParse(`http://h/${"p".repeat(2000)}`).success).toBe(true);
    expect(secretIdField.safeParse(`secret:${huge}`).success).toBe(false);
  });

  it("refuses path lists too long, too many or with control characters", () => {
    expect(pathListField.safeParse(JSON.stringify([`/${huge}`])).success).toBe(false);
    expect(
      pathListField.safeParse(JSON.stringify(Array.from({ length: 65 }, (_, i) => `/m/${i}`))).success,
    ).toBe(false);
    expect(
      pathListField.safeParse(JSON.stringify(Array.from({ length: 64 }, (_, i) => `/m/${i}`))).success,
    ).toBe(true);
    expect(pathListField.safeParse(JSON.stringify(["/media\nmovies"])).success).toBe(false);
    expect(pathListField.safeParse(JSON.stringify(["/movies/../etc"])).success).toBe(false);
  });
});
