import type { Model } from "@charmarr/engine";

/**
 * Secret content keys whose values are public by design: `owner-app` (libs/secrets' provenance
 * of a secret: the owning app's name, in every log line of its units).
 */
const PUBLIC_KEYS = new Set(["owner-app"]);
/** As the test models' leak scanner: shorter values would match by chance. */
const MIN_SECRET_LENGTH = 8;

/** Every secret value the model holds (each revision's content, decoded, public keys aside), longest first. */
export function secretValues(model: Model): string[] {
  const values = new Set<string>();
  for (const secret of model.state.secrets.values())
    for (const revision of secret.revisions.values())
      for (const [key, encoded] of Object.entries(revision.content)) {
        const value = Buffer.from(encoded, "base64").toString("utf8");
        if (!PUBLIC_KEYS.has(key) && value.length >= MIN_SECRET_LENGTH) values.add(value);
      }
  return [...values].sort((a, b) => b.length - a.length);
}

/** The latest content of the secret `owner` holds under `label`, decoded. */
export function secretContent(model: Model, owner: string, label: string): Record<string, string> {
  const secret = [...model.state.secrets.values()].find((s) => s.owner.name === owner && s.label === label);
  const revision = secret?.revisions.get(secret.latestRevision);
  if (!revision) throw new Error(`${owner} holds no secret labelled ${label}`);
  return Object.fromEntries(
    Object.entries(revision.content).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]),
  );
}

/** Polls `check` until it is true (or throws with `what` after `timeoutMs`). */
export async function until(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Does qBittorrent's WebUI at `url` take these credentials (one login)? */
export async function qbittorrentLogin(url: string, username: string, password: string): Promise<boolean> {
  const res = await fetch(`${url}/api/v2/auth/login`, {
    method: "POST",
    headers: { referer: url },
    body: new URLSearchParams({ username, password }),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.ok && text.trim() === "Ok.") return true;
  if (text.trim() === "Fails." || res.status === 401) return false;
  throw new Error(`qBittorrent login answered ${res.status} ${text.slice(0, 80)}`);
}
