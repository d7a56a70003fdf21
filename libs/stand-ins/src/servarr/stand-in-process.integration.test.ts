import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { BUILTIN_IMAGES, ImageCatalog, startWorkloadPod } from "@charmarr/engine";
import { PebbleClient } from "@charmarr/pebble";
import { ServarrConfigXml } from "@charmarr/workloads";
import { afterEach, describe, expect, it } from "vitest";
import { servarrBundle } from "../../bin/build-bundle.mjs";
import { registerServarrStandIns } from "../register";
import { SERVARR_KINDS, SERVARR_PROFILES, type ServarrKind } from "./servarr-kind";
import { call, cleanUp, tempDir } from "./test-support";

// No silent skips: without a working bubblewrap these tests must fail, not vanish.
it("has a working bubblewrap (bash scripts/setup.sh installs it)", () => {
  expect(bwrapWorks()).toBe(true);
});

// The stand-ins as processes: through the entry script, and as the engine launches them, from the
// LinuxServer binary path inside a workload container under Pebble.

afterEach(cleanUp);

const ENTRY = join(import.meta.dirname, "../../bin/servarr.mjs");
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

interface Running {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  exited: Promise<number | null>;
}

/** Spawns the entry script and waits for its "Now listening" line. */
async function spawnEntry(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Running> {
  const child = spawn(process.execPath, [ENTRY, ...args], { env: { ...process.env, ...env } });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
  });
  child.stderr.on("data", (chunk) => {
    err += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no listening line; stdout: ${out} stderr: ${err}`)),
      20_000,
    );
    child.stdout.on("data", () => {
      const match = /Now listening on: http:\/\/\S+:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code}; stderr: ${err}`));
    });
  });
  return { child, port, stdout: () => out, exited };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

function bwrapWorks(): boolean {
  try {
    execFileSync("bwrap", ["--ro-bind", "/", "/", "true"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

describe.each(SERVARR_KINDS)("%s entry script", (kind: ServarrKind) => {
  const profile = SERVARR_PROFILES[kind];

  it("starts as the image starts it, completes config.xml, enforces the key, stops on SIGTERM", async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, "config.xml"), "<Config>\n  <Port>0</Port>\n</Config>");
    const running = await spawnEntry([kind, "-nobrowser", `-data=${dataDir}`]);
    expect(running.stdout()).toContain(
      `Starting ${profile.appName} - ${profile.binary} - Version ${profile.version}`,
    );
    expect(running.stdout()).toMatch(/Now listening on: http:\/\/\[::\]:\d+/);
    const settings = ServarrConfigXml.parse(readFileSync(join(dataDir, "config.xml"), "utf8")).settings;
    expect(settings.apiKey).toMatch(/^[0-9a-f]{32}$/);
    expect(settings.port).toBe(0);
    const base = `http://127.0.0.1:${running.port}`;
    expect((await call(base, "GET", "/ping")).json).toEqual({ status: "OK" });
    expect((await call(base, "GET", `${profile.apiRoot}/system/status`)).status).toBe(401);
    const status = await call(base, "GET", `${profile.apiRoot}/system/status`, { key: settings.apiKey });
    expect(status.json).toMatchObject({ appName: profile.appName, appData: dataDir });
    expect(running.stdout()).not.toContain(settings.apiKey);
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
  });

  it("takes its settings from the environment too, as the app does", async () => {
    const dataDir = tempDir();
    const key = "e".repeat(32);
    const running = await spawnEntry([kind, `--data=${dataDir}`], {
      [`${profile.envPrefix}__SERVER__PORT`]: "0",
      [`${profile.envPrefix}__AUTH__APIKEY`]: key,
    });
    const base = `http://127.0.0.1:${running.port}`;
    expect((await call(base, "GET", `${profile.apiRoot}/system/status`, { key })).status).toBe(200);
    running.child.kill("SIGTERM");
    expect(await running.exited).toBe(0);
  });
});

describe("entry script failures", () => {
  it("exits 1 on a broken config.xml, naming the file", async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, "config.xml"), "<Config><Port>1</Port>");
    const child = spawn(process.execPath, [ENTRY, "sonarr", `-data=${dataDir}`]);
    children.push(child);
    let err = "";
    child.stderr.on("data", (chunk) => {
      err += chunk;
    });
    const code = await new Promise((resolve) => child.once("exit", resolve));
    expect(code).toBe(1);
    expect(err).toContain(`${join(dataDir, "config.xml")} is corrupt or invalid`);
  });

  it("exits 2 without a known app", async () => {
    const child = spawn(process.execPath, [ENTRY, "lidarr"]);
    children.push(child);
    expect(await new Promise((resolve) => child.once("exit", resolve))).toBe(2);
  });
});

describe("registration in the engine's image catalog", () => {
  it("points each LinuxServer image's binary at node running the bundle, with the bundle's directory bound", () => {
    const catalog = new ImageCatalog(BUILTIN_IMAGES);
    const unregister = registerServarrStandIns(catalog);
    const bundle = servarrBundle();
    for (const kind of SERVARR_KINDS) {
      const { launchers } = catalog.resolve(`lscr.io/linuxserver/${kind}:latest`);
      expect(launchers).toEqual([
        {
          path: SERVARR_PROFILES[kind].binary,
          language: "sh",
          standIn: true,
          target: {
            command: [process.execPath, bundle, kind],
            binds: [join(bundle, ".."), join(process.execPath, "..")],
          },
        },
      ]);
    }
    unregister();
    expect(() => catalog.resolve("lscr.io/linuxserver/radarr")).toThrow("none is registered");
  });

  it("runs Radarr's stand-in in a workload container, launched by Pebble at /app/radarr/bin/Radarr", async () => {
    const catalog = new ImageCatalog(BUILTIN_IMAGES);
    registerServarrStandIns(catalog);
    const pod = await startWorkloadPod({
      unit: "radarr/0",
      stateDir: tempDir("pod-"),
      catalog,
      okayDelayMs: 200,
      metadata: {
        containers: {
          radarr: { resource: "radarr-image", mounts: [{ storage: "config", location: "/config" }] },
        },
        resources: {
          "radarr-image": { type: "oci-image", upstreamSource: "lscr.io/linuxserver/radarr:6.1.1" },
        },
        storage: { config: { type: "filesystem" } },
      },
    });
    const pebble = new PebbleClient(pod.container("radarr").socketPath);
    try {
      const port = await freePort();
      const key = "0123456789abcdef0123456789abcdef";
      await pebble.push(
        "/config/config.xml",
        ServarrConfigXml.create({ port, apiKey: key, urlBase: "/radarr" }).toString(),
      );
      await pebble.addLayer(
        "radarr",
        "services:\n  radarr:\n    override: replace\n    command: /app/radarr/bin/Radarr -nobrowser -data=/config\n    startup: enabled\n",
      );
      await pebble.replan();
      const base = `http://127.0.0.1:${port}/radarr`;
      let status = 0;
      for (let i = 0; i < 100 && status !== 200; i++) {
        status = await fetch(`${base}/ping`).then(
          (r) => r.status,
          () => 0,
        );
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(status).toBe(200);
      expect((await call(base, "GET", "/api/v3/system/status")).status).toBe(401);
      expect((await call(base, "GET", "/api/v3/system/status", { key })).json).toMatchObject({
        appData: "/config",
      });
      // The app rewrote its config in the container's storage, defaults added, key kept.
      const written = ServarrConfigXml.parse(await pebble.pull("/config/config.xml"));
      expect(written.settings).toMatchObject({ apiKey: key, port, urlBase: "/radarr", bindAddress: "*" });
      await pebble.stopServices(["radarr"]);
    } finally {
      pebble.close();
      await pod.close();
    }
  });
});
