import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HOOK_TOOL_NAMES } from "@charmarr/engine";

/** What a fake tool answers: Juju's stdout, stderr and exit code. */
export interface FakeAnswer {
  stdout?: string;
  stderr?: string;
  exitCode?: number;
}

export interface FakeToolCall {
  tool: string;
  args: string[];
  /** What the tool read on stdin (relation-set/state-set `--file -`), else "". */
  stdin: string;
}

export interface FakeHookTools {
  /** Put this first on PATH. */
  binDir: string;
  calls(): FakeToolCall[];
  answer(tool: string, answer: FakeAnswer): void;
  cleanup(): void;
}

// One POSIX sh script for every tool: as cheap to start as Juju's own jujuc symlinks, so
// process-level benchmarks measure the charm, not the fake. Each call appends
// tool, args and stdin to a log (fields 0x1f-separated, records 0x1e-terminated) in one write.
const SCRIPT = `#!/bin/sh
dir=$(dirname "$0")/..
tool=$(basename "$0")
stdin=""
case " $* " in *" --file - "*|*" --file=- "*) stdin=$(cat) ;; esac
# One write per call: tools of one hook run concurrently, and O_APPEND keeps a single write whole.
record=$(printf '%s\\037' "$tool" "$@"; printf 'stdin=%s\\036' "$stdin")
printf '%s' "$record" >> "$dir/calls.log"
[ -f "$dir/answers/$tool.out" ] && cat "$dir/answers/$tool.out"
[ -f "$dir/answers/$tool.err" ] && cat "$dir/answers/$tool.err" >&2
[ -f "$dir/answers/$tool.code" ] && exit "$(cat "$dir/answers/$tool.code")"
exit 0
`;

/**
 * A directory of fake hook-tool executables that record their argv and stdin and answer
 * with canned output, for running a charm as a real process without Juju.
 */
export function createFakeHookTools(answers: Record<string, FakeAnswer> = {}): FakeHookTools {
  const root = mkdtempSync(join(tmpdir(), "fake-hook-tools-"));
  const binDir = join(root, "bin");
  const answerDir = join(root, "answers");
  mkdirSync(binDir);
  mkdirSync(answerDir);
  for (const tool of HOOK_TOOL_NAMES) {
    writeFileSync(join(binDir, tool), SCRIPT);
    chmodSync(join(binDir, tool), 0o755);
  }
  writeFileSync(join(root, "calls.log"), "");
  const answer = (tool: string, a: FakeAnswer) => {
    writeFileSync(join(answerDir, `${tool}.out`), a.stdout ?? "");
    writeFileSync(join(answerDir, `${tool}.err`), a.stderr ?? "");
    writeFileSync(join(answerDir, `${tool}.code`), String(a.exitCode ?? 0));
  };
  for (const [tool, a] of Object.entries(answers)) answer(tool, a);
  return {
    binDir,
    answer,
    calls() {
      return readFileSync(join(root, "calls.log"), "utf8")
        .split("\x1e")
        .filter(Boolean)
        .map((record) => {
          const fields = record.split("\x1f");
          const stdin = (fields.pop() ?? "").replace(/^stdin=/, "");
          const [tool, ...args] = fields;
          return { tool: tool!, args, stdin };
        });
    },
    cleanup() {
      rmSync(root, { recursive: true, force: true });
    },
  };
}
