// Test helpers: a canned ToolRunner double, a unit fixture (tool server + tools dir in a temp
// dir), a way to call one hook tool as a charm would, and charms made of one script.
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ToolOutput, ToolRunner } from "@charmarr/charm";
import { SYSTEM_PATH } from "../../src/unit-process/juju-env";
import { startToolServer, type ToolServer } from "../../src/unit-process/tool-server";
import { createToolsDir } from "../../src/unit-process/tools-dir";

export interface RunnerCall {
  tool: string;
  args: string[];
  input: string | undefined;
}

/** Answers each tool from a map (exit 0 and no output otherwise), optionally slowly, and records calls. */
export class CannedToolRunner implements ToolRunner {
  readonly calls: RunnerCall[] = [];
  /** The most calls that were ever in progress at once. */
  maxConcurrent = 0;
  #active = 0;

  constructor(
    private readonly answers: Record<string, Partial<ToolOutput>> = {},
    private readonly delayMs = 0,
  ) {}

  async run(tool: string, args: readonly string[], input?: string): Promise<ToolOutput> {
    this.calls.push({ tool, args: [...args], input });
    this.maxConcurrent = Math.max(this.maxConcurrent, ++this.#active);
    try {
      if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
      return { stdout: "", stderr: "", exitCode: 0, ...this.answers[tool] };
    } finally {
      this.#active--;
    }
  }
}

export interface UnitFixture {
  unit: string;
  dir: string;
  server: ToolServer;
  toolsDir: string;
  cleanup(): Promise<void>;
}

export async function unitFixture(unit = "hello/0"): Promise<UnitFixture> {
  const dir = mkdtempSync(join(tmpdir(), "unit-process-"));
  const server = await startToolServer(join(dir, "agent.socket"));
  const toolsDir = createToolsDir(join(dir, "tools"), unit);
  return {
    unit,
    dir,
    server,
    toolsDir,
    async cleanup() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface ToolStdin {
  /** "closed": fd 0 not open; "null": /dev/null; "pipe": `input` written then closed; "open-pipe": never closed. */
  kind: "closed" | "null" | "pipe" | "open-pipe";
  input?: string;
  /** For "pipe": wait this long before writing, to show the tool waits for a slow writer. */
  delayMs?: number;
}

/** Runs one hook tool from the tools dir with the env a hook gives it, as charm code would. */
export function runTool(
  fixture: UnitFixture,
  contextId: string,
  tool: string,
  args: readonly string[],
  stdin: ToolStdin = { kind: "null" },
): Promise<ToolOutput> {
  const env = {
    PATH: `${fixture.toolsDir}:${SYSTEM_PATH}`,
    JUJU_AGENT_SOCKET_ADDRESS: fixture.server.socketPath,
    JUJU_AGENT_SOCKET_NETWORK: "unix",
    JUJU_CONTEXT_ID: contextId,
  };
  // Node cannot hand a child a closed fd 0; sh can (`<&-`).
  const [file, argv] =
    stdin.kind === "closed" ? ["/bin/sh", ["-c", 'exec "$0" "$@" <&-', tool, ...args]] : [tool, [...args]];
  const child = spawn(file, argv, {
    env,
    stdio: [stdin.kind === "closed" || stdin.kind === "null" ? "ignore" : "pipe", "pipe", "pipe"],
  });
  if (stdin.kind === "pipe") {
    setTimeout(() => child.stdin?.end(stdin.input ?? ""), stdin.delayMs ?? 0);
  }
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on("data", (c: Buffer) => stdout.push(c));
  child.stderr!.on("data", (c: Buffer) => stderr.push(c));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      child.stdin?.destroy(); // an "open-pipe" stdin, never written
      resolve({
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        exitCode: code ?? -1,
      });
    });
  });
}

/** Writes an executable file (a charm's dispatch, a legacy hook) with `content`. */
export function writeExecutable(path: string, content: string, mode = 0o755): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

/** A fresh, empty charm directory under `fixture.dir`. */
export function charmDir(fixture: UnitFixture, name = "charm"): string {
  const dir = mkdtempSync(join(fixture.dir, `${name}-`));
  return dir;
}
