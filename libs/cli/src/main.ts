// The `charmarr` entry point: parse, run the command, print errors as one line, exit non-zero.
import { type Command, parseArgs } from "./args";
import { configCommand } from "./commands/config";
import type { CommandContext } from "./commands/context";
import { deployCommand } from "./commands/deploy";
import { destroyCommand, downCommand } from "./commands/down";
import { integrateCommand, removeRelationCommand } from "./commands/relations";
import { rotateCommand } from "./commands/rotate";
import {
  addSecretCommand,
  grantSecretCommand,
  secretsCommand,
  updateSecretCommand,
} from "./commands/secrets";
import { statusCommand } from "./commands/status";
import { upCommand } from "./commands/up";
import { exitCodeOf, formatError } from "./errors";
import { HELP } from "./help";

const COMMANDS: Record<Exclude<Command, "help">, (ctx: CommandContext) => Promise<void>> = {
  up: upCommand,
  status: statusCommand,
  secrets: secretsCommand,
  rotate: rotateCommand,
  config: configCommand,
  deploy: deployCommand,
  integrate: integrateCommand,
  "remove-relation": removeRelationCommand,
  "add-secret": addSecretCommand,
  "grant-secret": grantSecretCommand,
  "update-secret": updateSecretCommand,
  down: downCommand,
  destroy: destroyCommand,
};

export interface MainIo {
  repoRoot: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY?: boolean;
}

/** Run charmarr with these arguments; resolves to the exit code. */
export async function main(argv: readonly string[], io: MainIo): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (args.command === "help" || args.flags.has("help")) {
      io.stdout(HELP);
      return 0;
    }
    await COMMANDS[args.command]({
      args,
      out: (text) => io.stdout(text.endsWith("\n") ? text : `${text}\n`),
      note: (text) => io.stderr(text.endsWith("\n") ? text : `${text}\n`),
      repoRoot: io.repoRoot,
      isTTY: io.isTTY ?? false,
    });
    return 0;
  } catch (err) {
    io.stderr(`${formatError(err)}\n`);
    return exitCodeOf(err);
  }
}

/** For the bin: run with process.argv and exit. */
export async function run(repoRoot: string): Promise<void> {
  process.on("SIGINT", () => process.exit(130));
  const code = await main(process.argv.slice(2), {
    repoRoot,
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    isTTY: Boolean(process.stdout.isTTY),
  });
  process.exitCode = code;
  // Sockets, timers and watchers are closed by the commands; exit anyway so nothing keeps the shell waiting.
  setTimeout(() => process.exit(code), 50).unref();
}
