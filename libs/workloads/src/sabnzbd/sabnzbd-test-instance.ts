import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SABNZBD_OFFLINE, SabnzbdIni, type SabnzbdIniEdit } from "./sabnzbd-ini";

// A real sabnzbdplus (Debian bookworm contrib, 3.7.1) for integration tests: a temporary
// directory with a sabnzbd.ini seeded by SabnzbdIni, bound to 127.0.0.1 only, offline (no release
// check, no self-test lookups, no SSDP/Bonjour, no browser), a fixed port, in the foreground as a
// plain child process. Tests only: not exported from the package.

export const SABNZBDPLUS = "/usr/bin/sabnzbdplus";
export const SABNZBD_INSTALL = [
  "# sabnzbdplus is in contrib and depends on unrar from non-free (specs/workloads.md §2.1):",
  `uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)`,
  `printf 'Types: deb\\nURIs: %s\\nSuites: bookworm bookworm-updates\\nComponents: contrib non-free\\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\\n' "$uri" > /etc/apt/sources.list.d/debian-contrib.sources`,
  "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends sabnzbdplus",
].join("\n");

/** Throws, with the exact commands to run as root, when sabnzbdplus is not installed. */
export function requireSabnzbdplus(binary = SABNZBDPLUS): void {
  try {
    accessSync(binary, constants.X_OK);
  } catch {
    throw new Error(
      `${binary} is missing: these tests drive the real SABnzbd. Install it as root with:\n${SABNZBD_INSTALL}`,
    );
  }
}

function freePort(): Promise<number> {
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class SabnzbdTestInstance {
  child: ChildProcess | undefined;
  /** Spawn -> first HTTP answer of /api?mode=version, for every start, in ms. */
  readonly startTimes: number[] = [];

  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get iniPath(): string {
    return join(this.dir, "sabnzbd.ini");
  }

  /** A fresh directory whose sabnzbd.ini holds these keys and the test settings; not started. */
  static async create(
    keys: { apiKey: string; nzbKey: string },
    extra: readonly SabnzbdIniEdit[] = [],
  ): Promise<SabnzbdTestInstance> {
    requireSabnzbdplus();
    const dir = mkdtempSync(join(tmpdir(), "sab-it-"));
    const instance = new SabnzbdTestInstance(dir, await freePort());
    const ini = SabnzbdIni.create({
      host: "127.0.0.1",
      port: instance.port,
      ...keys,
      downloadDir: join(dir, "incomplete"),
      completeDir: join(dir, "complete"),
      ...SABNZBD_OFFLINE,
    }).withValues(extra);
    instance.writeIni(ini.toString());
    return instance;
  }

  readIni(): string | undefined {
    try {
      return readFileSync(this.iniPath, "utf8");
    } catch {
      return undefined;
    }
  }

  /** Only while stopped: the app overwrites the file on its next save. */
  writeIni(text: string): void {
    if (this.child) throw new Error("write sabnzbd.ini only while the app is stopped");
    writeFileSync(this.iniPath, text, { mode: 0o600 });
  }

  async start(): Promise<number> {
    if (this.child) throw new Error("already running");
    const started = performance.now();
    const child = spawn(
      SABNZBDPLUS,
      ["--config-file", this.iniPath, "--server", `127.0.0.1:${this.port}`, "--browser", "0"],
      { stdio: "ignore" },
    );
    this.child = child;
    child.once("exit", () => {
      if (this.child === child) this.child = undefined;
    });
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`sabnzbdplus exited (${child.exitCode ?? child.signalCode}) before its API answered`);
      }
      try {
        await fetch(`${this.url}/api?mode=version`, { signal: AbortSignal.timeout(2000) });
        break;
      } catch {
        if (performance.now() - started > 60_000) throw new Error("sabnzbdplus did not answer within 60 s");
        await sleep(10);
      }
    }
    const ms = performance.now() - started;
    this.startTimes.push(ms);
    return ms;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGTERM");
    const stopped = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
    if (!stopped) {
      child.kill("SIGKILL");
      await exited;
    }
    this.child = undefined;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
