// scripts/setup-test.sh's distribution logic, run by bash against a fake /etc/os-release and
// /etc/apt in a temp dir. apt-get, dpkg-query and the root check are replaced by shell
// functions: these tests never touch the machine's apt.
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

const SCRIPT = join(import.meta.dirname, "setup-test.sh");
const PACKAGES = "bubblewrap openssl iproute2 tox hyperfine time qbittorrent-nox sabnzbdplus";

const DEBIAN = 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_CODENAME=bookworm\n';
const UBUNTU_NOBLE =
  'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nID=ubuntu\nID_LIKE=debian\nVERSION_CODENAME=noble\nUBUNTU_CODENAME=noble\n';
const UBUNTU_JAMMY = 'PRETTY_NAME="Ubuntu 22.04.4 LTS"\nID=ubuntu\nID_LIKE=debian\nVERSION_CODENAME=jammy\n';
const FEDORA = 'PRETTY_NAME="Fedora Linux 41 (Workstation Edition)"\nID=fedora\nVERSION_ID=41\n';

let dir: string;
let apt: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "setup-test-"));
  apt = join(dir, "apt");
  mkdirSync(join(apt, "sources.list.d"), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function machine(osRelease: string, sources: Record<string, string> = {}) {
  writeFileSync(join(dir, "os-release"), osRelease);
  for (const [name, text] of Object.entries(sources)) writeFileSync(join(apt, name), text);
}

/** Source the script and run `body` in bash, against the fake machine. */
function bash(body: string) {
  const run = spawnSync("bash", ["-c", `set -euo pipefail; source ${JSON.stringify(SCRIPT)}\n${body}`], {
    env: { ...process.env, CHARMARR_OS_RELEASE: join(dir, "os-release"), CHARMARR_APT_DIR: apt },
    encoding: "utf8",
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const plan = () => bash("sources_plan");

describe("setup-test.sh on Debian", () => {
  it("adds contrib and non-free for the machine's mirror and release", () => {
    machine(DEBIAN, {
      "sources.list.d/debian.sources":
        "Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n",
    });
    const run = plan();
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      `${apt}/sources.list.d/charmarr-contrib.sources\n` +
        "Types: deb\nURIs: http://mirror.example/debian\nSuites: bookworm bookworm-updates\n" +
        "Components: contrib non-free\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n",
    );
  });

  it("does not take non-free-firmware for non-free", () => {
    machine(DEBIAN, {
      "sources.list.d/debian.sources":
        "Types: deb\nURIs: http://deb.debian.org/debian\nComponents: main contrib non-free-firmware\n",
    });
    expect(plan().stdout).toContain("Components: non-free\n");
  });

  it("adds nothing when the components are already there (a second run)", () => {
    machine(DEBIAN, { "sources.list": "deb http://deb.debian.org/debian bookworm main contrib non-free\n" });
    const run = plan();
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("");
  });
});

describe("setup-test.sh on Ubuntu", () => {
  it("adds universe and multiverse the Ubuntu way: Ubuntu's mirror, suites and keyring, never Debian's", () => {
    machine(UBUNTU_NOBLE, {
      "sources.list.d/ubuntu.sources":
        "Types: deb\nURIs: http://archive.ubuntu.com/ubuntu/\nSuites: noble noble-updates noble-backports\nComponents: main restricted\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n",
    });
    const run = plan();
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      `${apt}/sources.list.d/charmarr-universe.sources\n` +
        "Types: deb\nURIs: http://archive.ubuntu.com/ubuntu/\nSuites: noble noble-updates\n" +
        "Components: universe multiverse\nSigned-By: /usr/share/keyrings/ubuntu-archive-keyring.gpg\n",
    );
    expect(run.stdout).not.toMatch(/debian/);
  });

  it("reads a one-line sources.list (options included) and adds only what is missing", () => {
    machine(UBUNTU_JAMMY, {
      "sources.list":
        "# deb http://archive.ubuntu.com/ubuntu jammy multiverse\ndeb [arch=amd64] http://fr.archive.ubuntu.com/ubuntu jammy main restricted universe\n",
    });
    const run = plan();
    expect(run.stdout).toContain("URIs: http://fr.archive.ubuntu.com/ubuntu\n");
    expect(run.stdout).toContain("Suites: jammy jammy-updates\n");
    expect(run.stdout).toContain("Components: multiverse\n");
  });
});

describe("setup-test.sh elsewhere", () => {
  it("stops on another distribution, naming it and the packages", () => {
    machine(FEDORA);
    const run = plan();
    expect(run.status).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain("Fedora Linux 41 (Workstation Edition) is neither Debian nor Ubuntu");
    expect(run.stderr).toContain(PACKAGES);
  });
});

describe("setup-test.sh main", () => {
  // dpkg-query, id and apt-get replaced: the packages are missing, apt-get only logs.
  const fakes = (root: boolean) => `
    missing_packages() { echo qbittorrent-nox sabnzbdplus; }
    is_root() { ${root ? "true" : "false"}; }
    apt-get() { echo "apt-get $*" >>${JSON.stringify(join(dir, "apt-get.log"))}; }
  `;

  it("as a user: stops at once, printing the exact commands, and writes nothing", () => {
    machine(UBUNTU_NOBLE, {
      "sources.list.d/ubuntu.sources":
        "Types: deb\nURIs: http://archive.ubuntu.com/ubuntu\nComponents: main\n",
    });
    const run = bash(`${fakes(false)} main`);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("missing packages the tests need: qbittorrent-nox sabnzbdplus");
    expect(run.stderr).toContain(
      `sudo tee ${apt}/sources.list.d/charmarr-universe.sources >/dev/null <<'EOF'`,
    );
    expect(run.stderr).toContain("  Components: universe multiverse\n");
    expect(run.stderr).toContain(
      "sudo apt-get update && sudo apt-get install -y --no-install-recommends qbittorrent-nox sabnzbdplus",
    );
    expect(readdirSync(join(apt, "sources.list.d"))).toEqual(["ubuntu.sources"]);
    expect(existsSync(join(dir, "apt-get.log"))).toBe(false);
  });

  it("as root: writes the sources file, then apt-get update and install of what is missing", () => {
    machine(DEBIAN, {
      "sources.list.d/debian.sources": "Types: deb\nURIs: http://deb.debian.org/debian\nComponents: main\n",
    });
    const run = bash(`${fakes(true)} main`);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(readFileSync(join(apt, "sources.list.d/charmarr-contrib.sources"), "utf8")).toContain(
      "Components: contrib non-free\n",
    );
    expect(readFileSync(join(dir, "apt-get.log"), "utf8")).toBe(
      "apt-get update -qq\napt-get install -y -qq --no-install-recommends qbittorrent-nox sabnzbdplus\n",
    );
  });

  it("does nothing when no package is missing", () => {
    machine(FEDORA);
    const run = bash(`missing_packages() { echo; }; is_root() { false; }; main; echo done`);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("done\n");
  });
});
