import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, type Stats } from "node:fs";
import { join } from "node:path";
import type { HookChanges, Model, SecretRecord } from "@charmarr/engine";
import type { HookRecord, UnitPod } from "./engine-events";
import type { LeakScanner, SecretValueSource } from "./leak-scanner";

// What the leak scanner reads from a test model: the values it must look for (every revision
// of every secret, and content hooks buffered) and the places they must not be.

const secretName = (secret: SecretRecord) => secret.label ?? `secret:${secret.xid}`;
const ownerName = (secret: SecretRecord) => (secret.owner.kind === "model" ? "model" : secret.owner.name);
const decode = (base64: string) => Buffer.from(base64, "base64").toString("utf8");

/**
 * Secret content keys whose values are public by design: `owner-app` (libs/secrets' provenance
 * stamp) is the owner's application name, which shows up everywhere and is no leak.
 */
const PUBLIC_KEYS = new Set(["owner-app"]);

/** Every revision of every secret the model holds, user secrets included. */
export function learnModelSecrets(scanner: LeakScanner, model: Model): void {
  for (const secret of model.state.secrets.values()) {
    for (const [revision, record] of secret.revisions) {
      for (const [key, value] of Object.entries(record.content)) {
        if (PUBLIC_KEYS.has(key)) continue;
        scanner.learn(decode(value), { secret: secretName(secret), owner: ownerName(secret), revision, key });
      }
    }
  }
}

/** Content a hook gave secret-add or secret-set, committed or not (a failed hook's too). */
export function learnHookChanges(
  scanner: LeakScanner,
  model: Model,
  unit: string,
  changes: HookChanges,
): void {
  const app = unit.slice(0, unit.lastIndexOf("/"));
  const learn = (content: Record<string, string>, source: Omit<SecretValueSource, "key">) => {
    for (const [key, value] of Object.entries(content)) {
      if (!PUBLIC_KEYS.has(key)) scanner.learn(decode(value), { ...source, key });
    }
  };
  for (const change of changes.secretCreates) {
    learn(change.content, {
      secret: change.label ?? `secret:${change.xid}`,
      owner: change.owner === "unit" ? unit : app,
    });
  }
  for (const change of changes.secretUpdates) {
    const secret = model.state.secrets.get(change.xid);
    if (!change.content) continue;
    learn(change.content, {
      secret: secret ? secretName(secret) : `secret:${change.xid}`,
      owner: secret ? ownerName(secret) : app,
    });
  }
}

/** A hook's output lines and the argv of each of its tool calls. */
export function inspectHook(scanner: LeakScanner, record: HookRecord): void {
  const hook = `${record.unit} ${JSON.stringify(record.hook)} (hook #${record.seq})`;
  record.output.forEach((line, i) => {
    scanner.inspect(`${line.stream} of ${hook}, line ${i + 1}`, line.text);
  });
  record.toolCalls.forEach((call, i) => {
    scanner.inspect(`argv of ${call.tool} in ${hook}, call ${i + 1}`, [call.tool, ...call.args].join(" "));
  });
}

/** juju-log records from index `from` on; returns the next index to read from. */
export function inspectJujuLogs(scanner: LeakScanner, model: Model, from: number): number {
  model.logs.slice(from).forEach((record, i) => {
    if (!record.module.endsWith(".juju-log")) return; // hook output is read from the hook records
    scanner.inspect(`juju-log of ${record.unit} (record #${from + i + 1}, ${record.level})`, record.message);
  });
  return model.logs.length;
}

/** Every key of every databag of every relation, and its value. */
export function inspectRelationData(scanner: LeakScanner, model: Model): void {
  for (const relation of model.state.relations.values()) {
    const bags = [...relation.appData, ...relation.unitData];
    for (const [owner, bag] of bags) {
      const place = `relation ${relation.id} (${relation.key}) databag of ${owner}`;
      for (const [key, value] of bag) {
        scanner.inspect(`${place}, key ${JSON.stringify(key)}`, value);
        scanner.inspect(`${place}, the name of key ${JSON.stringify(key)}`, key);
      }
    }
  }
}

/** Every unit's charm state (state-set): keys and values. */
export function inspectUnitState(scanner: LeakScanner, model: Model): void {
  for (const unit of model.state.units.values()) {
    for (const [key, value] of unit.state) {
      scanner.inspect(`unit state (state-set) of ${unit.name}, key ${JSON.stringify(key)}`, value);
      scanner.inspect(`unit state (state-set) of ${unit.name}, the name of key ${JSON.stringify(key)}`, key);
    }
  }
}

// ---- files on the host -------------------------------------------------------------------------

/** Files up to this size are read whole (and kept by the scanner); bigger ones in chunks. */
export const CHUNK_BYTES = 1 << 20;

const statKey = (stat: Stats) => `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}`;

/**
 * Reads files for the scanner, once per version: a file whose inode, size and times have not
 * changed is not read again (big files are read again when the scanner learned new values).
 */
export class FileReader {
  readonly #seen = new Map<string, string>();

  constructor(private readonly scanner: LeakScanner) {}

  /** Checks the file at `hostPath` as `where`; false when it could not be read. */
  inspect(where: string, hostPath: string, stat?: Stats): boolean {
    let st: Stats;
    try {
      st = stat ?? lstatSync(hostPath);
    } catch {
      return false;
    }
    if (!st.isFile()) return false;
    const big = st.size > CHUNK_BYTES;
    const version = `${statKey(st)}${big ? `:${this.scanner.generation}` : ""}`;
    if (this.#seen.get(where) === version) return true;
    try {
      if (big) inspectInChunks(this.scanner, where, hostPath);
      else this.scanner.inspect(where, readFileSync(hostPath, "utf8"));
    } catch {
      return false; // gone meanwhile, or unreadable
    }
    this.#seen.set(where, version);
    return true;
  }
}

/**
 * A big file in CHUNK_BYTES pieces, each read with the scanner's overlap after it, so a value
 * that straddles a boundary is whole in one piece.
 */
export function inspectInChunks(scanner: LeakScanner, where: string, hostPath: string): void {
  // Up to 4 bytes per character: the overlap in bytes covers the longest needle in UTF-8.
  const overlap = 4 * scanner.chunkOverlap;
  const buffer = Buffer.alloc(CHUNK_BYTES + overlap);
  const fd = openSync(hostPath, "r");
  try {
    for (let position = 0; ; position += CHUNK_BYTES) {
      const read = readSync(fd, buffer, 0, buffer.length, position);
      if (read === 0) break;
      scanner.inspectChunk(where, buffer.subarray(0, read).toString("utf8"));
      if (read < buffer.length) break;
    }
  } finally {
    closeSync(fd);
  }
}

/** Regular files below `dir` with their stats, up to `limit`; symlinks are not followed. */
export function filesBelow(dir: string, limit = 5000): { path: string; stat: Stats }[] {
  const out: { path: string; stat: Stats }[] = [];
  const walk = (current: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(current);
    } catch {
      return;
    }
    for (const entry of entries.sort()) {
      if (out.length >= limit) return;
      const path = join(current, entry);
      let stat: Stats;
      try {
        stat = lstatSync(path);
      } catch {
        continue;
      }
      if (stat.isDirectory()) walk(path);
      else if (stat.isFile()) out.push({ path, stat });
    }
  };
  walk(dir);
  return out;
}

/**
 * A charm directory: the files the charm came with (a baseline taken before its first hook)
 * are its own; any file added or changed since is something a hook wrote there.
 */
export class CharmDirWatch {
  readonly #baseline = new Map<string, string>();

  constructor(
    readonly app: string,
    readonly dir: string,
  ) {}

  /** Takes the baseline: call once the charm is in place, before its first hook. */
  baseline(): void {
    this.#baseline.clear();
    for (const { path, stat } of filesBelow(this.dir)) this.#baseline.set(path, statKey(stat));
  }

  /**
   * `killed`: units whose last hook was killed. A killed hook may leave its secret content files
   * in its unit's private `.secret-files/<app>-<n>/` (libs/charm writes `key#file=` files there
   * and the unit's next hook sweeps them): they must be 0600 and gone once the unit has run a
   * hook that was not killed; until then only their mode is checked.
   */
  inspect(reader: FileReader, scanner: LeakScanner, killed: ReadonlySet<string> = new Set()): void {
    for (const { path, stat } of filesBelow(this.dir)) {
      if (this.#baseline.get(path) === statKey(stat)) continue;
      const relative = path.slice(this.dir.length + 1);
      const where = `file ${relative} in the charm dir of ${this.app}`;
      const unitDir = /^\.secret-files\/([^/]+)\//.exec(relative)?.[1];
      if (unitDir !== undefined && killed.has(unitDir)) {
        const mode = stat.mode & 0o777;
        if (mode !== 0o600)
          scanner.report(where, `a killed hook's secret file with mode 0${mode.toString(8)}, not 0600`);
        continue;
      }
      reader.inspect(where, path, stat);
    }
  }
}

const bornAt = (stat: Stats) => (stat.birthtimeMs > 0 ? stat.birthtimeMs : stat.ctimeMs);

/**
 * File times come from the kernel's coarse clock, a few milliseconds behind Date.now(): the
 * window starts this much earlier so a file written just after a scan started is not missed.
 */
const CLOCK_SLACK_MS = 100;

/**
 * The host's temp dirs: what was created there since `since` (ms since the epoch): new files at
 * the top, everything below a new directory, and new files directly inside an old directory.
 * Entries named `tm-*` (test models' own work dirs, which their models scan) and `skip` are
 * left out.
 */
export function inspectHostTemp(
  reader: FileReader,
  tempDirs: readonly string[],
  since: number,
  skip: readonly string[] = [],
): void {
  since -= CLOCK_SLACK_MS;
  for (const temp of tempDirs) {
    let entries: string[];
    try {
      entries = readdirSync(temp);
    } catch {
      continue;
    }
    for (const entry of entries) {
      const path = join(temp, entry);
      if (entry.startsWith("tm-") || skip.includes(path)) continue;
      let stat: Stats;
      try {
        stat = lstatSync(path);
      } catch {
        continue;
      }
      const where = (file: string) => `file ${file} in the host's temp dir`;
      if (stat.isFile()) {
        if (bornAt(stat) >= since) reader.inspect(where(path), path, stat);
      } else if (stat.isDirectory() && bornAt(stat) >= since) {
        for (const file of filesBelow(path, 500)) reader.inspect(where(file.path), file.path, file.stat);
      } else if (stat.isDirectory() && stat.mtimeMs >= since) {
        let children: string[];
        try {
          children = readdirSync(path);
        } catch {
          continue;
        }
        for (const child of children) {
          const file = join(path, child);
          try {
            const st = lstatSync(file);
            if (st.isFile() && bornAt(st) >= since) reader.inspect(where(file), file, st);
          } catch {
            // gone meanwhile
          }
        }
      }
    }
  }
}

/** The credential files a test declared, as `unit`, `container`, `path`. */
export type CredentialFiles = ReadonlySet<string>;
export const credentialFileKey = (unit: string, container: string, path: string) =>
  `${unit}\0${container}\0${path}`;

/**
 * Pebble plans and service environments, Pebble service logs, exec calls (command and
 * environment), workload processes' /proc cmdline and environ, and workload files (running and
 * stopped containers, storage; big files in chunks): a declared credential file may hold
 * secrets but must be 0600; any other file may not hold them.
 */
export async function inspectPods(
  scanner: LeakScanner,
  reader: FileReader,
  pods: ReadonlyMap<string, UnitPod>,
  credentialFiles: CredentialFiles,
  options: { tolerant?: boolean } = {},
): Promise<void> {
  for (const [unit, pod] of pods) {
    let inspection: Awaited<ReturnType<UnitPod["inspect"]>>;
    try {
      inspection = await pod.inspect();
    } catch (error) {
      // Between hooks a pod may be half-way through churn (a Pebble going away): the next scan,
      // and the strict one at the end of settle(), look again.
      if (options.tolerant) continue;
      throw error;
    }
    const { texts, files, largeFiles = [] } = inspection;
    for (const { where, text } of texts) scanner.inspect(`${where} of ${unit}`, text);
    for (const file of files) {
      const where = `file ${file.path} in container ${file.container} of ${unit}`;
      if (!credentialFiles.has(credentialFileKey(unit, file.container, file.path))) {
        scanner.inspect(where, file.content);
      } else if ((file.mode & 0o777) !== 0o600) {
        scanner.report(where, `a credential file with mode 0${(file.mode & 0o777).toString(8)}, not 0600`);
      }
    }
    for (const file of largeFiles) {
      const where = `file ${file.path} in container ${file.container} of ${unit}`;
      if (!credentialFiles.has(credentialFileKey(unit, file.container, file.path))) {
        reader.inspect(where, file.hostPath);
      } else if ((file.mode & 0o777) !== 0o600) {
        scanner.report(where, `a credential file with mode 0${(file.mode & 0o777).toString(8)}, not 0600`);
      }
    }
  }
}
