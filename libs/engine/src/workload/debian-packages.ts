import { accessSync, constants, readFileSync, statSync } from "node:fs";

/** A Debian package an image entry takes a program from (the container sees it through /usr). */
export interface DebianPackage {
  name: string;
  /** The host file the image needs from it; its presence is what is checked. */
  file: string;
  /** Archive components beyond main that must be enabled to install it. */
  components?: readonly string[];
  /** Why those components, for the error message. */
  note?: string;
}

/** Whether a host file is there and executable. */
export type FileProbe = (path: string) => boolean;

export const hostExecutable: FileProbe = (path) => {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

export function missingPackages(
  packages: readonly DebianPackage[],
  probe: FileProbe = hostExecutable,
): DebianPackage[] {
  return packages.filter((pkg) => !probe(pkg.file));
}

/** The release codename apt sources need (`bookworm`), from the host's os-release. */
export function hostCodename(osRelease = "/etc/os-release"): string {
  try {
    const match = /^VERSION_CODENAME=(.+)$/m.exec(readFileSync(osRelease, "utf8"));
    if (match?.[1]) return match[1].replace(/^"|"$/g, "");
  } catch {
    // No os-release: assume the release the project is developed on.
  }
  return "bookworm";
}

const unique = (values: readonly string[]): string[] => [...new Set(values)];

/**
 * The shell commands that install `packages` as root, enabling extra components in a sources file
 * of their own (the configured mirror is reused, the original sources file is left alone).
 */
export function installCommand(packages: readonly DebianPackage[], codename = hostCodename()): string {
  const lines: string[] = [];
  const components = unique(packages.flatMap((pkg) => pkg.components ?? []));
  if (components.length > 0) {
    lines.push(
      `uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)`,
      `printf 'Types: deb\\nURIs: %s\\nSuites: ${codename} ${codename}-updates\\nComponents: ${components.join(" ")}\\n` +
        `Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\\n' "$uri" > /etc/apt/sources.list.d/debian-contrib.sources`,
    );
  }
  const names = unique(packages.map((pkg) => pkg.name)).join(" ");
  lines.push(
    `apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${names}`,
  );
  return lines.join("\n");
}

/** A package an image needs is not installed on the host; the message carries the exact commands. */
export class MissingPackageError extends Error {
  readonly installCommand: string;

  constructor(
    readonly packages: readonly DebianPackage[],
    context: string,
  ) {
    const command = installCommand(packages);
    const list = packages.map((pkg) => `${pkg.name} (no ${pkg.file}${pkg.note ? `; ${pkg.note}` : ""})`);
    super(
      `${context}: Debian ${packages.length === 1 ? "package" : "packages"} missing on this host: ${list.join(", ")}. ` +
        `Install as root with:\n${command}`,
    );
    this.name = "MissingPackageError";
    this.installCommand = command;
  }
}
