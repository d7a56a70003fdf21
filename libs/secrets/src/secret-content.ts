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

/** Same keys, same values, whatever the order. */
export function sameContent(a: SecretContent, b: SecretContent): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** `secret:<xid>`: the short, stable spelling we publish in relation data. */
export function publishedSecretId(xid: string): string {
  return `secret:${xid}`;
}
