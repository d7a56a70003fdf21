import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";

// What the real-app test instances share: the installed Debian binary, a temporary directory,
// free loopback ports, and the app as a plain child process in the foreground (stopped by its own
// PID, never by name), started once it answers HTTP. Tests only: not exported from the package.

/** Throws, with the exact commands to run as root, when `binary` is not installed. */
export function requireBinary(binary: string, app: string, install: string): void {
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    throw new Error(
      `${binary} is missing: these tests drive the real ${app}. Install it as root with:\n${install}`,
    );
  }
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/** A fresh directory under the system's temporary directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A file's text, or undefined when it cannot be read (not written yet). */
export function readIfPresent(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `url` until any HTTP status answers; the time it took, in ms. */
export async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `${child.spawnfile} exited (${child.exitCode ?? child.signalCode}) before ${url} answered`,
      );
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return performance.now() - start;
    } catch {
      if (performance.now() - start > timeoutMs)
        throw new Error(`no HTTP answer from ${url} in ${timeoutMs} ms`);
      await sleep(10);
    }
  }
}

/** How to run the app and when it is up. */
export interface AppLaunch {
  binary: string;
  args: readonly string[];
  /** Any HTTP answer here means the app is up. */
  readyPath: string;
  readyTimeoutMs: number;
  /** How long SIGTERM has before SIGKILL. */
  stopGraceMs: number;
}

/** One app in its own directory on its own port (WebUI/API on 127.0.0.1). */
export abstract class AppTestInstance {
  child: ChildProcess | undefined;
  /** Spawn -> first HTTP answer, for every start, in ms. */
  readonly startTimes: number[] = [];

  protected constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The app's own config file, which seeds it. */
  abstract get configPath(): string;

  protected abstract launch(): AppLaunch;

  readConfig(): string | undefined {
    return readIfPresent(this.configPath);
  }

  /** Only while stopped: the app overwrites the file on its next save. Mode 0600: it holds credentials. */
  writeConfig(text: string): void {
    if (this.child) throw new Error(`write ${basename(this.configPath)} only while the app is stopped`);
    mkdirSync(dirname(this.configPath), { recursive: true });
    writeFileSync(this.configPath, text, { mode: 0o600 });
  }

  /** Starts the app and waits until it answers HTTP; the time that took, in ms. */
  async start(): Promise<number> {
    if (this.child) throw new Error("already running");
    const launch = this.launch();
    const child = spawn(launch.binary, launch.args, { stdio: "ignore" });
    this.child = child;
    child.once("exit", () => {
      if (this.child === child) this.child = undefined;
    });
    const ms = await waitForHttp(`${this.url}${launch.readyPath}`, child, launch.readyTimeoutMs);
    this.startTimes.push(ms);
    return ms;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const stopped = await Promise.race([
      exited.then(() => true),
      sleep(this.launch().stopGraceMs).then(() => false),
    ]);
    if (!stopped) {
      child.kill("SIGKILL");
      await exited;
    }
    this.child = undefined;
  }

  /** Stops the app and removes its directory. */
  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
