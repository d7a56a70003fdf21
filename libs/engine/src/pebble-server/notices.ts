import { type Clock, epochNs, PreciseDate, rfc3339 } from "./clock";
import { formatGoDuration, HOUR, nsToMs } from "./go-duration";
import { Listeners } from "./listeners";

export type NoticeType = "change-update" | "custom" | "warning";

export const NOTICE_TYPES: readonly NoticeType[] = ["change-update", "custom", "warning"];

const DEFAULT_EXPIRE_AFTER = 7 * 24 * HOUR;

/** One aggregated notice: type + key (+ user) is unique; repeats bump its occurrences. */
export interface Notice {
  readonly id: string;
  /** null: public, visible to every user. */
  readonly userId: number | null;
  readonly type: NoticeType;
  readonly key: string;
  readonly firstOccurred: Date;
  lastOccurred: Date;
  lastRepeated: Date;
  occurrences: number;
  lastData?: Record<string, string>;
  /** Nanoseconds; 0 means always repeat. */
  repeatAfter: number;
  expireAfter: number;
}

export interface NoticeFilter {
  /** Only notices of this user or public ones. */
  userId?: number;
  types?: readonly NoticeType[];
  keys?: readonly string[];
  /** Only notices last repeated strictly after this time (compared in nanoseconds). */
  after?: Date;
}

export interface AddNoticeOptions {
  data?: Record<string, string>;
  /** Nanoseconds. */
  repeatAfter?: number;
}

/** The JSON form GET /v1/notices returns (state.jsonNotice). */
export function noticeToJson(notice: Notice): Record<string, unknown> {
  const json: Record<string, unknown> = {
    id: notice.id,
    "user-id": notice.userId,
    type: notice.type,
    key: notice.key,
    "first-occurred": rfc3339(notice.firstOccurred),
    "last-occurred": rfc3339(notice.lastOccurred),
    "last-repeated": rfc3339(notice.lastRepeated),
    occurrences: notice.occurrences,
  };
  if (notice.lastData && Object.keys(notice.lastData).length > 0) json["last-data"] = notice.lastData;
  if (notice.repeatAfter) json["repeat-after"] = formatGoDuration(notice.repeatAfter);
  if (notice.expireAfter) json["expire-after"] = formatGoDuration(notice.expireAfter);
  return json;
}

/** The notice store (state notices): add, filter, and long-poll for new or repeated notices. */
export class NoticeStore {
  private readonly notices = new Map<string, Notice>();
  private lastId = 0;
  private readonly waiters = new Set<() => void>();
  private readonly listeners = new Listeners<[Notice]>();

  /** The last time a notice got, in nanoseconds: each later one gets a later time. */
  private lastNs = 0n;

  constructor(private readonly clock: Clock) {}

  /**
   * The clock's time at nanosecond precision, strictly after the previous notice's: notices never
   * share a time (a clock that stands still, as a test's may, would otherwise give them one).
   */
  private now(): PreciseDate {
    const ns = epochNs(this.clock.now());
    this.lastNs = ns > this.lastNs ? ns : this.lastNs + 1n;
    return new PreciseDate(this.lastNs);
  }

  /** Called for every notice that is new or repeated (what a watcher such as Juju reacts to). */
  onNotice(listener: (notice: Notice) => void): () => void {
    return this.listeners.add(listener);
  }

  add(userId: number | null, type: NoticeType, key: string, options: AddNoticeOptions = {}): Notice {
    const now = this.now();
    const uniqueKey = JSON.stringify([userId, type, key]);
    const repeatAfter = options.repeatAfter ?? 0;
    let notice = this.notices.get(uniqueKey);
    let newOrRepeated = false;
    if (!notice) {
      this.lastId += 1;
      notice = {
        id: String(this.lastId),
        userId,
        type,
        key,
        firstOccurred: now,
        lastOccurred: now,
        lastRepeated: now,
        occurrences: 1,
        repeatAfter,
        expireAfter: DEFAULT_EXPIRE_AFTER,
      };
      this.notices.set(uniqueKey, notice);
      newOrRepeated = true;
    } else {
      notice.occurrences += 1;
      if (repeatAfter === 0 || epochNs(now) > epochNs(notice.lastRepeated) + BigInt(repeatAfter)) {
        notice.lastRepeated = now;
        newOrRepeated = true;
      }
    }
    notice.lastOccurred = now;
    notice.lastData = options.data;
    notice.repeatAfter = repeatAfter;
    if (newOrRepeated) {
      for (const wake of this.waiters) wake();
      this.listeners.emit(notice);
    }
    return notice;
  }

  get(id: string): Notice | undefined {
    return [...this.notices.values()].find((n) => n.id === id && !this.expired(n));
  }

  list(filter: NoticeFilter = {}): Notice[] {
    return [...this.notices.values()]
      .filter((n) => !this.expired(n) && matches(filter, n))
      .sort(
        (a, b) => compareNs(epochNs(a.lastRepeated), epochNs(b.lastRepeated)) || Number(a.id) - Number(b.id),
      );
  }

  /** Waits until some notice matches or `timeoutMs` passes (then returns []). */
  async wait(filter: NoticeFilter, timeoutMs: number, signal?: AbortSignal): Promise<Notice[]> {
    const existing = this.list(filter);
    if (existing.length > 0) return existing;
    return new Promise((resolve) => {
      const finish = (notices: Notice[]) => {
        clearTimeout(timer);
        this.waiters.delete(wake);
        signal?.removeEventListener("abort", abort);
        resolve(notices);
      };
      const wake = () => {
        const found = this.list(filter);
        if (found.length > 0) finish(found);
      };
      const abort = () => finish([]);
      const timer = setTimeout(() => finish([]), timeoutMs);
      this.waiters.add(wake);
      signal?.addEventListener("abort", abort);
    });
  }

  private expired(notice: Notice): boolean {
    return notice.lastOccurred.getTime() + nsToMs(notice.expireAfter) < this.clock.now().getTime();
  }
}

function matches(filter: NoticeFilter, notice: Notice): boolean {
  if (filter.userId !== undefined && notice.userId !== null && notice.userId !== filter.userId) return false;
  if (filter.types && filter.types.length > 0 && !filter.types.includes(notice.type)) return false;
  if (filter.keys && filter.keys.length > 0 && !filter.keys.includes(notice.key)) return false;
  if (filter.after && epochNs(notice.lastRepeated) <= epochNs(filter.after)) return false;
  return true;
}

const compareNs = (a: bigint, b: bigint): number => (a < b ? -1 : a > b ? 1 : 0);
