import { join } from "node:path";
import { SABNZBD_OFFLINE, SabnzbdIni, type SabnzbdIniEdit } from "../src/sabnzbd/sabnzbd-ini";
import { type AppLaunch, AppTestInstance, freePort, requireBinary, tempDir } from "./app-test-instance";

// A real sabnzbdplus (Debian bookworm contrib, 3.7.1) for integration tests: a temporary
// directory with a sabnzbd.ini seeded by SabnzbdIni, bound to 127.0.0.1 only, offline (no release
// check, no self-test lookups, no SSDP/Bonjour, no browser), a fixed port, in the foreground as a
// plain child process. Tests only: not exported from the package (see @charmarr/workloads/testing).

export const SABNZBDPLUS = "/usr/bin/sabnzbdplus";
export const SABNZBD_INSTALL = [
  "# sabnzbdplus is in contrib and depends on unrar from non-free (specs/workloads.md §2.1):",
  `uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)`,
  `printf 'Types: deb\\nURIs: %s\\nSuites: bookworm bookworm-updates\\nComponents: contrib non-free\\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\\n' "$uri" > /etc/apt/sources.list.d/debian-contrib.sources`,
  "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends sabnzbdplus",
].join("\n");

/** Throws, with the exact commands to run as root, when sabnzbdplus is not installed. */
export function requireSabnzbdplus(binary = SABNZBDPLUS): void {
  requireBinary(binary, "SABnzbd", SABNZBD_INSTALL);
}

export class SabnzbdTestInstance extends AppTestInstance {
  get configPath(): string {
    return join(this.dir, "sabnzbd.ini");
  }

  get iniPath(): string {
    return this.configPath;
  }

  /** A fresh directory whose sabnzbd.ini holds these keys and the test settings; not started. */
  static async create(
    keys: { apiKey: string; nzbKey: string },
    extra: readonly SabnzbdIniEdit[] = [],
  ): Promise<SabnzbdTestInstance> {
    requireSabnzbdplus();
    const dir = tempDir("sab-it-");
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

  protected launch(): AppLaunch {
    return {
      binary: SABNZBDPLUS,
      args: ["--config-file", this.iniPath, "--server", `127.0.0.1:${this.port}`, "--browser", "0"],
      readyPath: "/api?mode=version",
      readyTimeoutMs: 60_000,
      stopGraceMs: 15_000,
    };
  }

  readIni(): string | undefined {
    return this.readConfig();
  }

  /** Only while stopped: the app overwrites the file on its next save. */
  writeIni(text: string): void {
    this.writeConfig(text);
  }
}
