import { type CharmContext, NotFoundError, PermissionDeniedError, secretXid } from "@charmarr/charm";
import type { SecretContent } from "./secret-content";

export type UserSecret<K extends string> =
  | { ok: true; content: Record<K, string> }
  | { ok: false; reason: string };

/**
 * Read a secret the operator created (`juju add-secret`) and gave us through a `type: secret`
 * config option. Each way it can be wrong is a Blocked reason that says what to run; values
 * never appear in it. User secrets are never rotated by the charm.
 */
export async function readUserSecret<K extends string, O extends string>(
  ctx: CharmContext<{ [P in O]?: string }>,
  option: O,
  keys: readonly K[],
  /** Where the operator gets the value (`https://plex.tv/claim`), named when the option is unset. */
  obtain?: { where: string },
): Promise<UserSecret<K>> {
  const app = ctx.app.name;
  const example = keys.map((k) => `${k}=...`).join(" ");
  const uri = ctx.config[option];
  if (typeof uri !== "string" || uri === "") {
    return {
      ok: false,
      reason: `${option} is not set: ${obtain ? `get one at ${obtain.where}, then ` : ""}juju add-secret <name> ${example} && juju grant-secret <name> ${app} && juju config ${app} ${option}=secret:<id>`,
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
  const missing = keys.filter((k) => !raw[k]);
  if (missing.length > 0) {
    return {
      ok: false,
      reason: `secret ${uri} (${option}) lacks ${missing.map((k) => `"${k}"`).join(", ")}: juju update-secret ${secretXid(uri)} ${missing.map((k) => `${k}=...`).join(" ")}`,
    };
  }
  return { ok: true, content: Object.fromEntries(keys.map((k) => [k, raw[k]!])) as Record<K, string> };
}
