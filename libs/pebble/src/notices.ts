/**
 * Notices (spec A.10): custom notices a charm records (Juju turns them into
 * `<container>-pebble-custom-notice` events) and reading notices back.
 */
import { requestSync } from "./envelope";
import { goDuration } from "./go-duration";
import type { PebbleTransport } from "./unix-socket-transport";
import { readList, WireReader } from "./wire-reader";

/** Known types, open to ones newer Pebble adds. */
export type NoticeType = "change-update" | "custom" | "warning" | (string & {});

export interface Notice {
  id: string;
  /** Null for a public notice. */
  userId: number | null;
  type: NoticeType;
  /** For custom notices, of the form `example.com/path`. */
  key: string;
  firstOccurred: Date;
  lastOccurred: Date;
  lastRepeated: Date;
  occurrences: number;
  lastData: Record<string, string>;
  /** Go durations. */
  repeatAfter?: string;
  expireAfter?: string;
}

export interface NotifyOptions {
  data?: Record<string, string>;
  /** Don't re-notify (bump last-repeated) within this many ms of the last time. */
  repeatAfterMs?: number;
}

export interface GetNoticesOptions {
  types?: readonly NoticeType[];
  keys?: readonly string[];
  /** Only notices whose last-repeated time is after this. */
  after?: Date;
  /** Another user's notices (admin only). */
  userId?: number;
  /** Every user's notices (admin only). */
  allUsers?: boolean;
  /** Long-poll up to this many ms for a matching notice; answers `[]` on time-out. */
  timeoutMs?: number;
}

export function parseNotice(value: unknown, context = "notice"): Notice {
  const reader = new WireReader(value, context);
  return {
    id: reader.string("id"),
    userId: reader.nullableNumber("user-id"),
    type: reader.string("type"),
    key: reader.string("key"),
    firstOccurred: reader.time("first-occurred"),
    lastOccurred: reader.time("last-occurred"),
    lastRepeated: reader.time("last-repeated"),
    occurrences: reader.number("occurrences"),
    lastData: reader.optionalStringMap("last-data") ?? {},
    repeatAfter: reader.optionalString("repeat-after"),
    expireAfter: reader.optionalString("expire-after"),
  };
}

/** Record (or repeat) a custom notice; returns its id. */
export async function notify(
  transport: PebbleTransport,
  key: string,
  options: NotifyOptions = {},
): Promise<string> {
  const body: Record<string, unknown> = { action: "add", type: "custom", key };
  if (options.repeatAfterMs !== undefined) body["repeat-after"] = goDuration(options.repeatAfterMs);
  if (options.data !== undefined) body.data = options.data;
  const result = await requestSync(transport, "POST", "/v1/notices", { body });
  return new WireReader(result, "notify result").string("id");
}

export async function getNotices(
  transport: PebbleTransport,
  options: GetNoticesOptions = {},
): Promise<Notice[]> {
  const join = (items?: readonly string[]) => (items?.length ? items.join(",") : undefined);
  const result = await requestSync(transport, "GET", "/v1/notices", {
    query: {
      types: join(options.types),
      keys: join(options.keys),
      after: options.after?.toISOString(),
      "user-id": options.userId === undefined ? undefined : String(options.userId),
      users: options.allUsers ? "all" : undefined,
      timeout: options.timeoutMs === undefined ? undefined : goDuration(options.timeoutMs),
    },
    timeoutMs: options.timeoutMs === undefined ? undefined : options.timeoutMs + transport.timeoutMs,
  });
  return readList(result, "notices", parseNotice);
}

export async function getNotice(transport: PebbleTransport, id: string): Promise<Notice> {
  return parseNotice(await requestSync(transport, "GET", `/v1/notices/${encodeURIComponent(id)}`));
}
