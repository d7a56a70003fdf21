import { createWriteStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yazl from "yazl";
import { readCharmDirMeta, readCharmFileMeta } from "./charm-package";
import { readZipEntriesSync } from "./zip-entries-sync";

const METADATA = "name: tiny\nprovides: {out: {interface: thing}}\n";
const CONFIG = "options: {level: {type: int, default: 3}}\n";
const ACTIONS = "poke: {params: {hard: {type: boolean}}}\n";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "charm-package-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function zip(
  path: string,
  files: Record<string, { text: string; compress: boolean }>,
): Promise<string> {
  const archive = new yazl.ZipFile();
  for (const [name, { text, compress }] of Object.entries(files)) {
    archive.addBuffer(Buffer.from(text), name, { compress });
  }
  archive.addBuffer(Buffer.alloc(200_000, 7), "node/bin/node", { compress: true });
  archive.end();
  await pipeline(archive.outputStream, createWriteStream(path));
  return path;
}

const expectTiny = (meta: ReturnType<typeof readCharmDirMeta>) => {
  expect(meta.name).toBe("tiny");
  expect(meta.config.level).toEqual({ type: "int", default: 3 });
  expect(Object.keys(meta.actions)).toEqual(["poke"]);
  expect(meta.endpoints.out).toMatchObject({ role: "provider", interface: "thing" });
};

describe("charm metadata", () => {
  it("reads a .charm's YAML files synchronously, stored or deflated", async () => {
    const path = await zip(join(dir, "tiny.charm"), {
      "metadata.yaml": { text: METADATA, compress: true },
      "config.yaml": { text: CONFIG, compress: false },
      "actions.yaml": { text: ACTIONS, compress: true },
    });
    expectTiny(readCharmFileMeta(path));
    expect([...readZipEntriesSync(path, ["config.yaml", "missing"]).keys()]).toEqual(["config.yaml"]);
  });

  it("reads an unpacked charm dir, or a source dir's charmcraft.yaml", () => {
    const unpacked = mkdtempSync(join(dir, "unpacked-"));
    writeFileSync(join(unpacked, "metadata.yaml"), METADATA);
    writeFileSync(join(unpacked, "config.yaml"), CONFIG);
    writeFileSync(join(unpacked, "actions.yaml"), ACTIONS);
    expectTiny(readCharmDirMeta(unpacked));
    const source = mkdtempSync(join(dir, "source-"));
    writeFileSync(join(source, "charmcraft.yaml"), `${METADATA}config:\n  ${CONFIG}actions:\n  ${ACTIONS}`);
    expectTiny(readCharmDirMeta(source));
  });

  it("says what is missing", async () => {
    const path = await zip(join(dir, "empty.charm"), { "config.yaml": { text: CONFIG, compress: true } });
    expect(() => readCharmFileMeta(path)).toThrow("has no metadata.yaml");
    writeFileSync(join(dir, "not.charm"), "hello");
    expect(() => readCharmFileMeta(join(dir, "not.charm"))).toThrow("is not a zip archive");
  });
});
