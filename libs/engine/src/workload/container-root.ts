import { cpSync, lstatSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join, posix } from "node:path";
import { writeImageAccounts } from "./container-accounts";
import type { ResolvedImage } from "./image-catalog";
import { launcherScript } from "./launcher-script";

/**
 * Makes a fresh container root for an image: its own writable /etc (a copy of the host's, since
 * charms edit /etc/passwd as they do in the real image), the image's accounts, directories,
 * symlinks and launchers. Whatever was there before is gone, as when a pod's container is recreated.
 */
export function buildContainerRoot(rootDir: string, image: ResolvedImage, hostEtc = "/etc"): void {
  rmSync(rootDir, { recursive: true, force: true });
  mkdirSync(rootDir, { recursive: true });
  const inRoot = (path: string) => join(rootDir, path);
  cpSync(hostEtc, inRoot("/etc"), {
    recursive: true,
    verbatimSymlinks: true,
    // Sockets and fifos have no place in an image.
    filter: (source) => {
      const stat = lstatSync(source);
      return stat.isDirectory() || stat.isFile() || stat.isSymbolicLink();
    },
  });
  const { entry } = image;
  writeImageAccounts(inRoot("/etc"), entry.users ?? [], entry.groups ?? []);
  for (const dir of entry.directories ?? []) mkdirSync(inRoot(dir), { recursive: true });
  for (const link of entry.symlinks ?? []) {
    mkdirSync(inRoot(posix.dirname(link.path)), { recursive: true });
    symlinkSync(link.target, inRoot(link.path));
  }
  for (const launcher of image.launchers) {
    const what = launcher.standIn ? "stand-in server" : "host program";
    const comment = `${entry.repository}: ${launcher.path} runs a ${what} (embedded Juju launcher)`;
    mkdirSync(inRoot(posix.dirname(launcher.path)), { recursive: true });
    writeFileSync(
      inRoot(launcher.path),
      launcherScript(launcher.language, launcher.target.command, comment),
      {
        mode: 0o755,
      },
    );
  }
}
