import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CannedToolRunner,
  charmDir,
  type UnitFixture,
  unitFixture,
  writeExecutable,
} from "../../testing/unit-process/test-support";
import { createPodNetwork } from "../workload/pod-network";
import { bubblewrapLauncher } from "./bubblewrap-launcher";
import { plainLauncher } from "./hook-launcher";
import { runHookProcess } from "./run-hook-process";

// No silent skips: without a working bubblewrap these tests must fail, not vanish.
it("has a working bubblewrap (bash scripts/setup.sh installs it)", () => {
  expect(bwrapWorks()).toBe(true);
});

function bwrapWorks(): boolean {
  try {
    execFileSync("bwrap", ["--ro-bind", "/", "/", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

// What a charm does with its workload's Pebble: HTTP over the socket at the Kubernetes path.
const ASK_PEBBLE = `#!${process.execPath}
const http = require("node:http");
const { execFileSync } = require("node:child_process");
const socketPath = "/charm/containers/app/pebble.socket";
http.get({ socketPath, path: "/v1/system-info" }, (res) => {
  let body = "";
  res.on("data", (c) => (body += c));
  res.on("end", () => {
    const leader = execFileSync("is-leader", ["--format=json"], { encoding: "utf8" }).trim();
    console.log(JSON.stringify({ status: res.statusCode, body, leader }));
  });
}).on("error", (e) => { console.error(e.message); process.exit(1); });
`;

let unit: UnitFixture;
let pebble: Server;
let socketDir: string;

beforeEach(async () => {
  unit = await unitFixture();
  socketDir = join(unit.dir, "containers/app");
  mkdirSync(socketDir, { recursive: true });
  // A stand-in for the workload container's Pebble, listening on the host side.
  pebble = createServer((req, res) => {
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ type: "sync", result: { version: "test", path: req.url } }));
  });
  await new Promise<void>((resolve) => pebble.listen(join(socketDir, "pebble.socket"), resolve));
});

afterEach(async () => {
  await new Promise((resolve) => pebble.close(resolve));
  await unit.cleanup();
});

function runIn(
  charm: string,
  launcher = bubblewrapLauncher(),
  network?: { namespacePath: string; etcDir: string },
) {
  return runHookProcess({
    charmDir: charm,
    event: { kind: "hook", name: "app-pebble-ready" },
    env: { JUJU_WORKLOAD_NAME: "app" },
    unit: unit.unit,
    model: { name: "media", uuid: "5a7c1c8e-0000-4000-8000-000000000002" },
    runner: new CannedToolRunner({ "is-leader": { stdout: "true\n" } }),
    toolServer: unit.server,
    toolsDir: unit.toolsDir,
    launcher,
    containers: { app: socketDir },
    ...(network ? { network } : {}),
    timeoutMs: 20_000,
  });
}

describe("the bubblewrap launcher", () => {
  it("shows the container's Pebble socket at /charm/containers/<name>/pebble.socket", async () => {
    const charm = charmDir(unit);
    writeExecutable(join(charm, "dispatch"), ASK_PEBBLE);
    const result = await runIn(charm);
    expect(result.stderr).toBe("");
    expect(result).toMatchObject({ ok: true, exitCode: 0 });
    expect(JSON.parse(result.stdout)).toEqual({
      status: 200,
      body: JSON.stringify({ type: "sync", result: { version: "test", path: "/v1/system-info" } }),
      leader: "true",
    });
    expect(result.calls.map((c) => c.tool)).toEqual(["is-leader"]);
    // The mount points were made in bwrap's own root, not on the host.
    expect(existsSync("/charm/containers")).toBe(false);
  });

  it("keeps the host read-only but for /tmp and the charm dir", async () => {
    const charm = charmDir(unit);
    const probe = `/var/tmp/charmarr-ro-probe-${randomBytes(6).toString("hex")}`;
    writeExecutable(
      join(charm, "dispatch"),
      `#!/bin/sh
touch ${probe} 2>/dev/null && echo "host: writable" || echo "host: read-only"
touch "$JUJU_CHARM_DIR/state" && echo "charm dir: writable"
t=$(mktemp) && echo "tmp: writable" && rm "$t"
`,
    );
    try {
      const result = await runIn(charm);
      expect(result.stdout).toBe("host: read-only\ncharm dir: writable\ntmp: writable\n");
      expect(existsSync(probe)).toBe(false);
      expect(existsSync(join(charm, "state"))).toBe(true);
    } finally {
      rmSync(probe, { force: true });
    }
  });

  it("binds the host read-write when asked to", async () => {
    const charm = charmDir(unit);
    const probe = `/var/tmp/charmarr-rw-probe-${randomBytes(6).toString("hex")}`;
    writeExecutable(join(charm, "dispatch"), `#!/bin/sh\ntouch ${probe}\n`);
    try {
      const result = await runIn(charm, bubblewrapLauncher({ writableHost: true }));
      expect(result.ok).toBe(true);
      expect(existsSync(probe)).toBe(true);
    } finally {
      rmSync(probe, { force: true });
    }
  });

  it("reports a hook killed after its N-th call by signal, sandbox and all", async () => {
    const charm = charmDir(unit);
    writeExecutable(join(charm, "dispatch"), "#!/bin/sh\nis-leader\nis-leader\necho survived\n");
    const result = await runHookProcess({
      charmDir: charm,
      event: { kind: "hook", name: "update-status" },
      unit: unit.unit,
      model: { name: "media", uuid: "5a7c1c8e-0000-4000-8000-000000000002" },
      runner: new CannedToolRunner(),
      toolServer: unit.server,
      toolsDir: unit.toolsDir,
      launcher: bubblewrapLauncher(),
      faults: [{ kind: "kill-after", call: 1 }],
    });
    expect(result).toMatchObject({ ok: false, signal: "SIGKILL" });
    expect(result.stdout).not.toContain("survived");
  });

  it("runs the hook in its pod's network namespace with the pod's names, Pebble and the tools still at hand", async () => {
    const net = await createPodNetwork();
    try {
      const pod = await net.addPod("web/0");
      const etcDir = join(unit.dir, "charm-etc");
      mkdirSync(etcDir);
      writeFileSync(join(etcDir, "hosts"), `127.0.0.1\tlocalhost\n${pod.address}\tweb-0.web-endpoints\n`);
      writeFileSync(join(etcDir, "resolv.conf"), "search media.svc.cluster.local\n");
      const charm = charmDir(unit);
      writeExecutable(
        join(charm, "dispatch"),
        `#!/bin/sh
stat -L -c %i /proc/self/ns/net
getent hosts web-0.web-endpoints
head -1 /etc/resolv.conf
is-leader
`,
      );
      const result = await runIn(charm, bubblewrapLauncher(), { namespacePath: pod.path, etcDir });
      expect(result.stderr).toBe("");
      const [inode, hosts, resolv, leader] = result.stdout.trim().split("\n");
      expect(Number(inode)).toBe(statSync(pod.path).ino);
      expect(hosts).toMatch(new RegExp(`^${pod.address.replaceAll(".", "\\.")}\\s+web-0\\.web-endpoints$`));
      expect(resolv).toBe("search media.svc.cluster.local");
      expect(leader).toBe("true");
    } finally {
      await net.close();
    }
  });

  it("refuses container names that are not plain names", () => {
    expect(() =>
      bubblewrapLauncher().command({ executable: "/x", cwd: "/tmp", containers: { "../etc": "/tmp" } }),
    ).toThrow(/bad container name/);
  });
});

describe("the plain launcher", () => {
  it("refuses containers it cannot mount instead of running a charm that cannot reach Pebble", async () => {
    const charm = charmDir(unit);
    writeExecutable(join(charm, "dispatch"), ASK_PEBBLE);
    await expect(runIn(charm, plainLauncher())).rejects.toThrow(/cannot mount container sockets \(app\)/);
  });
});
