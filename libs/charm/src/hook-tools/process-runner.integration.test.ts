import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ToolSpawnError } from "./hook-tool-error";
import { ProcessToolRunner } from "./process-runner";

// Tiny executables standing in for tools, each showing one aspect of process handling.
const SCRIPTS: Record<string, string> = {
  "print-args": `#!/bin/sh\nfor a in "$@"; do printf '%s\\n' "$a"; done\n`,
  "echo-stdin": `#!/bin/sh\nprintf 'in:'; cat; printf 'complaint' >&2; exit 3\n`,
  "skip-stdin": "#!/bin/sh\nexit 0\n",
  killed: "#!/bin/sh\nkill -TERM $$\n",
  "print-big": `#!/usr/bin/env node\nprocess.stdout.write("é".repeat(500000));\n`,
};

let bin: string;
const savedPath = process.env.PATH;

beforeAll(() => {
  bin = mkdtempSync(join(tmpdir(), "process-runner-it-"));
  for (const [name, script] of Object.entries(SCRIPTS)) {
    writeFileSync(join(bin, name), script);
    chmodSync(join(bin, name), 0o755);
  }
  process.env.PATH = `${bin}:${savedPath}`;
});

afterAll(() => {
  process.env.PATH = savedPath;
  rmSync(bin, { recursive: true, force: true });
});

describe("ProcessToolRunner", () => {
  it("finds the tool on PATH and passes argv verbatim, with no shell", async () => {
    const marker = join(bin, "pwned");
    const args = ["a b", `$(touch ${marker})`, "*", "; exit 1", "'\"", ""];
    const output = await new ProcessToolRunner().run("print-args", args);
    expect(output).toEqual({ stdout: `${args.join("\n")}\n`, stderr: "", exitCode: 0 });
    expect(existsSync(marker)).toBe(false);
  });

  it("writes input to stdin and collects stdout, stderr and the exit code", async () => {
    const output = await new ProcessToolRunner().run("echo-stdin", [], '{"k":"v"}');
    expect(output).toEqual({ stdout: 'in:{"k":"v"}', stderr: "complaint", exitCode: 3 });
  });

  it("gives an empty stdin when there is no input", async () => {
    const output = await new ProcessToolRunner().run("echo-stdin", []);
    expect(output.stdout).toBe("in:");
  });

  it("survives a tool that exits without reading a large input", async () => {
    const output = await new ProcessToolRunner().run("skip-stdin", [], "x".repeat(4 * 1024 * 1024));
    expect(output.exitCode).toBe(0);
  });

  it("decodes multi-byte output split across chunks", async () => {
    const output = await new ProcessToolRunner().run("print-big", []);
    expect(output.stdout).toBe("é".repeat(500000));
  });

  it("reports death by signal as 128 + n", async () => {
    expect((await new ProcessToolRunner().run("killed", [])).exitCode).toBe(143);
  });

  it("rejects with ToolSpawnError when the tool is not on PATH", async () => {
    const attempt = new ProcessToolRunner().run("no-such-hook-tool", []);
    await expect(attempt).rejects.toThrow(ToolSpawnError);
    await expect(attempt).rejects.toThrow(/cannot run hook tool no-such-hook-tool: .*ENOENT/);
  });

  it("counts the processes it starts, per tool", async () => {
    const runner = new ProcessToolRunner();
    await Promise.all([
      runner.run("print-args", []),
      runner.run("print-args", ["x"]),
      runner.run("skip-stdin", []),
    ]);
    expect(runner.calls).toBe(3);
    expect(Object.fromEntries(runner.callsByTool)).toEqual({ "print-args": 2, "skip-stdin": 1 });
  });
});
