import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readCharmFileMeta } from "@charmarr/engine";
import type { StoredCharm } from "../model-host";
import { writeFileAtomic } from "../state/encrypted-store";

const CHARM_NAME = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** What the controller state keeps of the store: every charm it holds. */
export type CharmStoreIndex = StoredCharm[];

/**
 * The controller's charm archives: `<dir>/<name>-<rev>.charm` (0600), `local:<name>-<rev>`.
 * The same content again is the charm already stored; new content of a known name is its next
 * revision.
 */
export class CharmStore {
  readonly #byUrl = new Map<string, StoredCharm>();

  constructor(
    readonly dir: string,
    index: CharmStoreIndex = [],
  ) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const charm of index) this.#byUrl.set(charm.url, charm);
  }

  index(): CharmStoreIndex {
    return [...this.#byUrl.values()];
  }

  get(url: string): StoredCharm | undefined {
    return this.#byUrl.get(url);
  }

  all(): StoredCharm[] {
    return [...this.#byUrl.values()].sort((a, b) =>
      a.name === b.name ? a.revision - b.revision : a.name < b.name ? -1 : 1,
    );
  }

  add(archive: Buffer): StoredCharm {
    const sha256 = createHash("sha256").update(archive).digest("hex");
    const known = [...this.#byUrl.values()].find((c) => c.sha256 === sha256);
    if (known) return known;
    // The metadata is read from the archive itself, so it goes to a private temp file first.
    const probe = join(this.dir, `.upload-${randomBytes(6).toString("hex")}.charm`);
    writeFileSync(probe, archive, { mode: 0o600 });
    let meta: StoredCharm["meta"];
    try {
      meta = readCharmFileMeta(probe);
    } finally {
      rmSync(probe, { force: true });
    }
    const name = meta.name;
    // The name becomes a file name and a URL: Juju's charm names only.
    if (!CHARM_NAME.test(name)) throw new Error(`invalid charm name ${JSON.stringify(name)}`);
    const revision =
      Math.max(0, ...[...this.#byUrl.values()].filter((c) => c.name === name).map((c) => c.revision)) + 1;
    const file = join(this.dir, `${name}-${revision}.charm`);
    writeFileAtomic(file, archive, 0o600);
    const charm: StoredCharm = { url: `local:${name}-${revision}`, name, revision, meta, file, sha256 };
    this.#byUrl.set(charm.url, charm);
    return charm;
  }
}
