import { XID_PATTERN } from "./xid";

/** A parsed secret reference: the xid, and the source model when the long form was used. */
export interface SecretRef {
  xid: string;
  sourceUuid?: string;
}

const UUID = /^[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}$/;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s;

/**
 * Parses the three spellings Juju accepts (`secret:<xid>`, `secret://<model-uuid>/<xid>`, bare
 * `<xid>`) the way core/secrets.ParseURI does after Go's url.Parse. Undefined when not valid.
 */
export function parseSecretUri(text: string): SecretRef | undefined {
  let rest = text;
  const scheme = SCHEME.exec(text);
  if (scheme) {
    if (scheme[1]?.toLowerCase() !== "secret") return undefined;
    rest = scheme[2] ?? "";
  }
  let host = "";
  if (rest.startsWith("//")) {
    const slash = rest.indexOf("/", 2);
    host = slash < 0 ? rest.slice(2) : rest.slice(2, slash);
    rest = slash < 0 ? "" : rest.slice(slash);
  }
  if (host !== "" && !UUID.test(host)) return undefined;
  const path = rest.replace(/^\/+/, "");
  const parts = path.split("/");
  if (parts.length > 2) return undefined;
  const xid = parts[parts.length - 1] ?? "";
  const source = parts.length === 2 ? parts[0] : host;
  if (source && !UUID.test(source)) return undefined;
  if (!XID_PATTERN.test(xid)) return undefined;
  return source ? { xid, sourceUuid: source } : { xid };
}

/** The long form secret-add prints on Juju >= 3.3. */
export function secretUriFor(modelUuid: string, xid: string): string {
  return `secret://${modelUuid}/${xid}`;
}

/** The short form `juju add-secret` prints. */
export function shortSecretUri(xid: string): string {
  return `secret:${xid}`;
}
