import { describe, expect, it } from "vitest";
import { claimExchangeRequest, claimOutcome, isClaimToken } from "./plex-claim";
import { PlexPreferences, PlexPreferencesError, processedMachineIdentifier } from "./plex-preferences";

describe("PlexPreferences", () => {
  it("makes identifiers for a server that never ran, as PMS derives them", () => {
    const prefs = PlexPreferences.create();
    const machine = prefs.attributes.get("MachineIdentifier")!;
    expect(prefs.machineIdentifier).toBe(processedMachineIdentifier(machine));
    expect(prefs.machineIdentifier).toMatch(/^[0-9a-f]{40}$/);
    expect(prefs.claimed).toBe(false);
  });

  it("sets the token and keeps every other attribute, escaped", () => {
    const text =
      '<?xml version="1.0"?>\n<Preferences MachineIdentifier="m" FriendlyName="a &amp; &quot;b&quot;" customConnections="http://x:32400"/>';
    const prefs = PlexPreferences.parse(text).withIdentifiers().withOnlineToken("abcdEFGH1234-_xyz");
    const again = PlexPreferences.parse(prefs.toString());
    expect(again.onlineToken).toBe("abcdEFGH1234-_xyz");
    expect(again.claimed).toBe(true);
    expect(again.attributes.get("FriendlyName")).toBe('a & "b"');
    expect(again.attributes.get("customConnections")).toBe("http://x:32400");
    expect(again.machineIdentifier).toBe(processedMachineIdentifier("m"));
  });

  it("refuses a token that is not one and a file without the element", () => {
    const prefs = PlexPreferences.create();
    for (const bad of ["short", 'a"b<c>d&e1234', "with space 12345"]) {
      expect(() => prefs.withOnlineToken(bad)).toThrow(PlexPreferencesError);
    }
    expect(() => PlexPreferences.parse("<Other/>")).toThrow(PlexPreferencesError);
  });
});

describe("claim exchange", () => {
  it("asks plex.tv with the machine identifier and the product headers", () => {
    const request = claimExchangeRequest("claim-abcd1234", "f".repeat(40));
    expect(request.url).toBe("https://plex.tv/api/claim/exchange?token=claim-abcd1234");
    expect(request.headers).toMatchObject({
      "X-Plex-Client-Identifier": "f".repeat(40),
      "X-Plex-Product": "Plex Media Server",
      "X-Plex-Version": "1.1",
      "X-Plex-Provides": "server",
    });
  });

  it("reads the answer: the token, a refusal, or plex.tv not itself", () => {
    expect(
      claimOutcome(200, "<user><authentication-token>tok123456789</authentication-token></user>"),
    ).toEqual({
      kind: "claimed",
      serverToken: "tok123456789",
    });
    expect(claimOutcome(404, "<errors/>")).toEqual({ kind: "refused", status: 404 });
    expect(claimOutcome(401, "")).toEqual({ kind: "refused", status: 401 });
    expect(claimOutcome(503, "")).toEqual({ kind: "unavailable", status: 503 });
    expect(claimOutcome(200, "<html>portal</html>")).toEqual({ kind: "unavailable", status: 200 });
  });

  it("knows a claim token when it sees one", () => {
    expect(isClaimToken("claim-abcdEFGH1234")).toBe(true);
    for (const bad of ["", "abc", "claim-", "claim-a b", "claim-x&y=z"])
      expect(isClaimToken(bad)).toBe(false);
  });
});
