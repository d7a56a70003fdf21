/**
 * Whether a hook-tool call reads its stdin. Juju's client sends stdin only when the command asks
 * for it (the server answers ErrNoStdin and the client retries with its stdin), so a tool never
 * blocks on an inherited pipe nobody writes to. A command asks exactly when a file flag is `-`:
 * `--file -` on relation-set, state-set, secret-add and secret-set (cmd.FileVar).
 */
export function readsStdin(args: readonly string[]): boolean {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") return false; // the rest is positional
    if (arg === "--file=-") return true;
    if (arg === "--file" && args[i + 1] === "-") return true;
  }
  return false;
}
