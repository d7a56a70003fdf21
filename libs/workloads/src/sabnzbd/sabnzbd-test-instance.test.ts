import { describe, expect, it } from "vitest";
import { requireSabnzbdplus, SABNZBD_INSTALL } from "../../testing/sabnzbd-test-instance";

// The integration tests must fail loudly, with the commands to run, when the app is not installed.
describe("requireSabnzbdplus", () => {
  it("fails with the exact apt commands (contrib and non-free included) when the binary is missing", () => {
    expect(() => requireSabnzbdplus("/nonexistent/sabnzbdplus")).toThrow(SABNZBD_INSTALL);
    expect(SABNZBD_INSTALL).toContain("Components: contrib non-free");
    expect(SABNZBD_INSTALL).toContain(
      "apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends sabnzbdplus",
    );
  });
});
