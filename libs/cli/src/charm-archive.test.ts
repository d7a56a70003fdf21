import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import yazl from "yazl";
import { cliErrorOf } from "../testing/cli-error-of";
import { packTinyCharm } from "../testing/fake-home";
import { readCharmArchive, zipEntries } from "./charm-archive";

const dir = mkdtempSync(join(tmpdir(), "charmarr-archive-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function zip(entries: Record<string, string>, compress: boolean): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, text] of Object.entries(entries)) z.addBuffer(Buffer.from(text), name, { compress });
  z.end();
  const chunks: Buffer[] = [];
  for await (const c of z.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe("zipEntries", () => {
  it("reads stored and deflated entries", async () => {
    for (const compress of [false, true]) {
      const entries = zipEntries(await zip({ "a.txt": "hello ".repeat(50), "b/c.yaml": "x: 1\n" }, compress));
      expect([...entries.keys()]).toEqual(["a.txt", "b/c.yaml"]);
      expect(entries.get("a.txt")!().toString()).toBe("hello ".repeat(50));
      expect(entries.get("b/c.yaml")!().toString()).toBe("x: 1\n");
    }
  });
});

describe("readCharmArchive", () => {
  it("gives the name, resources and sha256 of a packed charm", async () => {
    const path = await packTinyCharm(dir, "tiny", "example.org/tiny:1");
    const charm = readCharmArchive(path);
    expect(charm.name).toBe("tiny");
    expect(charm.resources).toEqual({
      "tiny-image": { type: "oci-image", description: "image", "upstream-source": "example.org/tiny:1" },
    });
    expect(charm.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a missing file, a non-zip and a zip without dispatch, in one line each", async () => {
    expect(cliErrorOf(() => readCharmArchive(join(dir, "none.charm")))).toBe(
      `ERROR ${join(dir, "none.charm")} does not exist: pack the charms first (npm run pack)`,
    );
    writeFileSync(join(dir, "text.charm"), "not a zip");
    expect(cliErrorOf(() => readCharmArchive(join(dir, "text.charm")))).toMatch(
      /is not a charm \(not a zip archive/,
    );
    writeFileSync(join(dir, "nodispatch.charm"), await zip({ "metadata.yaml": "name: x\n" }, true));
    expect(cliErrorOf(() => readCharmArchive(join(dir, "nodispatch.charm")))).toMatch(
      /is not a charm \(it has no dispatch script\): repack it/,
    );
  });
});
