import { createHash, timingSafeEqual } from "node:crypto";

// The admin user's credentials, compared in constant time over equal-length digests.

const digest = (text: string): Buffer => createHash("sha256").update(text, "utf8").digest();

export class Credentials {
  readonly #tag = digest("user-admin");
  readonly #password: Buffer;

  constructor(password: string) {
    this.#password = digest(password);
  }

  /** Whether `tag`/`password` are the admin's; both are compared whatever the first gives. */
  check(tag: unknown, password: unknown): boolean {
    if (typeof tag !== "string" || typeof password !== "string") return false;
    const tagOk = timingSafeEqual(digest(tag), this.#tag);
    const passwordOk = timingSafeEqual(digest(password), this.#password);
    return tagOk && passwordOk;
  }

  /** An `Authorization: Basic` header's check (user `user-admin`). */
  checkBasic(header: string | undefined): boolean {
    const match = header === undefined ? null : /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
    if (!match?.[1]) return false;
    const decoded = Buffer.from(match[1], "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    if (colon < 0) return false;
    return this.check(decoded.slice(0, colon), decoded.slice(colon + 1));
  }
}

/** Failed logins per source: each failure delays that source's next answer a little more. */
export class LoginThrottle {
  readonly #failures = new Map<string, { count: number; last: number }>();

  constructor(
    readonly stepMs = 200,
    readonly maxMs = 5_000,
  ) {}

  /** How long to wait before answering `source`'s login. */
  delayFor(source: string): number {
    const entry = this.#failures.get(source);
    if (!entry) return 0;
    if (Date.now() - entry.last > 10 * this.maxMs) {
      this.#failures.delete(source);
      return 0;
    }
    return Math.min(this.maxMs, this.stepMs * entry.count);
  }

  failed(source: string): void {
    const entry = this.#failures.get(source) ?? { count: 0, last: 0 };
    entry.count += 1;
    entry.last = Date.now();
    this.#failures.set(source, entry);
  }

  succeeded(source: string): void {
    this.#failures.delete(source);
  }
}
