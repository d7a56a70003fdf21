import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkLayout, importSpecifiers } from "./check-layout";

const ROOT = resolve(import.meta.dirname, "../../../..");

describe("the repository layout", () => {
  it("keeps test code out of the products and imports other packages by name", () => {
    expect(checkLayout(ROOT)).toEqual([]);
  });
});

// The guard itself, on small fixture trees. Import lines are built with `imp` so that this file
// holds no literal relative import that the repository check above would read as its own.
const imp = (spec: string, names = "x") => `import { ${names} } from "${spec}";\n`;

describe("checkLayout on fixtures", () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function tree(files: Record<string, string>): string {
    root = mkdtempSync(join(tmpdir(), "layout-"));
    const pkgs: Record<string, string> = {
      "package.json": JSON.stringify({ name: "root" }),
      "libs/foo/package.json": JSON.stringify({
        name: "@charmarr/foo",
        exports: { ".": "./src/index.ts", "./testing": "./testing/index.ts" },
      }),
      "libs/bar/package.json": JSON.stringify({ name: "@charmarr/bar", exports: { ".": "./src/index.ts" } }),
      "libs/engine/package.json": JSON.stringify({
        name: "@charmarr/engine",
        exports: { ".": "./src/index.ts" },
      }),
      "libs/testing/package.json": JSON.stringify({
        name: "@charmarr/testing",
        exports: { ".": "./src/index.ts" },
      }),
      "charms/app/package.json": JSON.stringify({ name: "@charmarr/app-charm-x" }),
      "scripts/pack-charm.mjs": "export const packCharm = 1;\n",
      "scripts/other.mjs": "export const other = 1;\n",
      "libs/bar/src/index.ts": "export const x = 1;\n",
      "libs/engine/src/index.ts": `${imp("@charmarr/engine", "y")}export const x = 1;\n`,
      "libs/testing/src/index.ts": `${imp("@charmarr/engine") + imp("@charmarr/foo/testing", "y")}export { x };\n`,
      "libs/foo/src/index.ts": `${imp("./used")}export { x };\n`,
      "libs/foo/src/used.ts": "export const x = 1;\n",
      "libs/foo/testing/index.ts": `${imp("../src/used") + imp("@charmarr/testing", "y")}export { x, y };\n`,
      "libs/foo/src/used.test.ts":
        imp("@charmarr/testing") + imp("../testing") + imp("@charmarr/foo/testing"),
      "charms/app/src/charm.ts": imp("@charmarr/foo") + imp("@charmarr/bar", "y"),
      "charms/app/tests/charm.test.ts": imp("@charmarr/foo/testing") + imp("@charmarr/build/pack"),
    };
    for (const [path, text] of Object.entries({ ...pkgs, ...files })) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return root;
  }

  it("passes a tree that keeps the rules (tests and libs/testing may use test packages and testing entries)", () => {
    expect(checkLayout(tree({}))).toEqual([]);
  });

  it("fails production code that imports a test package, a testing entry or the engine", () => {
    const violations = checkLayout(
      tree({
        "libs/testing/src/index.ts": "export const x = 1;\n",
        "libs/foo/src/index.ts": `${imp("./used")}${imp("@charmarr/testing", "t")}export { x };\n`,
        "libs/foo/src/used.ts": `${imp("../testing/index", "h")}export const x = 1;\n`,
        "libs/bar/src/index.ts": `import type { Y } from "@charmarr/foo/testing";\nexport const x = 1;\n`,
        "charms/app/src/charm.ts": `const e = await import("@charmarr/engine");\n${imp("@charmarr/stand-ins", "s")}`,
      }),
    );
    expect(violations.map((v) => [v.rule, v.file, v.detail])).toEqual([
      ["test-import-in-production", "charms/app/src/charm.ts", "@charmarr/stand-ins"],
      ["test-import-in-production", "charms/app/src/charm.ts", "@charmarr/engine"],
      ["test-import-in-production", "libs/bar/src/index.ts", "@charmarr/foo/testing"],
      ["test-import-in-production", "libs/foo/src/index.ts", "@charmarr/testing"],
      ["test-import-in-production", "libs/foo/src/used.ts", "../testing/index"],
    ]);
  });

  it("fails relative imports that leave their package, the build scripts' included", () => {
    const violations = checkLayout(
      tree({
        "libs/testing/src/index.ts": "export const x = 1;\n",
        "charms/app/tests/charm.test.ts":
          imp("../../../libs/foo/testing") +
          imp("../../../scripts/pack-charm.mjs") +
          imp("../../../scripts/other.mjs"),
        "libs/foo/testing/index.ts": `${imp("../../bar/src/index")}export { x };\n`,
        "scripts/bench.ts": imp("../libs/foo/src/used"),
      }),
    );
    expect(violations.map((v) => [v.rule, v.file, v.detail])).toEqual([
      [
        "cross-package-relative-import",
        "charms/app/tests/charm.test.ts",
        "../../../libs/foo/testing → libs/foo/testing",
      ],
      [
        "cross-package-relative-import",
        "charms/app/tests/charm.test.ts",
        "../../../scripts/pack-charm.mjs → scripts/pack-charm.mjs",
      ],
      [
        "cross-package-relative-import",
        "charms/app/tests/charm.test.ts",
        "../../../scripts/other.mjs → scripts/other.mjs",
      ],
      [
        "cross-package-relative-import",
        "libs/foo/testing/index.ts",
        "../../bar/src/index → libs/bar/src/index",
      ],
      ["cross-package-relative-import", "scripts/bench.ts", "../libs/foo/src/used → libs/foo/src/used"],
    ]);
  });

  it("fails a file under libs/*/src that only tests and test helpers use", () => {
    const violations = checkLayout(
      tree({
        "libs/testing/src/index.ts": "export const x = 1;\n",
        "libs/foo/src/fake-thing.ts": "export const fake = 1;\n",
        "libs/foo/src/used.test.ts": imp("./fake-thing", "fake"),
        "libs/foo/testing/index.ts": `${imp("../src/fake-thing", "fake")}export { fake };\n`,
        "libs/foo/src/test-charm/charmcraft.yaml": "name: t\n",
        "libs/testing/src/only-for-tests.ts": "export const ok = 1;\n",
      }),
    );
    expect(violations.map((v) => [v.rule, v.file])).toEqual([
      ["test-only-file-in-src", "libs/foo/src/fake-thing.ts"],
      ["test-only-file-in-src", "libs/foo/src/test-charm/charmcraft.yaml"],
    ]);
  });
});

describe("importSpecifiers", () => {
  it("reads static, type-only, multi-line, side-effect and dynamic imports, re-exports and require", () => {
    const text = [
      `import a from "a";`,
      `import type { B } from "b";`,
      `import {\n  c1,\n  c2,\n} from "c";`,
      `import "d";`,
      `export * from "e";`,
      `export { f } from "f";`,
      `const g = await import("g");`,
      `const h = require("h");`,
      `// import x from "not-me";`,
      `/* import y from "nor-me"; */`,
    ].join("\n");
    expect(importSpecifiers(text).sort()).toEqual(["a", "b", "c", "d", "e", "f", "g", "h"]);
  });
});
