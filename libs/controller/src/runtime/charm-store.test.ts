import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { charmZip } from "../../testing";
import { CharmStore } from "./charm-store";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "charms-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const web = (summary: string) =>
  charmZip({
    "metadata.yaml": `name: web\nsummary: ${summary}\ncontainers: {site: {resource: img}}\nresources: {img: {type: oci-image}}\n`,
  });

describe("the charm store", () => {
  it("stores local:<name>-<rev> at 0600 with its metadata; the same bytes are the same charm; new bytes the next revision", async () => {
    const store = new CharmStore(join(dir, "charms"));
    const first = await web("one");
    const a = store.add(first);
    expect(a).toMatchObject({
      url: "local:web-1",
      name: "web",
      revision: 1,
      file: join(dir, "charms", "web-1.charm"),
    });
    expect(a.meta.containers.site).toBeDefined();
    expect(readFileSync(a.file).equals(first)).toBe(true);
    expect(statSync(a.file).mode & 0o777).toBe(0o600);
    expect(store.add(first)).toBe(a);
    const b = store.add(await web("two"));
    expect(b.url).toBe("local:web-2");
    expect(b.sha256).not.toBe(a.sha256);
    const other = store.add(await charmZip({ "metadata.yaml": "name: other\n" }));
    expect(other.url).toBe("local:other-1");
    expect(store.all().map((c) => c.url)).toEqual(["local:other-1", "local:web-1", "local:web-2"]);
    // Its index brings it back.
    const again = new CharmStore(join(dir, "charms"), store.index());
    expect(again.get("local:web-2")).toEqual(b);
    expect(again.add(await web("three")).url).toBe("local:web-3");
  });

  it("refuses an archive without metadata, or with a name that is no charm name, storing nothing", async () => {
    const store = new CharmStore(join(dir, "charms"));
    expect(() => store.add(Buffer.from("not a zip"))).toThrow();
    expect(() => store.add(Buffer.alloc(0))).toThrow();
    const escaping = await charmZip({ "metadata.yaml": "name: ../../evil\n" });
    expect(() => store.add(escaping)).toThrow(/invalid charm name/);
    expect(store.all()).toEqual([]);
    expect(readdirSync(join(dir, "charms"))).toEqual([]);
  });
});
