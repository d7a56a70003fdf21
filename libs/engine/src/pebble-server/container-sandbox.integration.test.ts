import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bwrapWorks,
  eventually,
  freePort,
  startTestServer,
  type TestServer,
} from "../../testing/pebble-server/test-support";
import { bubblewrapSandbox, DEFAULT_SYSTEM_PATHS } from "./container-sandbox";

// No silent skips: without a working bubblewrap these tests must fail, not vanish.
it("has a working bubblewrap (bash scripts/setup.sh installs it)", () => {
  expect(bwrapWorks()).toBe(true);
});

/** Whether no live (non-zombie) process is left in process group `pgid`; orphans are reaped by the host's init. */
function groupGone(pgid: number): boolean {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the command name: state, ppid, pgrp.
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(pgrp) === pgid && state !== "Z") return false;
    } catch {
      // The process went away while we looked.
    }
  }
  return true;
}

describe("bubblewrap container sandbox", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ sandbox: bubblewrapSandbox() });
  });
  afterAll(() => t.dispose());

  it("exec sees files pushed through the files API at their container paths", async () => {
    await t.client.push("/config/x", "written through the API\n", { "make-dirs": true });
    const result = await t.client.exec(["cat", "/config/x"]);
    expect(result).toMatchObject({ exitCode: 0, stdout: "written through the API\n" });
    const pwd = await t.client.exec(["pwd"], { workingDir: "/config" });
    expect(pwd.stdout).toBe("/config\n");
  });

  it("a service writes container paths that the files API reads back", async () => {
    await t.client.addLayer(
      "writer",
      `services:
  writer:
    override: replace
    command: "sh -c 'mkdir -p /data && echo from-service > /data/out.txt && exec sleep 30'"
    startup: enabled
`,
    );
    expect((await t.client.services("replan")).status).toBe("Done");
    const pulled = await eventually(async () => {
      const res = await t.client.pull("/data/out.txt");
      return res.files.get("/data/out.txt")?.toString();
    });
    expect(pulled).toBe("from-service\n");
    expect(readFileSync(join(t.rootDir, "data/out.txt"), "utf8")).toBe("from-service\n");
    // The pid is the command's, not bubblewrap's.
    const pid = t.server.servicePids().writer as number;
    expect(readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0]).toBe("sleep");
  });

  it("keeps the host out: system directories are read-only, the rest of the host is invisible", async () => {
    const touch = await t.client.exec(["sh", "-c", "touch /usr/evil 2>&1; test -e /work/main; echo $?"]);
    expect(touch.stdout).toMatch(/Read-only file system\n1\n$/);
    const push = await t.client.push("/usr/evil", "x");
    expect(push.result?.[0]?.error?.kind).toBe("generic-file-error");
    expect(push.result?.[0]?.error?.message).toMatch(/read-only file system$/);
    const mount = await t.client.exec(["sh", "-c", "mount -t tmpfs none /tmp 2>/dev/null; echo $?"]);
    expect(mount.stdout).not.toBe("0\n");
  });

  it("runs as the requested user inside the container", async () => {
    await t.client.post("/v1/files", {
      action: "make-dirs",
      dirs: [{ path: "/shared", permissions: "777" }],
    });
    // nobody's HOME (/nonexistent) does not exist, so a working directory is needed, as in Pebble.
    const result = await t.client.exec(["sh", "-c", "id -un; touch /shared/mine"], {
      user: "nobody",
      workingDir: "/shared",
    });
    expect(result.stdout).toBe("nobody\n");
    expect(statSync(join(t.rootDir, "shared/mine")).uid).toBe(65534);
  });

  it("shares the network: a service is reachable on loopback and health-checked", async () => {
    const port = await freePort();
    const server = `require('http').createServer((q, r) => r.end('hi from ' + process.cwd())).listen(${port}, '127.0.0.1')`;
    await t.client.addLayer(
      "web",
      `services:
  web:
    override: replace
    command: node -e "${server}"
    working-dir: /config
checks:
  web-up:
    override: replace
    period: 100ms
    http: {url: "http://127.0.0.1:${port}/"}
`,
    );
    await t.client.services("start", ["web"]);
    const body = await eventually(async () => {
      try {
        return await (await fetch(`http://127.0.0.1:${port}/`)).text();
      } catch {
        return undefined;
      }
    });
    expect(body).toBe("hi from /config");
    await eventually(async () => {
      const res = await t.client.get<{ status: string; successes: number }[]>("/v1/checks?names=web-up");
      return (res.result?.[0]?.successes ?? 0) > 0 ? true : undefined;
    });
  });

  it("stops the whole process group of a service and restarts killed ones", async () => {
    await t.client.addLayer(
      "family",
      `services:
  family:
    override: replace
    command: "sh -c 'sleep 30 & sleep 30 & wait'"
    backoff-delay: 50ms
`,
    );
    await t.client.services("start", ["family"]);
    const pid = t.server.servicePids().family as number;
    expect(await t.server.killService("family")).toBe(true);
    const next = await eventually(() => {
      const current = t.server.servicePids().family;
      return current !== undefined && current !== pid ? current : undefined;
    });
    // Signals are delivered asynchronously: the group's last members may take a moment to exit.
    await eventually(() => groupGone(pid) || undefined, 5_000);
    await t.client.services("stop", ["family"]);
    await eventually(() => groupGone(next) || undefined, 5_000);
  });
});

describe("bubblewrap sandbox with extra mounts", () => {
  it("binds storage read-write and single host files read-only, for processes and the files API alike", async () => {
    const storage = mkdtempSync(join(tmpdir(), "sandbox-storage-"));
    const systemPaths = [...DEFAULT_SYSTEM_PATHS.filter((p) => p !== "/etc"), "/etc/debian_version"];
    const t = await startTestServer({
      sandbox: bubblewrapSandbox({
        systemPaths,
        mounts: [{ containerPath: "/data", hostPath: storage, readOnly: false }],
      }),
    });
    try {
      await t.client.push("/data/pushed", "through the API\n");
      expect(readFileSync(join(storage, "pushed"), "utf8")).toBe("through the API\n");
      const run = await t.client.exec(["sh", "-c", "cat /data/pushed; echo made > /data/made; ls /etc"]);
      expect(run.stdout).toBe("through the API\ndebian_version\n");
      expect(readFileSync(join(storage, "made"), "utf8")).toBe("made\n");
      const version = await t.client.exec(["cat", "/etc/debian_version"]);
      expect(version.stdout).toBe(readFileSync("/etc/debian_version", "utf8"));
      const push = await t.client.push("/etc/debian_version", "x");
      expect(push.result?.[0]?.error?.message).toBe("rename /etc/debian_version: device or resource busy");
    } finally {
      await t.dispose();
      rmSync(storage, { recursive: true, force: true });
    }
  });
});

describe("bubblewrap sandbox with a device mount (hostPath CharDevice)", () => {
  const probe = ["sh", "-c", "if test -c /dev/net/tun; then echo char; else echo none; fi"];

  it("shows /dev/net/tun as a character device only when the pod mounts it", async () => {
    const withDevice = await startTestServer({
      sandbox: bubblewrapSandbox({
        mounts: [{ containerPath: "/dev/net/tun", hostPath: "/dev/net/tun", readOnly: false, device: true }],
        extraCapabilities: ["NET_ADMIN"],
      }),
    });
    try {
      expect((await withDevice.client.exec(probe)).stdout).toBe("char\n");
      // Bound with --dev-bind, the node opens (a plain bind would be nodev: EACCES).
      const open = await withDevice.client.exec(["sh", "-c", "exec 3<>/dev/net/tun && echo opened"]);
      expect(open.stdout).toBe("opened\n");
    } finally {
      await withDevice.dispose();
    }
    const without = await startTestServer({ sandbox: bubblewrapSandbox() });
    try {
      expect((await without.client.exec(probe)).stdout).toBe("none\n");
    } finally {
      await without.dispose();
    }
  });
});
