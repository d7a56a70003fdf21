/**
 * The one seam between the framework and Juju: run a hook tool by name.
 *
 * In production this spawns the tool (a `jujuc` symlink on PATH); in tests the model
 * engine answers in memory with the same argv parsing, output and exit codes. Typed
 * wrappers in this folder only ever talk to a ToolRunner, so identical charm code runs
 * on both.
 */
export interface ToolOutput {
  stdout: string;
  stderr: string;
  /** 0 ok, 1 runtime error, 2 usage error (contract §1.3). */
  exitCode: number;
}

export interface ToolRunner {
  /** Run `tool` with `args`; `input`, when given, is written to its stdin. */
  run(tool: string, args: readonly string[], input?: string): Promise<ToolOutput>;
  /**
   * Where secret content files (`key#file=`) are written: a private directory of this unit's
   * own, swept at the start of every hook. The temp directory when unset.
   */
  readonly secretFilesDir?: string;
}
