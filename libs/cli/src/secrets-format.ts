// `charmarr secrets`: every secret of the model with its owner, label, revision, rotation and
// grants; values only when revealed.
import { table } from "./table";

/** One entry of Secrets.ListSecrets (spec §3.7). */
export interface SecretInfo {
  uri: string;
  "owner-tag": string;
  label?: string;
  description?: string;
  "rotate-policy"?: string;
  "next-rotate-time"?: string;
  "latest-revision": number;
  access?: { "target-tag": string; "scope-tag"?: string; role?: string }[] | null;
  value?: { data?: Record<string, string> | null; error?: { message: string } | null } | null;
}

/** `application-radarr` → radarr, `model-…` → model (the operator's own user secret). */
export function ownerName(tag: string): string {
  if (tag.startsWith("application-")) return tag.slice("application-".length);
  if (tag.startsWith("unit-")) return tag.slice("unit-".length).replace(/-(\d+)$/, "/$1");
  if (tag.startsWith("model-") || tag === "") return "model";
  return tag;
}

export function isUserSecret(secret: SecretInfo): boolean {
  return ownerName(secret["owner-tag"]) === "model";
}

function grantees(secret: SecretInfo): string {
  const names = new Set(
    (secret.access ?? [])
      .filter((a) => a["target-tag"].startsWith("application-"))
      .map((a) => ownerName(a["target-tag"])),
  );
  return [...names].sort().join(",") || "-";
}

function shortTime(time: string | undefined): string {
  if (!time || time.startsWith("0001-")) return "-";
  return time
    .replace(/\.\d+/, "")
    .replace(/:\d\dZ$/, "Z")
    .replace("T", " ");
}

export function formatSecrets(secrets: readonly SecretInfo[]): string {
  if (secrets.length === 0) return "No secrets in the model.\n";
  const rows = [...secrets]
    .sort(
      (a, b) =>
        ownerName(a["owner-tag"]).localeCompare(ownerName(b["owner-tag"])) || a.uri.localeCompare(b.uri),
    )
    .map((s) => [
      s.uri.replace(/^secret:/, ""),
      ownerName(s["owner-tag"]),
      s.label || "-",
      String(s["latest-revision"]),
      s["rotate-policy"] || (isUserSecret(s) ? "-" : "never"),
      shortTime(s["next-rotate-time"]),
      grantees(s),
    ]);
  let out = `${table(["ID", "Owner", "Label", "Revision", "Rotation", "Next rotation", "Granted to"], rows)}\n`;
  const revealed = secrets.filter((s) => s.value);
  for (const s of revealed) {
    out += `\n${s.label || s.uri}:\n`;
    if (s.value?.error) out += `  (cannot read: ${s.value.error.message})\n`;
    for (const [key, b64] of Object.entries(s.value?.data ?? {}).sort(([a], [b]) => a.localeCompare(b)))
      out += `  ${key}: ${Buffer.from(b64, "base64").toString("utf8")}\n`;
  }
  return out;
}
