import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { cp, lstat, mkdir, rm } from "node:fs/promises";
import { join, posix } from "node:path";
import { writeImageAccounts } from "./container-accounts";
import type { ResolvedImage } from "./image-catalog";
import { launcherScript } from "./launcher-script";

/**
 * Makes a fresh container root for an image: its own writable /etc (a copy of the host's, since
 * charms edit /etc/passwd as they do in the real image), the image's accounts, directories,
 * symlinks and launchers. Whatever was there before is gone, as when a pod's container is recreated.
 * The copy is asynchronous: a few hundred milliseconds of file work per container that would
 * otherwise hold up the engine's other pods, hooks and API meanwhile.
 */
export async function buildContainerRoot(
  rootDir: string,
  image: ResolvedImage,
  hostEtc = "/etc",
): Promise<void> {
  await rm(rootDir, { recursive: true, force: true });
  await mkdir(rootDir, { recursive: true });
  const inRoot = (path: string) => join(rootDir, path);
  await cp(hostEtc, inRoot("/etc"), {
    recursive: true,
    verbatimSymlinks: true,
    // Sockets and fifos have no place in an image.
    filter: async (source) => {
      const stat = await lstat(source);
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
