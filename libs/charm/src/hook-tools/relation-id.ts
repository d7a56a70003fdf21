import { InvalidArgumentError } from "./hook-tool-error";

/**
 * A relation id as Juju's `-r` flag takes it: the number (`3`) or `<endpoint>:<n>`
 * (`db:3`, what relation-ids and JUJU_RELATION_ID print). Juju only uses the number.
 */
export type RelationIdLike = number | string;

const RELATION_ID = /^(?:[^\s:]+:)?(\d+)$/;

/** The number in `db:3` or `3`. */
export function parseRelationId(id: string): number {
  const match = RELATION_ID.exec(id);
  if (!match) throw new InvalidArgumentError(`relation id "${id}" not valid: expected <endpoint>:<n> or <n>`);
  return Number(match[1]);
}

/** The `-r` value for `id`, checked so that nothing odd lands on argv. */
export function relationIdArg(id: RelationIdLike): string {
  if (typeof id === "number") {
    if (!Number.isSafeInteger(id) || id < 0) throw new InvalidArgumentError(`relation id ${id} not valid`);
    return String(id);
  }
  parseRelationId(id);
  return id;
}

/** `["-r", id]` */
export function relationFlag(id: RelationIdLike): string[] {
  return ["-r", relationIdArg(id)];
}
