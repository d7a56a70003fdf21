import { InvalidArgumentError } from "./hook-tool-error";

/**
 * Juju spells one secret three ways (contract §3.1, §8.26): `secret:<xid>` (Juju < 3.3,
 * user secrets), `secret://<model-uuid>/<xid>` (secret-add on ≥ 3.3) and the bare xid
 * (secret-ids, secret-info-get keys). JUJU_SECRET_ID is whichever was stored. Compare by xid.
 */
const XID = "[0-9a-v]{20}";
const MODEL_UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const SECRET_ID = new RegExp(`^(?:${XID}|secret:${XID}|secret://${MODEL_UUID}/${XID})$`);

export interface ParsedSecretId {
  /** The 20-character id that identifies the secret. */
  xid: string;
  /** Only in the `secret://<model-uuid>/<xid>` spelling. */
  modelUuid?: string;
}

export function isSecretId(id: string): boolean {
  return SECRET_ID.test(id);
}

/** Throws InvalidArgumentError unless `id` is one of the three spellings. */
export function parseSecretId(id: string): ParsedSecretId {
  if (!isSecretId(id)) throw new InvalidArgumentError(`secret ID "${id}" not valid`);
  const xid = id.slice(-20);
  const long = id.match(new RegExp(`^secret://(${MODEL_UUID})/`));
  return long?.[1] ? { xid, modelUuid: long[1] } : { xid };
}

/** The bare xid of any spelling. */
export function secretXid(id: string): string {
  return parseSecretId(id).xid;
}

/** Whether two IDs name the same secret, whatever their spelling; false if either is not an ID. */
export function sameSecret(a: string, b: string): boolean {
  return isSecretId(a) && isSecretId(b) && a.slice(-20) === b.slice(-20);
}
