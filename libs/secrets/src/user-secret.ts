import { type CharmContext, NotFoundError, PermissionDeniedError, secretXid } from "@charmarr/charm";
import type { SecretContent } from "./secret-content";

export type UserSecret<K extends string, P extends string = never> =
  | { ok: true; content: Record<K, string> & Partial<Record<P, string>> }
  | { ok: false; reason: string };

/** What else a user secret may or must not hold. */
export interface UserSecretKeys<P extends string> {
  /** Keys used when present (never reported missing). */
  optional?: readonly P[];
  /**
   * Keys that say the secret is meant for something else (OpenVPN keys given to a WireGuard
   * setup): any of them present is Blocked, with `because` (why not) and `fix` (what to run,
   * given the secret's ID).
   */
  refuse?: { keys: readonly string[]; because: string; fix: (id: string) => string };
}

/**
 * Read a secret the operator created (`juju add-secret`) and gave us through a `type: secret`
 * config option. Each way it can be wrong is a Blocked reason that says what to run; values
 * never appear in it. User secrets are never rotated by the charm.
 */
export async function readUserSecret<K extends string, O extends string, P extends string = never>(
  ctx: CharmContext<{ [Q in O]?: string }>,
  option: O,
  keys: readonly K[],
  more: UserSecretKeys<P> = {},
): Promise<UserSecret<K, P>> {
  const app = ctx.app.name;
  const example = keys.map((k) => `${k}=...`).join(" ");
  const uri = ctx.config[option];
  if (typeof uri !== "string" || uri === "") {
    return {
      ok: false,
      reason: `${option} is not set: juju add-secret <name> ${example} && juju grant-secret <name> ${app} && juju config ${app} ${option}=secret:<id>`,
    };
  }
  let raw: SecretContent;
  try {
    raw = await ctx.tools.secretGet(
      { id: uri, label: `config.${option}.${secretXid(uri)}` },
      { refresh: true },
    );
  } catch (err) {
    if (err instanceof PermissionDeniedError || err instanceof NotFoundError) {
      return {
        ok: false,
        reason: `cannot read ${option} (${uri}): run juju grant-secret ${secretXid(uri)} ${app} (and check the ID with juju secrets)`,
      };
    }
    throw err;
  }
  for (const value of Object.values(raw)) ctx.redact(value);
  const refused = more.refuse?.keys.filter((k) => raw[k] !== undefined) ?? [];
  if (more.refuse && refused.length > 0) {
    return {
      ok: false,
      reason: `secret ${uri} (${option}) has ${refused.map((k) => `"${k}"`).join(", ")} but ${more.refuse.because}: ${more.refuse.fix(secretXid(uri))}`,
    };
  }
  const missing = keys.filter((k) => !raw[k]);
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `secret ${uri} (${option}) lacks ${missing.map((k) => `"${k}"`).join(", ")}: juju update-secret ${secretXid(uri)} ${missing.map((k) => `${k}=...`).join(" ")}`,
    };
  }
  const present = [...keys, ...(more.optional ?? []).filter((k) => raw[k])];
  return {
    ok: true,
    content: Object.fromEntries(present.map((k) => [k, raw[k]!])) as Record<K, string> &
      Partial<Record<P, string>>,
  };
}
