// Where the embedded controller keeps its state, and the file it writes once listening.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { CliError } from "./errors";

/** `--home`, else `$CHARMARR_HOME`, else `${XDG_STATE_HOME:-$HOME/.local/state}/charmarr`. */
export function resolveHome(option: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (option) return option;
  if (env.CHARMARR_HOME) return env.CHARMARR_HOME;
  const state = env.XDG_STATE_HOME || join(env.HOME || homedir(), ".local/state");
  return join(state, "charmarr");
}

export function controllerFile(home: string): string {
  return join(home, "controller", "controller.json");
}

/** What the embedded controller writes to `<home>/controller/controller.json` (mode 0600). */
export interface ControllerInfo {
  endpoint: string;
  "controller-uuid": string;
  "model-uuid": string;
  "model-name": string;
  user: string;
  password: string;
  pid: number;
}

/** The controller file, or undefined when there is none; a malformed file is an error. */
export function readControllerInfo(home: string): ControllerInfo | undefined {
  const path = controllerFile(home);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new CliError(`cannot read ${path}: ${(err as Error).message}`);
  }
  let info: Partial<ControllerInfo>;
  try {
    info = JSON.parse(text) as Partial<ControllerInfo>;
  } catch {
    throw new CliError(`${path} is not JSON: stop the controller (charmarr down) and run charmarr up`);
  }
  for (const key of ["endpoint", "model-uuid", "user", "password"] as const)
    if (typeof info[key] !== "string" || !info[key])
      throw new CliError(`${path} has no ${key}: run charmarr down, then charmarr up`);
  if (typeof info.pid !== "number")
    throw new CliError(`${path} has no pid: run charmarr down, then charmarr up`);
  return info as ControllerInfo;
}

/** True when a process with this pid exists (and is ours to signal). */
export function processAlive(pid: number): boolean {
  // kill(0) and kill(-n) would signal whole process groups: a stopped controller records pid 0.
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
