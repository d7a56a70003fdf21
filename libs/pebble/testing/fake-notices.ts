/**
 * TEST FIXTURE: notices (spec A.10): custom notices with key validation and repeat
 * counting, filters by type and key, lookup by id.
 */
import { badRequest, goTime, notFound } from "./wire-responses";

type Obj = Record<string, unknown>;

// Pebble's custom notice key form: `example.com/path`.
const CUSTOM_KEY = /^[a-z0-9]+(-[a-z0-9]+)*(\.[a-z0-9]+(-[a-z0-9]+)*)+(\/[a-z0-9]+(-[a-z0-9]+)*)+$/;

interface StoredNotice {
  id: string;
  type: string;
  key: string;
  first: Date;
  last: Date;
  occurrences: number;
  data?: Record<string, string>;
  repeatAfter?: string;
}

export class FakeNotices {
  readonly #notices: StoredNotice[] = [];

  add(body: Obj): { id: string } {
    if (body.action !== "add") throw badRequest(`invalid action "${String(body.action)}"`);
    if (body.type !== "custom") throw badRequest(`invalid type "${String(body.type)}"`);
    const key = String(body.key ?? "");
    if (!CUSTOM_KEY.test(key) || key.length > 256) throw badRequest(`invalid key "${key}"`);
    return {
      id: this.record("custom", key, body.data as Record<string, string> | undefined, body["repeat-after"])
        .id,
    };
  }

  /** Record a notice (also a knob for injecting other types). */
  record(type: string, key: string, data?: Record<string, string>, repeatAfter?: unknown): StoredNotice {
    const now = new Date();
    const existing = this.#notices.find((n) => n.type === type && n.key === key);
    if (existing) {
      existing.last = now;
      existing.occurrences++;
      if (data) existing.data = data;
      return existing;
    }
    const notice: StoredNotice = {
      id: String(this.#notices.length + 1),
      type,
      key,
      first: now,
      last: now,
      occurrences: 1,
      data,
      repeatAfter: typeof repeatAfter === "string" ? repeatAfter : undefined,
    };
    this.#notices.push(notice);
    return notice;
  }

  list(query: URLSearchParams): Obj[] {
    const split = (key: string) =>
      query
        .getAll(key)
        .flatMap((v) => v.split(","))
        .filter(Boolean);
    const types = split("types");
    const keys = split("keys");
    const after = query.get("after");
    return this.#notices
      .filter((n) => types.length === 0 || types.includes(n.type))
      .filter((n) => keys.length === 0 || keys.includes(n.key))
      .filter((n) => after === null || n.last > new Date(after))
      .map(toWire);
  }

  get(id: string): Obj {
    const notice = this.#notices.find((n) => n.id === id);
    if (!notice) throw notFound(`cannot find notice with ID "${id}"`);
    return toWire(notice);
  }
}

function toWire(notice: StoredNotice): Obj {
  const out: Obj = {
    id: notice.id,
    "user-id": null,
    type: notice.type,
    key: notice.key,
    "first-occurred": goTime(notice.first),
    "last-occurred": goTime(notice.last),
    "last-repeated": goTime(notice.last),
    occurrences: notice.occurrences,
  };
  if (notice.data) out["last-data"] = notice.data;
  if (notice.repeatAfter) out["repeat-after"] = notice.repeatAfter;
  out["expire-after"] = "168h0m0s";
  return out;
}
