import type { ToolOutput, ToolRunner } from "../src/hook-tools/tool-runner";

/** One call as the runner saw it. */
export interface RecordedCall {
  tool: string;
  args: string[];
  input: string | undefined;
}

/** A canned answer, or one computed from the call (e.g. to read a key#file= file while it exists). */
export type CannedAnswer = Partial<ToolOutput> | ((call: RecordedCall) => Partial<ToolOutput>);

/**
 * A ToolRunner double for unit tests: records argv and stdin, answers what it was told per
 * tool (exit 0 and no output otherwise).
 */
export class RecordingToolRunner implements ToolRunner {
  readonly calls: RecordedCall[] = [];
  readonly #answers = new Map<string, CannedAnswer>();

  constructor(answers: Record<string, CannedAnswer> = {}) {
    for (const [tool, answer] of Object.entries(answers)) this.answer(tool, answer);
  }

  answer(tool: string, answer: CannedAnswer): this {
    this.#answers.set(tool, answer);
    return this;
  }

  async run(tool: string, args: readonly string[], input?: string): Promise<ToolOutput> {
    const call = { tool, args: [...args], input };
    this.calls.push(call);
    const answer = this.#answers.get(tool) ?? {};
    const output = typeof answer === "function" ? answer(call) : answer;
    return { stdout: "", stderr: "", exitCode: 0, ...output };
  }

  /** The only call made; fails the test if there were others. */
  get onlyCall(): RecordedCall {
    if (this.calls.length !== 1) throw new Error(`expected one hook-tool call, got ${this.calls.length}`);
    return this.calls[0]!;
  }
}

/** Juju's way of failing: `ERROR <message>` on stderr. */
export function jujuError(message: string, exitCode = 1): Partial<ToolOutput> {
  return { stderr: `ERROR ${message}\n`, exitCode };
}

/** Juju's `--format=json` output for `value`. */
export function jsonOutput(value: unknown): Partial<ToolOutput> {
  return { stdout: `${JSON.stringify(value)}\n` };
}
