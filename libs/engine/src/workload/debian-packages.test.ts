import { describe, expect, it } from "vitest";
import { BUILTIN_IMAGES } from "./builtin-images";
import { type DebianPackage, installCommand, MissingPackageError, missingPackages } from "./debian-packages";

const packagesOf = (repository: string): readonly DebianPackage[] =>
  BUILTIN_IMAGES.find((entry) => entry.repository === repository)?.packages ?? [];

const qbittorrent = packagesOf("lscr.io/linuxserver/qbittorrent");
const sabnzbd = packagesOf("lscr.io/linuxserver/sabnzbd");

describe("Debian packages of the images", () => {
  it("installs qbittorrent-nox from main with one apt command", () => {
    expect(installCommand(qbittorrent, "bookworm")).toBe(
      "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends qbittorrent-nox",
    );
  });

  it("enables contrib and non-free (unrar) for sabnzbdplus in a sources file of its own", () => {
    expect(installCommand(sabnzbd, "bookworm").split("\n")).toEqual([
      "uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources)",
      "printf 'Types: deb\\nURIs: %s\\nSuites: bookworm bookworm-updates\\nComponents: contrib non-free\\n" +
        'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\\n\' "$uri" > /etc/apt/sources.list.d/debian-contrib.sources',
      "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends sabnzbdplus",
    ]);
  });

  it("names every missing package, why, and one command for all", () => {
    const missing = missingPackages([...qbittorrent, ...sabnzbd], () => false);
    const error = new MissingPackageError(missing, 'unit media/0, containers "a", "b"');
    expect(error.message).toMatch(
      /^unit media\/0, containers "a", "b": Debian packages missing on this host: qbittorrent-nox \(no \/usr\/bin\/qbittorrent-nox\), sabnzbdplus \(no \/usr\/bin\/sabnzbdplus; it is in contrib and depends on unrar from non-free\)\. Install as root with:\n/,
    );
    expect(error.message.endsWith("--no-install-recommends qbittorrent-nox sabnzbdplus")).toBe(true);
    expect(missingPackages(qbittorrent, () => true)).toEqual([]);
  });
});
