import { ManualClock } from "@charmarr/engine";
import { afterEach, describe, expect, it } from "vitest";
import {
  CLAIM_PRODUCT_HEADERS,
  CLAIM_TOKEN_LIFETIME_MS,
  type PlexTvStandIn,
  startPlexTvStandIn,
} from "./plex-tv-claim";

const servers: PlexTvStandIn[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function plexTv(clock = new ManualClock()) {
  const server = await startPlexTvStandIn({ clock });
  servers.push(server);
  return { server, clock };
}

const MACHINE = "a".repeat(40);
const exchange = (server: PlexTvStandIn, token: string, headers: Record<string, string> = {}) =>
  fetch(`${server.url}/api/claim/exchange?token=${encodeURIComponent(token)}`, {
    method: "POST",
    headers: { "X-Plex-Client-Identifier": MACHINE, ...CLAIM_PRODUCT_HEADERS, ...headers },
  });

describe("plex.tv claim exchange", () => {
  it("exchanges a fresh claim token once for a server token", async () => {
    const { server } = await plexTv();
    const claim = server.issueClaimToken();
    expect(claim).toMatch(/^claim-[A-Za-z0-9]{20}$/);
    const response = await exchange(server, claim);
    expect(response.status).toBe(200);
    const token = /<authentication-token>([^<]+)<\/authentication-token>/.exec(await response.text())?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{20}$/);
    expect(server.claims()).toEqual([{ machineIdentifier: MACHINE, serverToken: token }]);
    expect((await exchange(server, claim)).status).toBe(404);
    expect(server.claims()).toHaveLength(1);
  });

  it("refuses a token after 4 minutes of the engine's clock, not of the wall clock", async () => {
    const { server, clock } = await plexTv();
    const early = server.issueClaimToken();
    const late = server.issueClaimToken();
    clock.advance(CLAIM_TOKEN_LIFETIME_MS - 1);
    expect((await exchange(server, early)).status).toBe(200);
    clock.advance(1);
    expect((await exchange(server, late)).status).toBe(404);
  });

  it("refuses unknown tokens and requests without the machine identifier or product", async () => {
    const { server } = await plexTv();
    expect((await exchange(server, "claim-unknown")).status).toBe(404);
    const claim = server.issueClaimToken();
    expect((await exchange(server, claim, { "X-Plex-Client-Identifier": "" })).status).toBe(400);
    expect((await exchange(server, claim, { "X-Plex-Product": "Other" })).status).toBe(400);
    // Refused for missing headers, the token is still good.
    expect((await exchange(server, claim)).status).toBe(200);
    expect(server.requests().every((line) => !line.includes("claim-"))).toBe(true);
  });
});
