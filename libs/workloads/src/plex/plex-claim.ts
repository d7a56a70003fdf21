// The claim exchange with plex.tv (specs/app-apis.md §h), as PMS and its Docker images do it:
// POST https://plex.tv/api/claim/exchange?token=<claim> with the server's machine identifier and
// the product headers; the answer's <authentication-token> is the server's own token. The
// transport is the caller's (it must honour the model's proxy).

export const PLEX_TV = "https://plex.tv";

export const CLAIM_HEADERS = {
  "X-Plex-Product": "Plex Media Server",
  "X-Plex-Version": "1.1",
  "X-Plex-Provides": "server",
  "X-Plex-Platform": "Linux",
  "X-Plex-Platform-Version": "1.0",
  "X-Plex-Device-Name": "PlexMediaServer",
  "X-Plex-Device": "Linux",
} as const;

/** What plex.tv/claim shows: `claim-` and a short code. Anything else is not worth a request. */
export function isClaimToken(value: string): boolean {
  return /^claim-[A-Za-z0-9_-]{4,64}$/.test(value);
}

export function claimExchangeRequest(claimToken: string, machineIdentifier: string) {
  const url = new URL("/api/claim/exchange", PLEX_TV);
  url.searchParams.set("token", claimToken);
  return {
    method: "POST",
    url: url.href,
    headers: { ...CLAIM_HEADERS, "X-Plex-Client-Identifier": machineIdentifier, Accept: "application/xml" },
  };
}

export type ClaimOutcome =
  | { kind: "claimed"; serverToken: string }
  /** plex.tv said no: the token expired, was used, or never existed. */
  | { kind: "refused"; status: number }
  /** plex.tv answered but not as it does (a 5xx, a captive portal): try again later. */
  | { kind: "unavailable"; status: number };

export function claimOutcome(status: number, body: string): ClaimOutcome {
  if (status >= 500 || status === 429) return { kind: "unavailable", status };
  if (status !== 200 && status !== 201) return { kind: "refused", status };
  const token = /<authentication-token>\s*([^<\s]+)\s*<\/authentication-token>/.exec(body)?.[1];
  return token ? { kind: "claimed", serverToken: token } : { kind: "unavailable", status };
}
