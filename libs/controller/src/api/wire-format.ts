import { ApiError } from "./api-error";

// Tags, times and statuses as Juju's Go encoding writes them (spec §1.3).

export const SERVER_VERSION = "3.6.14";
export const ZERO_TIME = "0001-01-01T00:00:00Z";

export const time = (date: Date | undefined): string => (date ? date.toISOString() : ZERO_TIME);

export const applicationTag = (app: string): string => `application-${app}`;
/** `radarr/0` → `unit-radarr-0`. */
export const unitTag = (unit: string): string => `unit-${unit.replace(/\/(\d+)$/, "-$1")}`;
export const modelTag = (uuid: string): string => `model-${uuid}`;
export const relationTag = (key: string): string => `relation-${key.replace(/ /g, "#")}`;

/** The name a tag of `kind` carries (`application-radarr` → `radarr`); ApiError `not valid` otherwise. */
export function tagName(
  tag: string,
  kind: "application" | "user" | "model" | "action" | "operation",
): string {
  const prefix = `${kind}-`;
  if (typeof tag !== "string" || !tag.startsWith(prefix) || tag.length === prefix.length)
    throw new ApiError(`${JSON.stringify(tag)} is not a valid ${kind} tag`, "not valid");
  return tag.slice(prefix.length);
}

/** `unit-radarr-0` → `radarr/0`. */
export function unitFromTag(tag: string): string {
  const match = typeof tag === "string" ? /^unit-(.+)-(\d+)$/.exec(tag) : null;
  if (!match) throw new ApiError(`${JSON.stringify(tag)} is not a valid unit tag`, "not valid");
  return `${match[1]}/${match[2]}`;
}

export interface DetailedStatus {
  status: string;
  info: string;
  since: string;
  data: Record<string, unknown>;
  kind: string;
  version: string;
  life: string;
  err?: unknown;
}

export function detailedStatus(
  status: string,
  info: string,
  since: Date | undefined,
  extra: Partial<DetailedStatus> = {},
): DetailedStatus {
  return { status, info, since: time(since), data: {}, kind: "", version: "", life: "", ...extra };
}

/** A params object: absent and null params are `{}`. */
export function paramsObject(params: unknown): Record<string, unknown> {
  if (params === undefined || params === null) return {};
  if (typeof params !== "object" || Array.isArray(params))
    throw new ApiError("params must be an object", "bad request");
  return params as Record<string, unknown>;
}

export const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
export const stringOf = (value: unknown): string => (typeof value === "string" ? value : "");
export const recordOf = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
