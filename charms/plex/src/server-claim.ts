import { createHash } from "node:crypto";
import { pushAsFolderOwner } from "@charmarr/app-charm";
import { type CharmContext, OutboundUnreachableError, outboundRequest, secretXid } from "@charmarr/charm";
import type { PebbleClient } from "@charmarr/pebble";
import { readUserSecret } from "@charmarr/secrets";
import { claimExchangeRequest, claimOutcome, isClaimToken, PlexPreferences } from "@charmarr/workloads";
import { PREFERENCES_FILE } from "./plex-app";

// Claiming the server for the operator's plex.tv account (specs/app-apis.md §h): the claim token
// from the operator's user secret is exchanged, with the server's machine identifier, for the
// server's own token, which goes into Preferences.xml (0600) and nowhere else. A claimed server
// never reads the secret again.

type Ctx = CharmContext<{ "claim-token"?: string }>;

export const CLAIM_URL = "https://plex.tv/claim";

/** Unit state: the SHA-256 of the last claim token plex.tv refused (a dead token, never the server's). */
export const REFUSED_CLAIM_STATE_KEY = "plex-refused-claim";

/** Why the server is not claimed (yet): a status to show. */
export type ClaimProblem = { kind: "blocked"; reason: string } | { kind: "waiting"; reason: string };

/** Where the claim stands after this hook; `claimed` carries the server's token (redacted). */
export type ClaimState =
  | { kind: "claimed"; serverToken: string }
  | { kind: "blocked"; reason: string }
  | { kind: "waiting"; reason: string };

/**
 * Preferences.xml with the machine identifiers, made by the charm for a server that never ran
 * (as Plex's own image does, so the claim needs no first start); `changed`: write it back.
 */
export async function readPreferences(
  pebble: PebbleClient,
): Promise<{ prefs: PlexPreferences; changed: boolean }> {
  const existing = await pebble.stat(PREFERENCES_FILE);
  if (!existing) return { prefs: PlexPreferences.create(), changed: true };
  const read = PlexPreferences.parse(await pebble.pull(PREFERENCES_FILE));
  const prefs = read.withIdentifiers();
  return { prefs, changed: prefs !== read };
}

/** Preferences.xml written 0600, owned as its folder (PMS runs as the stack's PUID). */
export function writePreferences(pebble: PebbleClient, prefs: PlexPreferences): Promise<void> {
  return pushAsFolderOwner(pebble, PREFERENCES_FILE, prefs.toString(), 0o600);
}

/**
 * The operator's claim token exchanged for the server's token: the new preferences, or why not.
 * Every failure says what to do; the claim token and the server token are redacted from logs.
 */
export async function exchangeClaim(
  ctx: Ctx,
  prefs: PlexPreferences,
): Promise<{ ok: true; prefs: PlexPreferences; serverToken: string } | { ok: false; state: ClaimProblem }> {
  const secret = await readUserSecret(ctx, "claim-token", ["claim-token"], {
    where: `${CLAIM_URL} (valid 4 minutes)`,
  });
  if (!secret.ok) return { ok: false, state: { kind: "blocked", reason: secret.reason } };
  const claimToken = secret.content["claim-token"].trim();
  const xid = secretXid(ctx.config["claim-token"] ?? "");
  const fresh = `get a fresh one at ${CLAIM_URL} and run juju update-secret ${xid} claim-token=<token> within its 4 minutes`;
  if (!isClaimToken(claimToken)) {
    return {
      ok: false,
      state: {
        kind: "blocked",
        reason: `the claim-token secret holds no plex.tv claim token (claim-…): ${fresh}`,
      },
    };
  }
  const refused = {
    kind: "blocked",
    reason: `plex.tv refused the claim token (expired after 4 minutes, or used): ${fresh}`,
  } as const;
  // A refused token stays refused: asked once, not on every update-status.
  const fingerprint = createHash("sha256").update(claimToken).digest("hex");
  if ((await ctx.tools.stateGetKey(REFUSED_CLAIM_STATE_KEY)) === fingerprint)
    return { ok: false, state: refused };
  const machineIdentifier = prefs.machineIdentifier!;
  let response: { status: number; body: string };
  try {
    response = await outboundRequest({
      ...claimExchangeRequest(claimToken, machineIdentifier),
      proxy: ctx.juju.proxy,
    });
  } catch (error) {
    if (!(error instanceof OutboundUnreachableError)) throw error;
    ctx.log.warn({ error: error.message }, "plex.tv is unreachable: the claim is retried");
    return {
      ok: false,
      state: {
        kind: "waiting",
        reason: `cannot reach plex.tv to claim the server (retrying): ${error.message}`,
      },
    };
  }
  const outcome = claimOutcome(response.status, response.body);
  if (outcome.kind === "refused") {
    ctx.log.warn({ status: outcome.status }, "plex.tv refused the claim token");
    await ctx.tools.stateSet({ [REFUSED_CLAIM_STATE_KEY]: fingerprint });
    return { ok: false, state: refused };
  }
  if (outcome.kind === "unavailable") {
    return {
      ok: false,
      state: {
        kind: "waiting",
        reason: `plex.tv did not answer the claim (HTTP ${outcome.status}); retrying`,
      },
    };
  }
  ctx.redact(outcome.serverToken);
  ctx.log.info({ machineIdentifier }, "claimed the server on plex.tv");
  return { ok: true, prefs: prefs.withOnlineToken(outcome.serverToken), serverToken: outcome.serverToken };
}
