// The embedded controller as a background process: started by `up` when it is not running,
// stopped by `down` (SIGTERM; its state stays in the home dir).
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, openSync } from "node:fs";
import { join } from "node:path";
import { CliError } from "./errors";
import { type ControllerInfo, processAlive, readControllerInfo } from "./home";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The running embedded controller's info, or undefined when it is not running. */
export function runningController(home: string): ControllerInfo | undefined {
  const info = readControllerInfo(home);
  return info && processAlive(info.pid) ? info : undefined;
}

export interface StartOptions {
  home: string;
  /** The repository root (holds libs/controller/bin/controller.mjs). */
  repoRoot: string;
  timeoutMs: number;
  log?: (line: string) => void;
}

/** Start the embedded controller unless it runs; resolve once it has written controller.json. */
export async function startController(
  options: StartOptions,
): Promise<{ info: ControllerInfo; started: boolean }> {
  const running = runningController(options.home);
  if (running) return { info: running, started: false };
  const bin = join(options.repoRoot, "libs/controller/bin/controller.mjs");
  if (!existsSync(bin)) throw new CliError(`${bin} is missing: run charmarr from a complete checkout`);
  const dir = join(options.home, "controller");
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // A file left by a stopped controller keeps its password for the next start; the new
  // controller is ready once the file names its own process.
  const logPath = join(dir, "controller.log");
  const logFd = openSync(logPath, "a", 0o600);
  const child = spawn(process.execPath, [bin, "--home", options.home], {
    detached: true,
    stdio: ["ignore", logFd, logFd],
  });
  let exited: number | null | undefined;
  child.on("exit", (code, signal) => {
    exited = code ?? (signal ? 128 : 1);
  });
  child.unref();
  options.log?.(`Starting the embedded controller (log: ${logPath})`);
  const deadline = Date.now() + Math.max(options.timeoutMs, 60_000);
  while (Date.now() < deadline) {
    if (exited !== undefined)
      throw new CliError(
        `the embedded controller exited (code ${exited}) before it was ready: see ${logPath}`,
      );
    const info = readControllerInfo(options.home);
    if (info && info.pid === child.pid) return { info, started: true };
    await sleep(100);
  }
  if (child.pid) process.kill(child.pid, "SIGTERM");
  throw new CliError(`the embedded controller did not get ready in time: see ${logPath}`);
}

/** SIGTERM the embedded controller and wait until it is gone; false when it was not running. */
export async function stopController(home: string, timeoutMs: number): Promise<boolean> {
  const info = runningController(home);
  if (!info) return false;
  try {
    process.kill(info.pid, "SIGTERM");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw new CliError(`cannot stop the controller (pid ${info.pid}): ${(err as Error).message}`);
  }
  const deadline = Date.now() + Math.max(timeoutMs, 30_000);
  while (Date.now() < deadline) {
    if (!processAlive(info.pid)) return true;
    await sleep(100);
  }
  throw new CliError(
    `the controller (pid ${info.pid}) is still running after SIGTERM: see ${join(home, "controller/controller.log")}`,
  );
}
