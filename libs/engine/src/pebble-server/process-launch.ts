import { statSync } from "node:fs";
import { type ContainerFilesystem, errnoText, FsError } from "./container-filesystem";
import type { ContainerProcess, ContainerSandbox } from "./container-sandbox";
import type { UserDatabase } from "./user-database";

export const DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

export interface LaunchContext {
  fs: ContainerFilesystem;
  sandbox: ContainerSandbox;
  users: UserDatabase;
}

export interface LaunchSpec {
  argv: readonly string[];
  env: Readonly<Record<string, string>>;
  workingDir?: string;
  /** Already normalised ids (see UserDatabase.normalize). */
  uid?: number;
  gid?: number;
  stdin: "pipe" | "null";
}

/**
 * A process that could not be started, with the text Go's exec.Cmd.Start gives
 * (`exec: "x": executable file not found in $PATH`, `chdir /x: no such file or directory`).
 */
export class StartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StartError";
  }
}

/** Starts a process in the container after the checks Go's exec.Cmd makes before forking. */
export function launchProcess(context: LaunchContext, spec: LaunchSpec): ContainerProcess {
  const command = spec.argv[0] ?? "";
  if (!context.sandbox.findExecutable(command, spec.env.PATH ?? DEFAULT_PATH, context.fs)) {
    throw new StartError(
      command.includes("/")
        ? `fork/exec ${command}: no such file or directory`
        : `exec: ${JSON.stringify(command)}: executable file not found in $PATH`,
    );
  }
  if (spec.workingDir) {
    const problem = directoryProblem(context.fs, spec.workingDir);
    if (problem) throw new StartError(`chdir ${spec.workingDir}: ${problem}`);
  }
  // Like Pebble, only switch identity when it differs from the server's own.
  const same = spec.uid === process.getuid?.() && spec.gid === process.getgid?.();
  return context.sandbox.spawn(context.fs, {
    argv: spec.argv,
    env: spec.env,
    cwd: spec.workingDir,
    uid: same ? undefined : spec.uid,
    gid: same ? undefined : spec.gid,
    stdin: spec.stdin,
  });
}

/** Why a container path is not a usable directory ("no such file or directory"), or undefined. */
export function directoryProblem(fs: ContainerFilesystem, path: string): string | undefined {
  try {
    return statSync(fs.resolve(path).hostPath).isDirectory() ? undefined : "not a directory";
  } catch (error) {
    const code = error instanceof FsError ? error.code : ((error as NodeJS.ErrnoException).code ?? "ENOENT");
    return errnoText(code);
  }
}

/** HOME and USER of a uid, filled in where the environment lacks them. */
export function withUserEnvironment(
  users: UserDatabase,
  env: Record<string, string>,
  uid: number | undefined,
): Record<string, string> {
  if (uid === undefined || (env.HOME && env.USER)) return env;
  const entry = users.lookupUserId(uid);
  if (!entry) return env;
  return { ...env, HOME: env.HOME || entry.home, USER: env.USER || entry.name };
}
