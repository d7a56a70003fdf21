import { describe, expect, it } from "vitest";
import type { FullStatus } from "../full-status";
import { nextSteps } from "./up";

const unit = (status: string, port: string, address = "10.1.0.5") => ({
  "workload-status": { status, info: status === "blocked" ? "waiting for you" : "" },
  leader: true,
  address,
  "opened-ports": [port],
});

describe("nextSteps", () => {
  it("prints the user-secret commands for a waiting Gluetun and Plex, from files or stdin, and the web UIs", () => {
    const status: FullStatus = {
      model: { name: "charmarr" },
      applications: {
        gluetun: { units: { "gluetun/0": unit("blocked", "8888/tcp", "10.1.0.2") } },
        plex: { units: { "plex/0": unit("blocked", "32400/tcp", "10.1.0.3") } },
        radarr: { units: { "radarr/0": unit("active", "7878/tcp", "10.1.0.4") } },
      },
    };
    const text = nextSteps(status);
    expect(text).toContain(
      "  charmarr add-secret vpn-key private-key#file=<file holding your WireGuard PrivateKey>\n",
    );
    expect(text).toContain("  charmarr grant-secret vpn-key gluetun\n");
    expect(text).toContain("  charmarr add-secret plex-claim claim-token=-\n");
    expect(text).toContain("  charmarr config plex claim-token=<the secret: URI add-secret printed>\n");
    expect(text).toContain("  radarr       http://10.1.0.4:7878\n");
    expect(text).not.toMatch(/private-key=[^<]/);
  });

  it("leaves out the steps already done", () => {
    const status: FullStatus = {
      model: { name: "charmarr" },
      applications: {
        gluetun: { units: { "gluetun/0": unit("active", "8888/tcp") } },
        plex: { units: { "plex/0": unit("active", "32400/tcp") } },
      },
    };
    const text = nextSteps(status);
    expect(text).not.toContain("add-secret");
    expect(text).toContain("plex         http://10.1.0.5:32400");
  });

  it("writes each command the way the operator runs the CLI", () => {
    const status: FullStatus = {
      model: { name: "charmarr" },
      applications: { plex: { units: { "plex/0": unit("blocked", "32400/tcp") } } },
    };
    const text = nextSteps(status, "npx charmarr");
    expect(text).toContain("  npx charmarr add-secret plex-claim claim-token=-\n");
    expect(text).toContain("npx charmarr status shows the stack; npx charmarr secrets lists its secrets");
    expect(text).not.toMatch(/(^|[^x] )charmarr (add|grant|config|status|down)/m);
  });
});
