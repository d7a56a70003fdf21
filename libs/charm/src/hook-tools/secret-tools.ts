import { requireOneOf, requirePositional } from "./argument-checks";
import { InvalidArgumentError, UnexpectedOutputError } from "./hook-tool-error";
import {
  OutputShapeError,
  readList,
  readNumber,
  readOptionalString,
  readRecord,
  readString,
  readStringList,
  readStringMap,
  withoutUndefined,
} from "./output-shape";
import { type RelationIdLike, relationFlag } from "./relation-id";
import { runJsonTool, runTool } from "./run-tool";
import { isValidSecretKey, type SecretContent, withSecretContentFiles } from "./secret-content-files";
import { isSecretId, parseSecretId } from "./secret-id";
import type { ToolRunner } from "./tool-runner";

export type SecretOwner = "application" | "unit";
/** Juju's rotate policies (contract §3.2), in order of frequency after `never`. */
export const ROTATE_POLICIES = [
  "never",
  "hourly",
  "daily",
  "weekly",
  "monthly",
  "quarterly",
  "yearly",
] as const;
export type RotatePolicy = (typeof ROTATE_POLICIES)[number];
const OWNERS: readonly SecretOwner[] = ["application", "unit"];

export interface SecretMetadata {
  label?: string;
  description?: string;
  /** Expiry of the revision being written: a time, or a Go duration from now (`24h`). */
  expire?: Date | string;
  rotate?: RotatePolicy;
}

export interface SecretAddOptions extends SecretMetadata {
  /** Default `application` (the leader owns it for the app). */
  owner?: SecretOwner;
}

export interface SecretSetOptions extends SecretMetadata {
  /** New content (a new revision); leave out for a metadata-only update. */
  content?: SecretContent;
}

/**
 * How to find a secret: by ID; by label; or both, which also attaches the label (the owner
 * label if this unit/app owns it, else this consumer's label).
 */
export type SecretRef = { id: string; label?: string } | { id?: undefined; label: string };

/** secret-info-get finds a secret by ID or by label, not both. */
export type SecretInfoRef = { id: string; label?: undefined } | { id?: undefined; label: string };

/** Which revision to read: the tracked one (default), the latest (`peek`), or the latest and track it (`refresh`). */
export interface SecretGetOptions {
  peek?: boolean;
  refresh?: boolean;
}

/** Whose access to revoke: a relation's remote app (or one of its units), an app, or a unit. */
export type SecretRevokeTarget =
  | { relationId: RelationIdLike; unit?: string }
  | { app: string }
  | { unit: string };

export interface SecretAccess {
  target: string;
  scope: string;
  role: string;
}

/** secret-info-get's entry, owner only. Times are RFC 3339 strings as Juju prints them. */
export interface SecretInfo {
  /** Bare xid (the key of Juju's one-entry map). */
  id: string;
  revision: number;
  label: string;
  owner: SecretOwner;
  description?: string;
  rotation?: RotatePolicy;
  expiry?: string;
  rotates?: string;
  access: SecretAccess[];
}

/**
 * Create a secret; returns its URI as Juju prints it (`secret://<model>/<xid>` on ≥ 3.3).
 * Always passes `--owner`; content travels in 0600 files, never on argv. The secret exists
 * only once the hook exits 0.
 */
export async function secretAdd(
  runner: ToolRunner,
  content: SecretContent,
  opts: SecretAddOptions = {},
): Promise<string> {
  if (Object.keys(content).length === 0) throw new InvalidArgumentError("secret-add needs some content");
  const owner = requireOneOf(opts.owner ?? "application", OWNERS, "secret owner");
  const flags = [`--owner=${owner}`, ...metadataFlags(opts)];
  return withSecretContentFiles(
    content,
    async (files) => {
      const args = [...flags, ...files];
      const uri = (await runTool(runner, "secret-add", args)).trim();
      if (!isSecretId(uri)) {
        throw new UnexpectedOutputError(
          "secret-add",
          args,
          { exitCode: 0, stderr: "" },
          "printed no secret URI",
        );
      }
      return uri;
    },
    runner.secretFilesDir,
  );
}

/** Update an owned secret: new content (→ new revision) and/or metadata. Applied when the hook exits 0. */
export async function secretSet(runner: ToolRunner, id: string, opts: SecretSetOptions): Promise<void> {
  const args = [...metadataFlags(opts), secretIdArg(id)];
  await withSecretContentFiles(
    opts.content ?? {},
    (files) => runTool(runner, "secret-set", [...args, ...files]),
    runner.secretFilesDir,
  );
}

/** A secret's whole content. A missing secret or label → SecretNotFoundError; no grant → PermissionDeniedError. */
export async function secretGet(
  runner: ToolRunner,
  ref: SecretRef,
  opts: SecretGetOptions = {},
): Promise<SecretContent> {
  return runJsonTool(runner, "secret-get", secretGetArgs(ref, opts), (v) => readStringMap(v, "content"));
}

/** One value of a secret (`key`, or `key#base64` for the stored base64 text). A missing key → SecretNotFoundError. */
export async function secretGetValue(
  runner: ToolRunner,
  ref: SecretRef,
  key: string,
  opts: SecretGetOptions = {},
): Promise<string> {
  const plainKey = key.endsWith("#base64") ? key.slice(0, -"#base64".length) : key;
  if (!isValidSecretKey(plainKey)) throw new InvalidArgumentError(`secret content key "${key}" not valid`);
  return runJsonTool(runner, "secret-get", [...secretGetArgs(ref, opts), key], (v) => readString(v, "value"));
}

/** Let the remote app of a relation (or one of its units) read the secret. Applied when the hook exits 0. */
export async function secretGrant(
  runner: ToolRunner,
  id: string,
  relationId: RelationIdLike,
  opts: { unit?: string } = {},
): Promise<void> {
  await runTool(runner, "secret-grant", [
    ...relationFlag(relationId),
    ...unitFlag(opts.unit),
    secretIdArg(id),
  ]);
}

/**
 * Take access away from one target: a relation's remote app (or, with `unit`, one of its
 * units), an application, or a unit. Applied when the hook exits 0.
 */
export async function secretRevoke(
  runner: ToolRunner,
  id: string,
  target: SecretRevokeTarget,
): Promise<void> {
  await runTool(runner, "secret-revoke", [...revokeFlags(target), secretIdArg(id)]);
}

/** Remove one revision, or the whole secret without `revision`. Applied when the hook exits 0. */
export async function secretRemove(
  runner: ToolRunner,
  id: string,
  opts: { revision?: number } = {},
): Promise<void> {
  const { revision } = opts;
  if (revision !== undefined && (!Number.isInteger(revision) || revision < 1)) {
    throw new InvalidArgumentError(`secret revision ${revision} not valid`);
  }
  const flags = revision === undefined ? [] : [`--revision=${revision}`];
  await runTool(runner, "secret-remove", [...flags, secretIdArg(id)]);
}

/** Bare xids of the secrets this unit owns, plus the app's on the leader. Unordered. */
export async function secretIds(runner: ToolRunner): Promise<string[]> {
  return runJsonTool(runner, "secret-ids", ["--format=json"], (v) => readStringList(v, "secret ids"));
}

/** Metadata of an owned secret, by ID or by label. Unknown or not owned → SecretNotFoundError. */
export async function secretInfoGet(runner: ToolRunner, ref: SecretInfoRef): Promise<SecretInfo> {
  const { id, label } = ref;
  if ((id === undefined) === (label === undefined)) {
    throw new InvalidArgumentError("secret-info-get needs either an ID or a label, not both");
  }
  const args = ["--format=json", id === undefined ? labelFlag(label!) : secretIdArg(id)];
  return runJsonTool(runner, "secret-info-get", args, readSecretInfo);
}

function secretIdArg(id: string): string {
  parseSecretId(id);
  return id;
}

function labelFlag(label: string): string {
  if (label === "") throw new InvalidArgumentError("secret label must not be empty");
  return `--label=${label}`;
}

function unitFlag(unit: string | undefined): string[] {
  return unit === undefined ? [] : [`--unit=${requirePositional(unit, "unit")}`];
}

/** `--flag=value` form throughout, so a description starting with "-" stays a value. */
function metadataFlags(opts: SecretMetadata): string[] {
  const flags: string[] = [];
  if (opts.label !== undefined) flags.push(labelFlag(opts.label));
  if (opts.description !== undefined) flags.push(`--description=${opts.description}`);
  if (opts.expire !== undefined) flags.push(`--expire=${expireArg(opts.expire)}`);
  if (opts.rotate !== undefined)
    flags.push(`--rotate=${requireOneOf(opts.rotate, ROTATE_POLICIES, "rotate policy")}`);
  return flags;
}

/** RFC 3339 without milliseconds for a Date; a string (time or duration) is Juju's to judge. */
function expireArg(expire: Date | string): string {
  if (typeof expire === "string") {
    if (expire === "") throw new InvalidArgumentError("secret expiry must not be empty");
    return expire;
  }
  if (Number.isNaN(expire.getTime())) throw new InvalidArgumentError("secret expiry is an invalid date");
  return expire.toISOString().replace(/\.\d{3}Z$/, "Z");
}

function secretGetArgs(ref: SecretRef, opts: SecretGetOptions): string[] {
  if (opts.peek && opts.refresh) throw new InvalidArgumentError("secret-get takes peek or refresh, not both");
  if (ref.id === undefined && ref.label === undefined) {
    throw new InvalidArgumentError("secret-get needs a secret ID or a label");
  }
  return [
    "--format=json",
    ...(ref.label === undefined ? [] : [labelFlag(ref.label)]),
    ...(opts.peek ? ["--peek"] : []),
    ...(opts.refresh ? ["--refresh"] : []),
    ...(ref.id === undefined ? [] : [secretIdArg(ref.id)]),
  ];
}

function revokeFlags(target: SecretRevokeTarget): string[] {
  const relationId = "relationId" in target ? target.relationId : undefined;
  const app = "app" in target ? target.app : undefined;
  const unit = "unit" in target ? target.unit : undefined;
  if (app !== undefined && (unit !== undefined || relationId !== undefined)) {
    throw new InvalidArgumentError("secret-revoke takes an application alone, not with a unit or relation");
  }
  if (relationId !== undefined) return [...relationFlag(relationId), ...unitFlag(unit)];
  if (app !== undefined) return [`--app=${requirePositional(app, "application")}`];
  if (unit !== undefined) return unitFlag(unit);
  throw new InvalidArgumentError("secret-revoke needs a relation, an application or a unit");
}

function readSecretInfo(value: unknown): SecretInfo {
  const entries = Object.entries(readRecord(value, "secret info"));
  const [entry] = entries;
  if (!entry || entries.length !== 1) throw new OutputShapeError("secret info: expected exactly one secret");
  const [id, raw] = entry;
  const info = readRecord(raw, id);
  const optional = (key: string) => readOptionalString(info[key], `${id}.${key}`);
  return withoutUndefined({
    id,
    revision: readNumber(info.revision, `${id}.revision`),
    label: readString(info.label ?? "", `${id}.label`),
    owner: readString(info.owner, `${id}.owner`) as SecretOwner,
    description: optional("description"),
    rotation: optional("rotation") as RotatePolicy | undefined,
    expiry: optional("expiry"),
    rotates: optional("rotates"),
    access: readList(info.access, `${id}.access`, readAccess),
  });
}

function readAccess(value: unknown, where: string): SecretAccess {
  const record = readRecord(value, where);
  return {
    target: readString(record.target, `${where}.target`),
    scope: readString(record.scope, `${where}.scope`),
    role: readString(record.role, `${where}.role`),
  };
}
