import { describe, expect, it } from "vitest";
import { QBITTORRENT_INSTALL, requireQbittorrentNox } from "../../testing/qbittorrent-test-instance";

// The integration tests must fail loudly, with the command to run, when the app is not installed.
describe("requireQbittorrentNox", () => {
  it("fails with the exact apt command when the binary is missing", () => {
    expect(() => requireQbittorrentNox("/nonexistent/qbittorrent-nox")).toThrow(QBITTORRENT_INSTALL);
    expect(QBITTORRENT_INSTALL).toBe(
      "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends qbittorrent-nox",
    );
  });
});
