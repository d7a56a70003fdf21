import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { ROOT } from "./charm-dirs.mjs";
import {
  charmYamlFiles,
  DISPATCH_SCRIPT,
  HOOK_NAMES,
  manifestBases,
  packCharm,
  unwrapDescription,
} from "./pack-charm.mjs";

interface ZipEntry {
  /** The whole unix mode: file type and permissions (the upper 16 bits of the external attributes). */
  mode: number;
  madeByUnix: boolean;
  data: Buffer;
}

/** Every entry of a zip, read with yauzl as Juju's unzip would see it. */
async function readZip(path: string): Promise<Map<string, ZipEntry>> {
  const zip = await new Promise<ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true }, (err, z) => (err ? reject(err) : resolve(z))),
  );
  const entries = new Map<string, ZipEntry>();
  await new Promise<void>((resolve, reject) => {
    zip.on("entry", (entry: Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          entries.set(entry.fileName, {
            mode: entry.externalFileAttributes >>> 16,
            madeByUnix: entry.versionMadeBy >> 8 === 3,
            data: Buffer.concat(chunks),
          });
          zip.readEntry();
        });
      });
    });
    zip.on("end", resolve);
    zip.on("error", reject);
    zip.readEntry();
  });
  zip.close();
  return entries;
}

const FIXTURES = join(import.meta.dirname, "../fixtures");
const STARTED = new Date("2026-03-04T05:06:07.000Z");
let work: string;
let runtime: string;
let hello: Map<string, ZipEntry>;
let plain: Map<string, ZipEntry>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "pack-charm-"));
  // A small stand-in for the Node runtime, so that the tests do not zip 100 MB each time.
  runtime = join(work, "runtime");
  mkdirSync(join(runtime, "bin"), { recursive: true });
  writeFileSync(join(runtime, "bin/node"), `#!/bin/sh\nexec "${process.execPath}" "$@"\n`);
  chmodSync(join(runtime, "bin/node"), 0o755);
  writeFileSync(join(runtime, "LICENSE"), "Node.js license\n");
  const options = { runtime, startedAt: STARTED };
  const [a, b] = await Promise.all([
    packCharm(join(ROOT, "libs/charm/example"), join(work, "hello"), options),
    packCharm(join(FIXTURES, "plain"), join(work, "plain"), options),
  ]);
  expect(a.path).toBe(join(work, "hello/hello_amd64.charm"));
  [hello, plain] = await Promise.all([readZip(a.path), readZip(b.path)]);
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

const yamlOf = (zip: Map<string, ZipEntry>, name: string) => parse(zip.get(name)!.data.toString("utf8"));

describe("a packed .charm", () => {
  it("holds what charmcraft pack writes, with unix modes", () => {
    expect([...hello.keys()].sort()).toEqual(
      [
        "actions.yaml",
        "config.yaml",
        "dispatch",
        "dist/dispatch.blob",
        "dist/dispatch.js",
        "dist/package.json",
        "hooks/install",
        "hooks/start",
        "hooks/upgrade-charm",
        "manifest.yaml",
        "metadata.yaml",
        "node/LICENSE",
        "node/bin/node",
      ].sort(),
    );
    for (const entry of hello.values()) expect(entry.madeByUnix).toBe(true);
    expect(hello.get("dispatch")!.mode).toBe(0o100755);
    expect(hello.get("node/bin/node")!.mode).toBe(0o100755);
    expect(hello.get("metadata.yaml")!.mode).toBe(0o100644);
    expect(hello.get("dispatch")!.data.toString()).toBe(DISPATCH_SCRIPT);
    expect(hello.get("dist/package.json")!.data.toString()).toBe('{ "type": "commonjs" }\n');
  });

  it("has hooks/install, hooks/start and hooks/upgrade-charm as symlinks to ../dispatch, as charmcraft makes them", () => {
    expect(HOOK_NAMES).toEqual(["install", "start", "upgrade-charm"]);
    for (const hook of HOOK_NAMES) {
      const entry = hello.get(`hooks/${hook}`)!;
      expect(entry.mode).toBe(0o120777); // S_IFLNK | 0777
      expect(entry.data.toString()).toBe("../dispatch");
    }
  });

  it("writes manifest.yaml with charmcraft's fields: version, start time, bases from base/platforms, analysis", () => {
    const manifest = yamlOf(hello, "manifest.yaml");
    expect(Object.keys(manifest)).toEqual([
      "charmcraft-version",
      "charmcraft-started-at",
      "bases",
      "analysis",
    ]);
    expect(manifest["charmcraft-version"]).toMatch(/^charmarr-build-\d+\.\d+\.\d+$/);
    expect(manifest["charmcraft-started-at"]).toBe("2026-03-04T05:06:07.000Z");
    expect(manifest.bases).toEqual([{ name: "ubuntu", channel: "24.04", architectures: ["amd64"] }]);
    expect(manifest.analysis).toEqual({
      attributes: [
        { name: "language", result: "typescript" },
        { name: "framework", result: "charmarr" },
      ],
    });
  });

  it("writes actions.yaml only for a charm with actions", () => {
    expect(yamlOf(hello, "actions.yaml").greet.required).toEqual(["name"]);
    expect(plain.has("actions.yaml")).toBe(false);
    expect([...plain.keys()]).toEqual(
      expect.arrayContaining(["metadata.yaml", "config.yaml", "manifest.yaml"]),
    );
  });

  it("writes config.yaml descriptions as paragraphs: no hard wraps, paragraph breaks and list items kept", () => {
    expect(yamlOf(plain, "config.yaml").options.mode).toEqual({
      type: "string",
      default: "a",
      description:
        "How the charm runs: one of a or b. This sentence is hard-wrapped over two lines in charmcraft.yaml.\n\n" +
        "Choices:\n- a: the first way, described over two lines.\n- b: the second way.",
    });
  });
});

describe("unwrapDescription", () => {
  it("joins hard-wrapped lines and keeps blank-line paragraph breaks", () => {
    expect(unwrapDescription("One sentence\nwrapped.\n\nAnother\nparagraph.\n")).toBe(
      "One sentence wrapped.\n\nAnother paragraph.",
    );
  });

  it("keeps list items (-, *, 1.) on their own lines, joining their indented continuations", () => {
    expect(unwrapDescription("Modes:\n- one\n  more\n* two\n1. three\n2) four")).toBe(
      "Modes:\n- one more\n* two\n1. three\n2) four",
    );
  });

  it("keeps indented (preformatted) lines as they are", () => {
    expect(unwrapDescription("Example:\n\n    juju config x a=b\n    juju config x c=d")).toBe(
      "Example:\n\n    juju config x a=b\n    juju config x c=d",
    );
  });

  it("leaves one-line descriptions and non-strings alone", () => {
    expect(unwrapDescription("The word to greet with.")).toBe("The word to greet with.");
    expect(unwrapDescription(undefined)).toBeUndefined();
  });
});

describe("manifestBases", () => {
  it("takes the base of the amd64 platform, or of a build-for", () => {
    expect(manifestBases({ base: "ubuntu@22.04", platforms: { amd64: null } })).toEqual([
      { name: "ubuntu", channel: "22.04", architectures: ["amd64"] },
    ]);
    expect(
      manifestBases({
        platforms: { jammy: { "build-on": ["ubuntu@22.04:amd64"], "build-for": ["ubuntu@22.04:amd64"] } },
      }),
    ).toEqual([{ name: "ubuntu", channel: "22.04", architectures: ["amd64"] }]);
  });

  it("reads the older bases: run-on form", () => {
    expect(
      manifestBases({
        bases: [
          {
            "build-on": [{ name: "ubuntu", channel: "20.04" }],
            "run-on": [{ name: "ubuntu", channel: 20.04 }],
          },
        ],
      }),
    ).toEqual([{ name: "ubuntu", channel: "20.04", architectures: ["amd64"] }]);
  });

  it("refuses a charm with no amd64 platform or no base", () => {
    expect(() => manifestBases({ name: "x", base: "ubuntu@24.04", platforms: { arm64: null } })).toThrow(
      "x: charmcraft.yaml has no amd64 platform",
    );
    expect(() => manifestBases({ name: "x", platforms: { amd64: null } })).toThrow(
      "needs `base: <name>@<channel>`",
    );
  });
});

describe("charmYamlFiles", () => {
  it("leaves out config.yaml and actions.yaml when charmcraft.yaml has neither", () => {
    const files = charmYamlFiles({ name: "bare", base: "ubuntu@24.04", platforms: { amd64: null } });
    expect(Object.keys(files).sort()).toEqual(["manifest.yaml", "metadata.yaml"]);
  });
});
