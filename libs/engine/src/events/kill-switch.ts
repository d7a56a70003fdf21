import type { ToolOutput, ToolRunner } from "@charmarr/charm";

/** What a tool call raises in an in-process hook that a kill fault has stopped. */
export class HookKilledError extends Error {
  constructor() {
    super("the hook was killed (fault injected after a hook-tool call)");
    this.name = "HookKilledError";
  }
}

/**
 * The in-process stand-in for SIGKILL: calls 1..n are answered, every later one throws, and
 * once call n is answered the run counts as killed whatever the charm does next (a process
 * would be gone by then).
 */
export class KillSwitch implements ToolRunner {
  #calls = 0;
  #killed = false;

  constructor(
    private readonly inner: ToolRunner,
    private readonly afterCalls: number,
  ) {}

  get killed(): boolean {
    return this.#killed;
  }

  async run(tool: string, args: readonly string[], input?: string): Promise<ToolOutput> {
    if (this.#killed) throw new HookKilledError();
    const output = await this.inner.run(tool, args, input);
    if (++this.#calls >= this.afterCalls) this.#killed = true;
    return output;
  }
}
