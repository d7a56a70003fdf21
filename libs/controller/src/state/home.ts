import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

// Where the embedded controller keeps what it must not lose, and what the cluster's nodes hold:
//   <home>/controller/  0700: the encrypted state, its key, stored charms, logs
//   <home>/cluster/     0700: pods, volumes, PVs, hostPath roots (the apps' own files)

/** A controller directory or file that others could read: the controller does not start. */
export class UnsafePermissionsError extends Error {}

export interface ControllerHome {
  root: string;
  controllerDir: string;
  clusterDir: string;
  charmsDir: string;
  logsDir: string;
  stateFile: string;
  keyFile: string;
}

/** `${CHARMARR_HOME:-${XDG_STATE_HOME:-$HOME/.local/state}/charmarr}`. */
export function defaultHomeDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHARMARR_HOME) return env.CHARMARR_HOME;
  const stateHome = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local", "state");
  return join(stateHome, "charmarr");
}

export function homeLayout(root: string): ControllerHome {
  const controllerDir = join(root, "controller");
  return {
    root,
    controllerDir,
    clusterDir: join(root, "cluster"),
    charmsDir: join(controllerDir, "charms"),
    logsDir: join(controllerDir, "logs"),
    stateFile: join(controllerDir, "state.enc"),
    keyFile: join(controllerDir, "state.key"),
  };
}

/**
 * Makes the layout (0700 directories) and refuses, with a one-line error, a `controller/` tree
 * where anything is group- or world-accessible: it holds the key to every secret.
 */
export function openHome(root: string): ControllerHome {
  const home = homeLayout(root);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  for (const dir of [home.controllerDir, home.clusterDir]) {
    if (!existsSync(dir)) mkdirSync(dir, { mode: 0o700 });
  }
  checkPrivate(home.controllerDir);
  const cluster = lstatSync(home.clusterDir);
  if ((cluster.mode & 0o077) !== 0)
    throw new UnsafePermissionsError(
      `${home.clusterDir} is accessible by others (mode ${octal(cluster.mode)}): chmod 700 it`,
    );
  for (const dir of [home.charmsDir, home.logsDir]) {
    if (!existsSync(dir)) mkdirSync(dir, { mode: 0o700 });
  }
  chmodSync(home.clusterDir, 0o700);
  return home;
}

/** Throws UnsafePermissionsError for the first entry under `path` (itself included) with group/other bits. */
export function checkPrivate(path: string): void {
  const stat = lstatSync(path);
  if (stat.isSymbolicLink())
    throw new UnsafePermissionsError(`${path} is a symbolic link: refusing to use it`);
  if ((stat.mode & 0o077) !== 0)
    throw new UnsafePermissionsError(
      `${path} is accessible by group or others (mode ${octal(stat.mode)}): chmod ${stat.isDirectory() ? "700" : "600"} it`,
    );
  if (stat.isDirectory()) for (const name of readdirSync(path)) checkPrivate(join(path, name));
}

const octal = (mode: number): string => (mode & 0o777).toString(8).padStart(4, "0");
