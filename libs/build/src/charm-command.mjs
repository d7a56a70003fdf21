// What `npm run build` and `npm run pack` do alike: take the charms named on the command line
// (all without a name), refresh the types from their charmcraft.yaml, and say which failures
// are the charm author's to fix (reported, exit 1) rather than bugs (thrown).
import { BundleBudgetError } from "./bundle-charm.mjs";
import { selectCharmDirs, UnknownCharmError } from "./charm-dirs.mjs";
import { syncCharmTypes } from "./charm-types.mjs";
import { CharmDefinitionError } from "./definition-check.mjs";

/** The charm directories to work on; an unknown name ends the command (exit 2) with the known ones. */
export function commandCharmDirs(command, names) {
  let dirs;
  try {
    dirs = selectCharmDirs(names);
  } catch (err) {
    if (!(err instanceof UnknownCharmError)) throw err;
    console.error(`npm run ${command}: ${err.message}`);
    process.exit(2);
  }
  for (const path of syncCharmTypes()) console.log(`wrote ${path}`);
  return dirs;
}

/** A failure the charm's author fixes (over budget, disagreeing with charmcraft.yaml). */
export function isCharmProblem(err) {
  return err instanceof BundleBudgetError || err instanceof CharmDefinitionError;
}
