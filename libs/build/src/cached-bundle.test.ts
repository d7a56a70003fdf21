import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cachedBundle, cachedBundleSync, sourceHash } from "./cached-bundle.mjs";

const MARK = "// test sources ";
let dir: string;
let builds: number;

// Stands in for esbuild's result with `write: false`: the banner, then the source's text.
function fakeBuild(banner: string) {
  builds++;
  const text = `${banner}\nexport default ${JSON.stringify(readFileSync(join(dir, "src/main.ts"), "utf8"))};\n`;
  return { outputFiles: [{ contents: new TextEncoder().encode(text) }] };
}

const hashNow = () => sourceHash(dir, [join(dir, "src")], [join(dir, "package.json")]);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "cached-bundle-"));
  builds = 0;
  // A package.json, a source, and a test file (never bundled, so never in the hash).
  mkdirSync(join(dir, "src"));
  writeFileSync(join(dir, "package.json"), "{}");
  writeFileSync(join(dir, "src/main.ts"), "one");
  writeFileSync(join(dir, "src/main.test.ts"), "a test");
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  {
    name: "cachedBundle",
    bundle: (out: string) =>
      cachedBundle({ out, mark: MARK, hash: hashNow(), build: async (banner: string) => fakeBuild(banner) }),
  },
  {
    name: "cachedBundleSync",
    bundle: async (out: string) => cachedBundleSync({ out, mark: MARK, hash: hashNow(), build: fakeBuild }),
  },
])("$name", ({ bundle }) => {
  it("builds once, then leaves a current bundle alone", async () => {
    const out = join(dir, "dist/bundle.mjs");
    expect(await bundle(out)).toBe(out);
    expect(await bundle(out)).toBe(out);
    expect(builds).toBe(1);
    expect(readFileSync(out, "utf8").split("\n")[0]).toBe(`${MARK}${hashNow()}`);
  });

  it("rebuilds when a source or package.json changes, not when a test file does", async () => {
    const out = join(dir, "dist/bundle.mjs");
    await bundle(out);
    writeFileSync(join(dir, "src/main.test.ts"), "another test");
    await bundle(out);
    expect(builds).toBe(1);
    writeFileSync(join(dir, "src/main.ts"), "two");
    await bundle(out);
    expect(builds).toBe(2);
    expect(readFileSync(out, "utf8")).toContain('"two"');
    writeFileSync(join(dir, "package.json"), '{"dependencies":{}}');
    await bundle(out);
    expect(builds).toBe(3);
  });
});
