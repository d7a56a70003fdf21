import { describe, expect, it } from "vitest";
import { type HttpExchangeRequest, type HttpTransport, responseHeaders } from "../http/http-transport";
import { HttpTransportError } from "../http/network-error";
import { PlexApiError, PlexClient } from "./plex-client";

// The client's side of the transport (the library calls themselves run against the stand-in in
// libs/stand-ins): what it sends, and each failure as a PlexApiError naming the call.

function plexWith(answer: (request: HttpExchangeRequest) => Promise<{ status: number; text: string }>) {
  const sent: HttpExchangeRequest[] = [];
  const transport: HttpTransport = async (request) => {
    sent.push(request);
    return { headers: responseHeaders({}), ...(await answer(request)) };
  };
  return {
    sent,
    plex: new PlexClient("http://plex:32400", "token-abcdefgh1234", { timeoutMs: 1234, transport }),
  };
}

describe("PlexClient", () => {
  it("sends the token as a header, with its own timeout, and reads the JSON answer", async () => {
    const { sent, plex } = plexWith(async () => ({
      status: 200,
      text: JSON.stringify({ MediaContainer: { Directory: [{ key: 1, title: "radarr", type: "movie" }] } }),
    }));
    expect(await plex.sections()).toEqual([{ key: "1", title: "radarr", type: "movie", locations: [] }]);
    expect(sent).toEqual([
      {
        url: new URL("http://plex:32400/library/sections"),
        method: "GET",
        headers: { "X-Plex-Token": "token-abcdefgh1234", Accept: "application/json" },
        body: undefined,
        timeoutMs: 1234,
      },
    ]);
  });

  it("names the call and the status of a refusal, a redirect included", async () => {
    const { plex } = plexWith(async () => ({ status: 301, text: "" }));
    await expect(plex.deleteSection("3")).rejects.toMatchObject({
      message: "Plex DELETE /library/sections/3: HTTP 301",
      status: 301,
    });
  });

  it("names the call and why when Plex cannot be reached", async () => {
    const { plex } = plexWith(async () => {
      throw new HttpTransportError("timeout", undefined, "no answer within 1234 ms");
    });
    const error = await plex.scanSection("3").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PlexApiError);
    expect((error as Error).message).toBe("Plex GET /library/sections/3/refresh: no answer within 1234 ms");
  });
});
