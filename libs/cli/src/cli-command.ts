// How the operator runs this CLI: `charmarr` once it is on PATH (npm link, a global install),
// else `npx charmarr` from the checkout. The next steps are printed to be copied as they are.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export function cliCommand(env: NodeJS.ProcessEnv = process.env): string {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    try {
      accessSync(join(dir, "charmarr"), constants.X_OK);
      return "charmarr";
    } catch {}
  }
  return "npx charmarr";
}
