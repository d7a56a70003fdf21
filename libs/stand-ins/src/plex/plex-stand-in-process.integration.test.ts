import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUILTIN_IMAGES, ImageCatalog, startWorkloadPod } from "@charmarr/engine";
import { PebbleClient } from "@charmarr/pebble";
import { afterEach, describe, expect, it } from "vitest";
import { registerPlexStandIn } from "../register";
import { PLEX_BINARY } from "./plex-profile";
import { parsePreferences } from "./preferences-file";

// The Plex stand-in as a process: through the entry script, and as the engine launches it from
// the LinuxServer image's binary path inside a workload container under Pebble.

const ENTRY = join(import.meta.dirname, "../../bin/plex.mjs");
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitForIdentity(base: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const text = await fetch(`${base}/identity`).then(
      (r) => (r.ok ? r.text() : undefined),
      () => undefined,
    );
    if (text) return text;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${base}/identity never answered`);
}

describe("Plex stand-in entry script", () => {
  it("starts with the application support directory from the environment and stops on SIGTERM", async () => {
    const appSupport = tempDir("plex-app-support-");
    const port = await freePort();
    const child: ChildProcess = spawn(process.execPath, [ENTRY], {
      env: {
        ...process.env,
        PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR: appSupport,
        PLEX_STAND_IN_PORT: String(port),
      },
    });
    cleanups.push(() => child.exitCode === null && child.kill("SIGKILL"));
    const exited = new Promise((resolve) => child.once("exit", resolve));
    const identity = await waitForIdentity(`http://127.0.0.1:${port}`);
    expect(identity).toMatch(/machineIdentifier="[0-9a-f]{40}"/);
    expect(identity).toContain('claimed="0"');
    expect((await fetch(`http://127.0.0.1:${port}/library/sections`)).status).toBe(401);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});

describe("Plex stand-in in a workload container", () => {
  it("runs from the image's binary path under Pebble and writes Preferences.xml into /config", async () => {
    const catalog = new ImageCatalog(BUILTIN_IMAGES);
    registerPlexStandIn(catalog);
    const pod = await startWorkloadPod({
      unit: "plex/0",
      stateDir: tempDir("plex-pod-"),
      catalog,
      okayDelayMs: 200,
      metadata: {
        containers: {
          plex: { resource: "plex-image", mounts: [{ storage: "config", location: "/config" }] },
        },
        resources: {
          "plex-image": {
            type: "oci-image",
            upstreamSource: "lscr.io/linuxserver/plex:1.43.1.10611-1e34174b1-ls301",
          },
        },
        storage: { config: { type: "filesystem" } },
      },
    });
    cleanups.push(() => pod.close());
    const pebble = new PebbleClient(pod.container("plex").socketPath);
    cleanups.push(() => pebble.close());
    const port = await freePort();
    await pebble.addLayer(
      "plex",
      [
        "services:",
        "  plex:",
        "    override: replace",
        // Pebble splits the command like a shell: the path's spaces need quotes inside the YAML string.
        `    command: '"${PLEX_BINARY}"'`,
        "    startup: enabled",
        "    environment:",
        "      PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR: /config/Library/Application Support",
        `      PLEX_STAND_IN_PORT: "${port}"`,
        "",
      ].join("\n"),
    );
    await pebble.replan();
    const identity = await waitForIdentity(`http://127.0.0.1:${port}`);
    const prefs = parsePreferences(
      await pebble.pull("/config/Library/Application Support/Plex Media Server/Preferences.xml"),
    );
    expect(identity).toContain(`machineIdentifier="${prefs.get("ProcessedMachineIdentifier")}"`);
    await pebble.stopServices(["plex"]);
  });
});
