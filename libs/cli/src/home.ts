// Where the embedded controller keeps its state, and the file it writes once listening.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import type { ControllerInfo } from "@charmarr/controller/controller-info";
import { CliError } from "./errors";

export { type ControllerInfo, processAlive } from "@charmarr/controller/controller-info";

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
