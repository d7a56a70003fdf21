// How a hook tool ends (juju/cmd Main): usage errors exit 2, runtime errors exit 1, both
// printed as `ERROR <message>` on stderr; --help prints the usage and exits 0.

/** Flag parsing or Init failed: exit 2. */
export class UsageError extends Error {}

/** Run failed: exit 1. */
export class ToolError extends Error {}

/** `-h` / `--help` was given. */
export class HelpRequested extends Error {}
