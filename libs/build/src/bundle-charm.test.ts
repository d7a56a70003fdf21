import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BUNDLE_BUDGET_BYTES, BundleBudgetError, bundleCharm } from "./bundle-charm.mjs";
import { ROOT } from "./charm-dirs.mjs";

const FIXTURES = join(import.meta.dirname, "../fixtures");
const work = mkdtempSync(join(tmpdir(), "bundle-charm-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("the bundle budget", () => {
  it("is design §6's 300 KB, in decimal kilobytes as docs/performance.md counts", () => {
    expect(BUNDLE_BUDGET_BYTES).toBe(300_000);
  });

  it('fails a charm that imports `{ z } from "zod"`, naming it, its size, the budget, the largest inputs and the fix', async () => {
    const error = await bundleCharm(join(FIXTURES, "zod-named-import"), join(work, "zod")).catch((e) => e);
    expect(error).toBeInstanceOf(BundleBudgetError);
    expect(error.charm).toBe("zod-named-import");
    expect(error.bytes).toBeGreaterThan(BUNDLE_BUDGET_BYTES);
    expect(error.largest[0].what).toBe("zod/v4/locales");
    expect(error.message).toMatch(
      /^zod-named-import: the bundle is \d+\.\d KB minified, over the 300\.0 KB budget/,
    );
    expect(error.message).toContain("zod/v4/locales");
    expect(error.message).toContain('use `import * as z from "zod"`');
  }, 60_000);

  it("passes a charm that imports zod as a namespace, and writes the bundle with its package.json", async () => {
    const out = join(work, "plain");
    const { outfile, bytes } = await bundleCharm(join(FIXTURES, "plain"), out);
    expect(bytes).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
    expect(readFileSync(outfile).length).toBe(bytes);
    expect(JSON.parse(readFileSync(join(out, "dist/package.json"), "utf8"))).toEqual({ type: "commonjs" });
  }, 60_000);

  it("applies a smaller budget when asked, so the check is not only about zod", async () => {
    const error = await bundleCharm(join(FIXTURES, "plain"), join(work, "tight"), { budget: 1000 }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(BundleBudgetError);
    expect(error.message).toContain("over the 1.0 KB budget");
    expect(error.message).not.toContain("zod's locales");
  }, 60_000);
});

describe("npm run build", () => {
  const build = (...args: string[]) =>
    spawnSync(process.execPath, [join(ROOT, "scripts/build.mjs"), ...args], { cwd: ROOT, encoding: "utf8" });

  it("stops on an unknown charm name, listing the known ones, before building anything", () => {
    const run = build("no-such-charm");
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("unknown charm: no-such-charm; the charms are: hello (example), ");
    expect(run.stderr).toContain("radarr");
    expect(run.stdout).toBe("");
  });

  it("builds only the named charm", () => {
    const run = build("hello");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^libs\/charm\/example\/dist\/dispatch\.js {2}\d+\.\d KB$/),
    ]);
    expect(existsSync(join(ROOT, "libs/charm/example/dist/dispatch.js"))).toBe(true);
  }, 60_000);
});
