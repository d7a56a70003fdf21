import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bwrapWorks, eventually, freePort, PebbleTestClient } from "../../testing/pebble-server/test-support";
import { DEFAULT_PATH } from "../pebble-server/process-launch";
import { BUILTIN_IMAGES } from "./builtin-images";
import { containerPids } from "./container-processes";
import { hostExecutable, MissingPackageError } from "./debian-packages";
import { ImageCatalog, type ImageEntry, StandInNotRegisteredError, UnknownImageError } from "./image-catalog";
import {
  type PodMetadata,
  startWorkloadPod,
  type WorkloadPod,
  type WorkloadPodOptions,
} from "./workload-pod";

// No silent skips: without a working bubblewrap these tests must fail, not vanish.
it("has a working bubblewrap (bash scripts/setup.sh installs it)", () => {
  expect(bwrapWorks()).toBe(true);
});

// A test image in the shape of the real ones: Python's http.server plays the app behind an sh
// launcher (like /app/radarr/bin/Radarr), behind a Python launcher run by the image's own python
// (like SABnzbd's /lsiopy/bin/python3 /app/sabnzbd/SABnzbd.py), and a node stand-in sits under
// /usr/lib (like Plex).
const FAKE_IMAGE: ImageEntry = {
  repository: "test.local/charmarr/fake-web",
  summary: "test image",
  environment: { HOME: "/root", PATH: `/fakepy/bin:${DEFAULT_PATH}` },
  users: [{ name: "abc", uid: 911, gid: 911, home: "/config", shell: "/bin/false" }],
  groups: [
    { name: "abc", gid: 911 },
    { name: "users", gid: 1000, members: ["abc"] },
  ],
  directories: ["/app", "/config"],
  symlinks: [{ path: "/fakepy/bin/python3", target: "/usr/bin/python3" }],
  launchers: [
    { path: "/app/fake/bin/FakeWeb", target: { command: ["/usr/bin/python3", "-m", "http.server"] } },
    {
      path: "/app/fake/FakeWeb.py",
      language: "python",
      target: { command: ["/usr/bin/python3", "-m", "http.server"] },
    },
    { path: "/usr/lib/fakeserver/Fake Server", target: "stand-in" },
  ],
};

const NEEDS_PACKAGE: ImageEntry = {
  repository: "test.local/charmarr/needs-package",
  summary: "test image whose program comes from a package that does not exist",
  packages: [{ name: "charmarr-test-no-such-package", file: "/usr/bin/charmarr-test-no-such-package" }],
};

const metadata: PodMetadata = {
  containers: {
    web: { resource: "web-image", mounts: [{ storage: "data", location: "/data" }] },
    sidecar: { resource: "sidecar-image", mounts: [{ storage: "data", location: "/shared" }] },
  },
  resources: {
    "web-image": { type: "oci-image", upstreamSource: "test.local/charmarr/fake-web:1.0" },
    "sidecar-image": { type: "oci-image", upstreamSource: "ghcr.io/juju/charm-base:ubuntu-24.04" },
  },
  storage: { data: { type: "filesystem" } },
};

/** A live, non-zombie process. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

/** Pids of live processes whose command line mentions `text` (bwrap's carries the container root). */
function processesMentioning(text: string): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(text) && alive(Number(entry));
      } catch {
        return false;
      }
    })
    .map(Number);
}

const tempDirs: string[] = [];
function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** A node program that reports its arguments, working directory and uid. */
function standInScript(): { command: string[]; binds: string[] } {
  const dir = tempDir("standin-");
  const script = join(dir, "fake-server.mjs");
  writeFileSync(
    script,
    "console.log(JSON.stringify({ args: process.argv.slice(2), cwd: process.cwd(), uid: process.getuid() }));\n",
  );
  return { command: [process.execPath, script], binds: [dir, dirname(process.execPath)] };
}

function testCatalog(): ImageCatalog {
  const catalog = new ImageCatalog([...BUILTIN_IMAGES, FAKE_IMAGE, NEEDS_PACKAGE]);
  catalog.registerStandIn(FAKE_IMAGE.repository, standInScript());
  return catalog;
}

function podOptions(overrides: Partial<WorkloadPodOptions> = {}): WorkloadPodOptions {
  return {
    unit: "fake/0",
    metadata,
    stateDir: tempDir("pod-"),
    catalog: testCatalog(),
    okayDelayMs: 200,
    ...overrides,
  };
}

const clientOf = (pod: WorkloadPod, name: string) => new PebbleTestClient(pod.container(name).socketPath);

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe("workload pod", () => {
  let pod: WorkloadPod;
  let web: PebbleTestClient;
  let sidecar: PebbleTestClient;
  beforeAll(async () => {
    pod = await startWorkloadPod(podOptions());
    web = clientOf(pod, "web");
    sidecar = clientOf(pod, "sidecar");
  });
  afterAll(() => pod?.close());

  it("starts a held Pebble per container, each socket alone in its own directory", async () => {
    expect(pod.containers.map((c) => [c.name, c.image])).toEqual([
      ["web", "test.local/charmarr/fake-web:1.0"],
      ["sidecar", "ghcr.io/juju/charm-base:ubuntu-24.04"],
    ]);
    for (const container of pod.containers) {
      expect(readdirSync(container.socketDir)).toEqual(["pebble.socket"]);
      expect(container.socketPath).toBe(join(container.socketDir, "pebble.socket"));
      const client = new PebbleTestClient(container.socketPath);
      expect((await client.get<{ "boot-id": string }>("/v1/system-info")).result?.["boot-id"]).toBe(
        container.server.bootId,
      );
      // --hold: nothing is planned or running before the charm's first replan.
      expect((await client.get("/v1/services")).result).toEqual([]);
    }
    const [storage] = pod.storage;
    expect(storage?.mounts).toEqual([
      { container: "web", location: "/data" },
      { container: "sidecar", location: "/shared" },
    ]);
    expect(existsSync(storage?.hostDir ?? "")).toBe(true);
  });

  it("shows the storage at each container's mount location, to processes and the files API alike", async () => {
    await web.push("/data/from-api.txt", "pushed to web\n");
    expect((await sidecar.exec(["cat", "/shared/from-api.txt"])).stdout).toBe("pushed to web\n");
    await sidecar.exec(["sh", "-c", "echo written by sidecar > /shared/from-process.txt"]);
    const pulled = await web.pull("/data/from-process.txt");
    expect(pulled.files.get("/data/from-process.txt")?.toString()).toBe("written by sidecar\n");
    expect(readFileSync(join(pod.storage[0]?.hostDir ?? "", "from-process.txt"), "utf8")).toBe(
      "written by sidecar\n",
    );
  });

  it("has the image's accounts, not the host's logins, in an /etc the charm can edit", async () => {
    expect((await web.exec(["id", "abc"])).stdout).toBe(
      "uid=911(abc) gid=911(abc) groups=911(abc),1000(users)\n",
    );
    expect((await web.exec(["getent", "passwd", "1000"])).exitCode).toBe(2);
    // What the Charmarr charms do before running the app as PUID:PGID.
    const passwd = (await web.pull("/etc/passwd")).files.get("/etc/passwd")?.toString() ?? "";
    expect((await web.push("/etc/passwd", `${passwd}radarr:x:1000:1000::/config:/bin/false\n`)).type).toBe(
      "sync",
    );
    const id = await web.exec(["sh", "-c", "id -un; id -gn"], { user: "radarr", workingDir: "/config" });
    expect(id.stdout).toBe("radarr\nusers\n");
  });

  it("runs a service from the image's launcher path as the image's user, serving the storage", async () => {
    const port = await freePort();
    await web.push("/data/index.html", "served from storage\n");
    await web.addLayer(
      "app",
      `services:
  app:
    override: replace
    command: /app/fake/bin/FakeWeb --bind 127.0.0.1 ${port} --directory /data
    user: abc
    startup: enabled
`,
    );
    expect((await web.services("replan")).status).toBe("Done");
    const body = await eventually(async () => {
      try {
        return await (await fetch(`http://127.0.0.1:${port}/index.html`)).text();
      } catch {
        return undefined;
      }
    });
    expect(body).toBe("served from storage\n");
    // The launcher exec'd the program: Pebble supervises python itself, as user abc.
    const pid = pod.container("web").server.servicePids().app as number;
    expect(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").slice(0, 4)).toEqual([
      "/usr/bin/python3",
      "-m",
      "http.server",
      "--bind",
    ]);
    expect(readFileSync(`/proc/${pid}/status`, "utf8")).toMatch(/^Uid:\s+911\s/m);
    await web.services("stop", ["app"]);
  });

  it("runs a Python launcher under the image's own python, arguments passed through", async () => {
    const help = await web.exec(["/fakepy/bin/python3", "/app/fake/FakeWeb.py", "--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("--directory");
  });

  it("runs the registered stand-in from a launcher under /usr/lib, the rest of /usr still the host's", async () => {
    const run = await web.exec(["/usr/lib/fakeserver/Fake Server", "-nobrowser", "-data=/config"], {
      workingDir: "/config",
    });
    expect(JSON.parse(run.stdout)).toEqual({ args: ["-nobrowser", "-data=/config"], cwd: "/config", uid: 0 });
    const host = await web.exec([
      "sh",
      "-c",
      "ls /usr/lib/x86_64-linux-gnu/libc.so.6; touch /usr/lib/os-release",
    ]);
    expect(host.stdout).toBe("/usr/lib/x86_64-linux-gnu/libc.so.6\n");
    expect(host.stderr).toMatch(/Read-only file system/);
  });

  it("restarts a container: storage kept, the rest of the root new, its processes gone, Pebble held again", async () => {
    await web.push("/data/keep.txt", "kept\n");
    await web.push("/opt/scratch.txt", "lost\n", { "make-dirs": true });
    await web.addLayer(
      "escape",
      `services:
  escape:
    override: replace
    command: sh -c 'setsid sleep 300 & exec sleep 301'
`,
    );
    await web.services("start", ["escape"]);
    await sidecar.addLayer("idle", "services:\n  idle:\n    override: replace\n    command: sleep 300\n");
    await sidecar.services("start", ["idle"]);
    const before = pod.container("web");
    const pids = await eventually(() => {
      const found = containerPids(before.rootDir);
      return found.length === 2 ? found : undefined;
    });
    const sidecarPid = pod.container("sidecar").server.servicePids().idle as number;

    const after = await pod.restartContainer("web");
    expect(after.server.bootId).not.toBe(before.server.bootId);
    expect(after.socketPath).toBe(before.socketPath);
    expect(pod.container("web")).toBe(after);
    expect(pids.filter(alive)).toEqual([]);

    const client = new PebbleTestClient(after.socketPath);
    expect((await client.pull("/data/keep.txt")).files.get("/data/keep.txt")?.toString()).toBe("kept\n");
    const scratch = await client.pull("/opt/scratch.txt");
    expect(scratch.response?.result?.[0]?.error?.kind).toBe("not-found");
    expect((await client.get("/v1/services")).result).toEqual([]);
    // The other container did not churn.
    expect(alive(sidecarPid)).toBe(true);
    await sidecar.services("stop", ["idle"]);
  });
});

describe("workload pod lifecycle and errors", () => {
  it("close() stops every container and leaves no process behind", async () => {
    const options = podOptions();
    const pod = await startWorkloadPod(options);
    for (const name of ["web", "sidecar"]) {
      const client = clientOf(pod, name);
      await client.addLayer(
        "busy",
        `services:
  busy:
    override: replace
    command: sh -c 'setsid sleep 300 & exec sleep 301'
    startup: enabled
`,
      );
      await client.services("replan");
    }
    const roots = pod.containers.map((c) => c.rootDir);
    const pids = await eventually(() => {
      const found = roots.flatMap(containerPids);
      return found.length === 4 ? found : undefined;
    });
    expect(processesMentioning(options.stateDir).length).toBeGreaterThan(0);
    await pod.close();
    expect(pids.filter(alive)).toEqual([]);
    expect(processesMentioning(options.stateDir)).toEqual([]);
    expect(pod.containers).toEqual([]);
    await expect(pod.restartContainer("web")).rejects.toThrow("the pod of unit fake/0 is closed");
  });

  it("refuses an image the catalog does not know, before creating anything", async () => {
    const options = podOptions({ images: { "web-image": "example.com/unknown/app:2" } });
    const start = startWorkloadPod(options);
    await expect(start).rejects.toThrow(UnknownImageError);
    await expect(start).rejects.toThrow(
      /^unit fake\/0, container "web": image "example.com\/unknown\/app:2" \(repository example.com\/unknown\/app\) is not in the workload image catalog/,
    );
    expect(readdirSync(options.stateDir)).toEqual([]);
  });

  it("refuses a stand-in image whose stand-in is not registered", async () => {
    const catalog = new ImageCatalog([...BUILTIN_IMAGES, FAKE_IMAGE]);
    const start = startWorkloadPod(podOptions({ catalog }));
    await expect(start).rejects.toThrow(StandInNotRegisteredError);
    await expect(start).rejects.toThrow(
      'unit fake/0, container "web": image test.local/charmarr/fake-web runs a stand-in server at /usr/lib/fakeserver/Fake Server, but none is registered',
    );
  });

  it("names the exact apt command when a Debian package an image needs is missing", async () => {
    const options = podOptions({ images: { "sidecar-image": "test.local/charmarr/needs-package:1" } });
    const start = startWorkloadPod(options);
    await expect(start).rejects.toThrow(MissingPackageError);
    await expect(start).rejects.toThrow(
      'unit fake/0, container "sidecar": Debian package missing on this host: charmarr-test-no-such-package ' +
        "(no /usr/bin/charmarr-test-no-such-package). Install as root with:\n" +
        "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends charmarr-test-no-such-package",
    );
    expect(readdirSync(options.stateDir)).toEqual([]);
  });

  // The real apps: run when their Debian packages are installed, otherwise the pod must refuse
  // with the install command (never a silent skip).
  const realImages = [
    {
      image: "lscr.io/linuxserver/qbittorrent:5.1.4-r2-ls447",
      file: "/usr/bin/qbittorrent-nox",
      command: ["/usr/bin/qbittorrent-nox", "--version"],
      output: /^qBittorrent v/,
      install: "--no-install-recommends qbittorrent-nox",
    },
    {
      image: "lscr.io/linuxserver/sabnzbd:4.5.5-ls240",
      file: "/usr/bin/sabnzbdplus",
      command: ["/lsiopy/bin/python3", "/app/sabnzbd/SABnzbd.py", "--version"],
      output: /sabnzbd/i,
      install: "Components: contrib non-free",
    },
  ];
  for (const real of realImages) {
    it(`runs ${real.image.split(":")[0]} with the Debian program, or names its apt command`, async () => {
      const options = podOptions({
        metadata: {
          containers: {
            app: { resource: "app-image", mounts: [{ storage: "config", location: "/config" }] },
          },
          resources: { "app-image": { type: "oci-image", upstreamSource: real.image } },
          storage: { config: { type: "filesystem" } },
        },
      });
      if (!hostExecutable(real.file)) {
        await expect(startWorkloadPod(options)).rejects.toThrow(real.install);
        return;
      }
      const pod = await startWorkloadPod(options);
      try {
        const run = await clientOf(pod, "app").exec(real.command, { workingDir: "/config" });
        expect(`${run.stdout}${run.stderr}`).toMatch(real.output);
      } finally {
        await pod.close();
      }
    });
  }
});

describe("two units' workloads on one port", () => {
  it("listen side by side, each on its unit's own loopback address (what network-get reports)", async () => {
    const port = await freePort();
    const pods = await Promise.all(
      ["fake/1", "fake/2"].map((unit) => startWorkloadPod(podOptions({ unit }))),
    );
    try {
      await Promise.all(
        pods.map(async (pod, i) => {
          const web = clientOf(pod, "web");
          const address = `127.0.1.${i + 1}`;
          await web.push("/data/index.html", `unit ${i + 1}\n`);
          await web.addLayer(
            "app",
            `services:
  app:
    override: replace
    command: /app/fake/bin/FakeWeb --bind ${address} ${port} --directory /data
    startup: enabled
`,
          );
          expect((await web.services("replan")).status).toBe("Done");
        }),
      );
      for (const i of [1, 2]) {
        const body = await eventually(async () => {
          try {
            return await (await fetch(`http://127.0.1.${i}:${port}/index.html`)).text();
          } catch {
            return undefined;
          }
        });
        expect(body).toBe(`unit ${i}\n`);
      }
    } finally {
      await Promise.all(pods.map((pod) => pod.close()));
    }
  });
});
