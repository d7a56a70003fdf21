import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildStartupSnapshot, StartupSnapshotError } from "./startup-snapshot.mjs";

const work = mkdtempSync(join(tmpdir(), "startup-snapshot-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** A bundle as esbuild writes one: built-ins required at module init, a main handed to V8. */
function bundle(name: string, body: string): string {
  const file = join(work, `${name}.js`);
  writeFileSync(
    file,
    `const v8 = require("node:v8");\n${body}\n` +
      "if (v8.startupSnapshot.isBuildingSnapshot()) v8.startupSnapshot.setDeserializeMainFunction(main); else main();\n",
  );
  return file;
}

const run = (blob: string, env: Record<string, string> = {}) =>
  spawnSync(process.execPath, ["--snapshot-blob", blob], { encoding: "utf8", env });

describe("buildStartupSnapshot", () => {
  it("restores the module state and runs main, with node:http and node:https usable in the hook", () => {
    const file = bundle(
      "http-user",
      `const http = require("node:http"), https = require("https"), tls = require("tls");
       const esm = Object.defineProperty({}, "default", { value: http }); // esbuild's default-import interop
       const made = { at: "build" };
       function main() {
         made.at = "hook";
         const agent = new esm.default.Agent({ keepAlive: false });
         process.stdout.write(JSON.stringify({
           made, agent: agent instanceof http.Agent, request: typeof https.request,
           roots: tls.rootCertificates.length > 0, methods: http.METHODS.includes("GET"),
           keys: Object.keys(http).includes("createServer"), env: process.env.HOOK_VAR ?? null,
         }));
       }`,
    );
    const blob = join(work, "http-user.blob");
    expect(buildStartupSnapshot(file, blob, process.execPath).bytes).toBeGreaterThan(0);
    const result = run(blob, { HOOK_VAR: "from the hook" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      made: { at: "hook" },
      agent: true,
      request: "function",
      roots: true,
      methods: true,
      keys: true,
      env: "from the hook",
    });
  });

  it("does not keep the packer's environment in the snapshot", () => {
    process.env.PACKER_ONLY = "packer";
    try {
      const file = bundle(
        "env-reader",
        `const seen = process.env.PACKER_ONLY ?? null; function main() { process.stdout.write(JSON.stringify(seen)); }`,
      );
      const blob = join(work, "env-reader.blob");
      buildStartupSnapshot(file, blob, process.execPath);
      expect(run(blob).stdout).toBe("null");
    } finally {
      delete process.env.PACKER_ONLY;
    }
  });

  it("refuses a bundle that fails at module init, with its error", () => {
    const file = bundle("thrower", `throw new Error("no config at init"); function main() {}`);
    expect(() => buildStartupSnapshot(file, join(work, "thrower.blob"), process.execPath)).toThrow(
      /cannot make the startup snapshot[\s\S]*no config at init/,
    );
  });

  it("gives up on a bundle that keeps its event loop busy at module init", () => {
    const file = bundle("busy", `setInterval(() => {}, 1000); function main() {}`);
    expect(() =>
      buildStartupSnapshot(file, join(work, "busy.blob"), process.execPath, { timeoutMs: 1_500 }),
    ).toThrow(StartupSnapshotError);
  });
});
