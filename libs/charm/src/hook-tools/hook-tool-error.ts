import type { ToolOutput } from "./tool-runner";

/**
 * A hook tool that ran and refused (non-zero exit), or answered something we cannot read.
 * Carries the tool, its argv and Juju's stderr; never its stdout (secret-get prints secret
 * content) and never the values of `key=value` content arguments.
 */
export class HookToolError extends Error {
  // Explicit names: bundling minifies class names.
  override name = "HookToolError";
  readonly tool: string;
  readonly args: readonly string[];
  readonly exitCode: number;
  readonly stderr: string;

  constructor(
    tool: string,
    args: readonly string[],
    output: Pick<ToolOutput, "exitCode" | "stderr">,
    detail?: string,
  ) {
    super(`${tool}: ${detail ?? jujuErrorText(output)}`);
    this.tool = tool;
    this.args = argsWithoutValues(tool, args);
    this.exitCode = output.exitCode;
    this.stderr = output.stderr;
  }
}

/** Exit 2: Juju could not parse the arguments (a framework bug, or a bad value passed through). */
export class UsageError extends HookToolError {
  override name = "UsageError";
}
/** The thing asked for does not exist: secret, label, secret key, storage, resource, state key... */
export class NotFoundError extends HookToolError {
  override name = "NotFoundError";
}
/** A `not found` from a secret tool: unknown or deleted secret or label, or missing key (ops' SecretNotFoundError). */
export class SecretNotFoundError extends NotFoundError {
  override name = "SecretNotFoundError";
}
export class PermissionDeniedError extends HookToolError {
  override name = "PermissionDeniedError";
}
/** Leader-only operation (app databag, app-owned secret, app status) attempted by a non-leader. */
export class NotLeaderError extends HookToolError {
  override name = "NotLeaderError";
}
export class RelationNotFoundError extends HookToolError {
  override name = "RelationNotFoundError";
}
/** Any other runtime refusal from Juju. */
export class ModelError extends HookToolError {
  override name = "ModelError";
}
/** The tool exited 0 but its output is not what Juju prints (wrong JSON shape, empty path...). */
export class UnexpectedOutputError extends HookToolError {
  override name = "UnexpectedOutputError";
}

/** Rejected before any tool ran: the call could never succeed, or would put something unsafe on argv. */
export class InvalidArgumentError extends Error {
  override name = "InvalidArgumentError";
}

/** The tool could not be started at all (not on PATH: not running inside a hook?). */
export class ToolSpawnError extends Error {
  override name = "ToolSpawnError";
  constructor(
    readonly tool: string,
    cause: unknown,
  ) {
    super(`cannot run hook tool ${tool}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

type HookToolErrorClass = new (
  tool: string,
  args: readonly string[],
  output: Pick<ToolOutput, "exitCode" | "stderr">,
) => HookToolError;

/**
 * Juju's failure → typed error, by stderr text as ops does (contract §1.3, §3.9). Order
 * matters: an unknown `-r` id is rejected while parsing flags (exit 2) yet is a missing
 * relation, and "relation not found" also contains the generic "not found".
 */
export function hookToolError(tool: string, args: readonly string[], output: ToolOutput): HookToolError {
  return new (errorClassFor(tool, output))(tool, args, output);
}

function errorClassFor(tool: string, output: ToolOutput): HookToolErrorClass {
  const text = output.stderr.toLowerCase();
  if (text.includes("relation not found") || text.includes("unknown relation id"))
    return RelationNotFoundError;
  if (output.exitCode === 2) return UsageError;
  if (text.includes("not the leader") || text.includes("cannot write relation settings"))
    return NotLeaderError;
  if (text.includes("permission denied")) return PermissionDeniedError;
  if (text.includes("not found")) return tool.startsWith("secret-") ? SecretNotFoundError : NotFoundError;
  return ModelError;
}

/** stderr without Juju's `ERROR ` prefix, or a fallback when the tool said nothing. */
function jujuErrorText(output: Pick<ToolOutput, "exitCode" | "stderr">): string {
  const text = output.stderr.trim().replace(/^ERROR\s+/, "");
  return text || `exited with code ${output.exitCode}`;
}

// Tools whose positional `key=value` arguments carry data. Our wrappers pass secret content
// through files, but action results may still hold something sensitive: keep keys, drop values.
const CONTENT_TOOLS = new Set(["action-set", "secret-add", "secret-set", "relation-set", "state-set"]);

function argsWithoutValues(tool: string, args: readonly string[]): readonly string[] {
  if (!CONTENT_TOOLS.has(tool)) return [...args];
  return args.map((arg) => {
    const eq = arg.indexOf("=");
    if (arg.startsWith("-") || eq < 0 || arg.slice(0, eq).endsWith("#file")) return arg;
    return `${arg.slice(0, eq)}=<redacted>`;
  });
}
