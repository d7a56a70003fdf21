import { constants, cpSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CharmDefinition } from "@charmarr/charm";
import { type CharmMeta, unpackCharmArchive } from "@charmarr/engine";
import {
  type CharmRunner,
  inProcessRunner,
  type ProcessHost,
  processRunner,
  readCharmDirMeta,
  readCharmFileMeta,
} from "./engine-events";

export interface DeployCommon {
  units?: number;
  config?: Record<string, unknown>;
  trust?: boolean;
  /** Resource name → OCI image reference or file path. */
  resources?: Record<string, string>;
}

/** Which charm and how it runs: a definition in-process, or a packed `.charm` / charm dir as processes. */
export type CharmSource<C> =
  | {
      charm: CharmDefinition<C>;
      /** charmcraft.yaml text or object; the definition's own metadata when absent. */
      metadata?: string | Record<string, unknown>;
    }
  | { charmFile: string }
  | { charmDir: string };

export type DeploySpec<C> = DeployCommon & CharmSource<C>;

/** Unpacked archives, by path and version: each `.charm` is unzipped once per test process. */
const unpackedArchives = new Map<string, Promise<string>>();
const unpackedDirs = new Set<string>();

/**
 * The archive unpacked in a directory of the test process's own (its `tm-` prefix keeps it out
 * of the leak scan of the host's temp dir, as the models' work dirs are). Unzipping a charm
 * with its Node runtime takes over a second; a copy of the unpacked tree, a few tens of ms.
 */
function unpackedOnce(file: string): Promise<string> {
  const stat = statSync(file);
  const key = `${file}:${stat.size}:${stat.mtimeMs}`;
  let dir = unpackedArchives.get(key);
  if (!dir) {
    const target = mkdtempSync(join(tmpdir(), "tm-charm-"));
    if (unpackedDirs.size === 0) process.once("exit", removeUnpackedArchives);
    unpackedDirs.add(target);
    dir = unpackCharmArchive(file, target).then(
      () => target,
      (error: unknown) => {
        unpackedArchives.delete(key);
        unpackedDirs.delete(target);
        rmSync(target, { recursive: true, force: true });
        throw error;
      },
    );
    unpackedArchives.set(key, dir);
    dir.catch(() => undefined);
  }
  return dir;
}

function removeUnpackedArchives(): void {
  for (const dir of unpackedDirs) rmSync(dir, { recursive: true, force: true });
}

/**
 * The metadata and runner of a charm source. A `.charm` is unpacked into `unpackDir` before its
 * first hook (its YAML is read at once); a charm dir is run where it is, shared by its units.
 * `onCharmDir` is told the charm dir of a process charm once it is in place, before any hook,
 * and each unit's own copy of it (where that unit's hooks run) once it is made.
 */
export function charmDeployment<C>(
  source: CharmSource<C>,
  host: ProcessHost,
  unpackDir: string,
  onCharmDir?: (dir: string) => void,
): { meta: CharmMeta | string | Record<string, unknown>; runner: CharmRunner } {
  if ("charm" in source) {
    const meta = source.metadata ?? source.charm.metadata;
    return { meta, runner: inProcessRunner(source.charm) };
  }
  if ("charmFile" in source) {
    const file = source.charmFile;
    const prepare = async () => {
      // A reflink where the filesystem has them, else a copy; symlinks stay as they are.
      cpSync(await unpackedOnce(file), unpackDir, {
        recursive: true,
        verbatimSymlinks: true,
        mode: constants.COPYFILE_FICLONE,
      });
      if (!existsSync(join(unpackDir, "dispatch"))) throw new Error(`${file} has no dispatch`);
      onCharmDir?.(unpackDir);
    };
    const runner = processRunner(host, {
      dir: unpackDir,
      prepare,
      onUnitDir: (_unit, dir) => onCharmDir?.(dir),
    });
    return { meta: readCharmFileMeta(file), runner };
  }
  onCharmDir?.(source.charmDir);
  const runner = processRunner(host, { dir: source.charmDir, onUnitDir: (_unit, dir) => onCharmDir?.(dir) });
  return { meta: readCharmDirMeta(source.charmDir), runner };
}
