import { execFileSync } from "node:child_process";
import { bubblewrapLauncher } from "../unit-process/bubblewrap-launcher";
import { type HookLauncher, plainLauncher } from "../unit-process/hook-launcher";

let bubblewrapUsable: boolean | undefined;

/** bwrap is on PATH and may create namespaces here (containers without them cannot run it). */
function bubblewrapWorks(): boolean {
  if (bubblewrapUsable === undefined) {
    try {
      execFileSync("bwrap", ["--ro-bind", "/", "/", "--dev", "/dev", "true"], { stdio: "ignore" });
      bubblewrapUsable = true;
    } catch {
      bubblewrapUsable = false;
    }
  }
  return bubblewrapUsable;
}

/**
 * Bubblewrap, which shows hooks the container sockets at their Kubernetes paths, where it
 * works; the plain launcher otherwise (enough for charms without containers).
 */
export function defaultLauncher(): HookLauncher {
  return bubblewrapWorks() ? bubblewrapLauncher() : plainLauncher();
}
