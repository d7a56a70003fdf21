import type { SecretContent } from "@charmarr/charm";
import * as z from "zod";

export type { SecretContent };

/** An API key secret (Radarr, Sonarr, Prowlarr, SABnzbd): one key, `api-key`. */
export type ApiKeyContent = { "api-key": string };

/** A login secret (qBittorrent's WebUI, Gluetun's proxy): `username` and `password`. */
export type CredentialsContent = { username: string; password: string };

/**
 * The shapes of the secrets whose IDs travel on our relations, checked by owner and consumer
 * alike. Extra keys are tolerated (an owner may add some later); the ones we need must be
 * present and non-empty.
 */
export const apiKeyContent: z.ZodType<ApiKeyContent> = z.object({ "api-key": z.string().min(1) });

export const credentialsContent: z.ZodType<CredentialsContent> = z.object({
  username: z.string().min(1),
  password: z.string().min(1),
});

/**
 * Provenance: every secret an application owns through libs/secrets carries the owner's
 * application name under this key, written by the owner (only an owner can write content).
 * A consumer uses a secret published on a relation only when this names the relation's remote
 * application, so no related app can pass another app's secret off as its own (secret IDs are
 * guessable, and a former consumer knows them). Not a secret: it is never redacted.
 */
export const OWNER_APP_KEY = "owner-app";

/** The content as stored: the credential and its owner's name. */
export function stampedContent(content: SecretContent, ownerApp: string): SecretContent {
  return { ...content, [OWNER_APP_KEY]: ownerApp };
}

/** Same keys, same values, whatever the order. */
export function sameContent(a: SecretContent, b: SecretContent): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** `secret:<xid>`: the short, stable spelling we publish in relation data. */
export function publishedSecretId(xid: string): string {
  return `secret:${xid}`;
}
