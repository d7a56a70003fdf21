import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { testModel } from "@charmarr/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bundleCharm,
  CharmDefinitionError,
  checkCharmDefinition,
  ROOT,
  ScaffoldError,
  scaffoldCharm,
} from "./index.mjs";

describe("scaffoldCharm names", () => {
  it("refuses what Juju would refuse as a charm name, and an existing charm", () => {
    for (const bad of [undefined, "", "My-App", "9lives", "a--b", "app-", "app_1", "app-2"]) {
      expect(() => scaffoldCharm(bad, { root: "/nonexistent" }), String(bad)).toThrow(ScaffoldError);
    }
    expect(() => scaffoldCharm("radarr")).toThrow("charms/radarr already exists");
  });
});

// A new charm, written where the workspace's node_modules resolve its imports (a temporary
// directory in the repository), then checked the ways `npm run build`, `npm run lint` and its
// own test check it.
describe("a scaffolded charm", () => {
  let root: string;
  let dir: string;
  beforeAll(() => {
    root = mkdtempSync(join(ROOT, ".scaffold-test-"));
    writeFileSync(join(root, "tsconfig.json"), '{ "extends": "../tsconfig.json", "include": [] }\n');
    dir = scaffoldCharm("shop-front", { root });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("writes the files a charm needs, with its generated types", () => {
    for (const file of ["charmcraft.yaml", "charmcraft.d.yaml.ts", "src/charm.ts", "tests/charm.test.ts"]) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))).toMatchObject({
      name: "@charmarr/shop-front-charm",
      dependencies: { "@charmarr/charm": "0.1.0" },
    });
  });

  it("agrees with its charmcraft.yaml and bundles within the budget", async () => {
    expect(await checkCharmDefinition(dir)).toEqual([]);
    const { bytes } = await bundleCharm(dir);
    expect(bytes).toBeLessThan(300_000);
  });

  it("fails the build's check once it disagrees with its charmcraft.yaml", async () => {
    const other = scaffoldCharm("shop-back", { root });
    const source = join(other, "src/charm.ts");
    writeFileSync(
      source,
      readFileSync(source, "utf8").replace("say: {", "shout: {").replace('"log-level": z', '"log-levels": z'),
    );
    const check = checkCharmDefinition(other);
    await expect(check).rejects.toThrow(CharmDefinitionError);
    await expect(check).rejects.toThrow(
      [
        "shop-back: the charm disagrees with its charmcraft.yaml:",
        '  - the charm refines config option "log-levels", which charmcraft.yaml lacks (options: greeting, log-level)',
        '  - the charm handles action "shout", which charmcraft.yaml does not declare',
        '  - action "say" is declared in charmcraft.yaml but nothing handles it',
      ].join("\n"),
    );
  });

  it("typechecks", () => {
    const tsc = join(ROOT, "node_modules/.bin/tsc");
    const run = spawnSync(tsc, ["-p", join(dir, "tsconfig.json"), "--noEmit"], { encoding: "utf8" });
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
  });

  it("goes active, answers its action and blocks on a bad option, as its own test says", async () => {
    const charm = (await import(join(dir, "src/charm.ts"))).default;
    const m = await testModel();
    try {
      m.deploy("shop-front", { charm });
      await m.settle();
      expect(m.unitStatus("shop-front/0")).toMatchObject({ status: "active" });
      expect((await m.runAction("shop-front/0", "say", { name: "Ada" })).results).toMatchObject({
        said: "hello, Ada",
      });
      m.config("shop-front", { "log-level": "loud" });
      await m.settle();
      expect(m.unitStatus("shop-front/0")).toMatchObject({ status: "blocked" });
    } finally {
      await m.close();
    }
  });
});
