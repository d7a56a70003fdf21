/**
 * Typed, checked reads of untyped JSON (or YAML) objects from Pebble. Each accessor throws a
 * PebbleProtocolError naming the object and field, so a malformed response fails loudly at
 * the boundary instead of surfacing as `undefined` deep inside a charm.
 *
 * A JSON `null` counts as absent for optional fields: Go encodes unset pointers that way.
 */
import { PebbleProtocolError } from "./pebble-errors";

export type WireObject = Record<string, unknown>;

export function isWireObject(value: unknown): value is WireObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export class WireReader {
  readonly #obj: WireObject;
  readonly #context: string;

  constructor(value: unknown, context: string) {
    if (!isWireObject(value)) {
      throw new PebbleProtocolError(`${context}: expected an object, got ${describe(value)}`);
    }
    this.#obj = value;
    this.#context = context;
  }

  has(key: string): boolean {
    return this.#obj[key] !== undefined && this.#obj[key] !== null;
  }

  assertPresent(key: string): void {
    if (!this.has(key)) throw new PebbleProtocolError(`${this.#context}: missing field "${key}"`);
  }

  raw(key: string): unknown {
    return this.#obj[key];
  }

  string(key: string): string {
    return this.#required(key, this.optionalString(key));
  }

  optionalString(key: string): string | undefined {
    return this.#optional(key, "a string", (v) => (typeof v === "string" ? v : undefined));
  }

  number(key: string): number {
    return this.#required(key, this.optionalNumber(key));
  }

  optionalNumber(key: string): number | undefined {
    return this.#optional(key, "a number", (v) =>
      typeof v === "number" && Number.isFinite(v) ? v : undefined,
    );
  }

  /** Go's `*int` with no `omitempty`: present but null means "unknown". */
  nullableNumber(key: string): number | null {
    return this.optionalNumber(key) ?? null;
  }

  boolean(key: string): boolean {
    return this.#required(key, this.optionalBoolean(key));
  }

  optionalBoolean(key: string): boolean | undefined {
    return this.#optional(key, "a boolean", (v) => (typeof v === "boolean" ? v : undefined));
  }

  /** A value from a closed set, such as a service's `current` state. */
  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    return this.#required(key, this.optionalOneOf(key, allowed));
  }

  optionalOneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    return this.#optional(key, `one of ${allowed.join("|")}`, (v) =>
      allowed.includes(v as T) ? (v as T) : undefined,
    );
  }

  /** An RFC 3339 timestamp (Go emits nanoseconds; Date keeps milliseconds). */
  time(key: string): Date {
    return this.#required(key, this.optionalTime(key));
  }

  optionalTime(key: string): Date | undefined {
    return this.#optional(key, "an RFC 3339 time", (v) => {
      if (typeof v !== "string") return undefined;
      const date = new Date(v);
      return Number.isNaN(date.getTime()) ? undefined : date;
    });
  }

  optionalStringList(key: string): string[] | undefined {
    return this.#optional(key, "a list of strings", (v) =>
      Array.isArray(v) && v.every((item) => typeof item === "string") ? [...v] : undefined,
    );
  }

  /**
   * A string-to-string map. YAML readers turn unquoted `8080` or `true` into numbers and
   * booleans; those are turned back into the strings Pebble meant.
   */
  optionalStringMap(key: string): Record<string, string> | undefined {
    return this.#optional(key, "a map of strings", (v) => {
      if (!isWireObject(v)) return undefined;
      const out: Record<string, string> = {};
      for (const [k, item] of Object.entries(v)) {
        if (typeof item === "string") out[k] = item;
        else if (typeof item === "number" || typeof item === "boolean") out[k] = String(item);
        else return undefined;
      }
      return out;
    });
  }

  /** A free-form object (change data, error values), shallow-copied. */
  optionalRecord(key: string): WireObject | undefined {
    return this.#optional(key, "an object", (v) => (isWireObject(v) ? { ...v } : undefined));
  }

  object(key: string): WireReader {
    return this.#required(key, this.optionalObject(key));
  }

  optionalObject(key: string): WireReader | undefined {
    if (!this.has(key)) return undefined;
    return new WireReader(this.#obj[key], `${this.#context}.${key}`);
  }

  /** Each entry of a name-keyed map, as a reader (`services: {name: {...}}`). */
  optionalEntries(key: string): [string, WireReader][] | undefined {
    const inner = this.optionalObject(key);
    if (!inner) return undefined;
    return inner.keys().map((name) => [name, inner.object(name)]);
  }

  list<T>(key: string, parse: (value: unknown, context: string) => T): T[] {
    return this.#required(key, this.optionalList(key, parse));
  }

  optionalList<T>(key: string, parse: (value: unknown, context: string) => T): T[] | undefined {
    if (!this.has(key)) return undefined;
    return readList(this.#obj[key], `${this.#context}.${key}`, parse);
  }

  keys(): string[] {
    return Object.keys(this.#obj);
  }

  #required<T>(key: string, value: T | undefined): T {
    if (value === undefined) this.assertPresent(key);
    return value as T;
  }

  #optional<T>(key: string, expected: string, convert: (value: unknown) => T | undefined): T | undefined {
    if (!this.has(key)) return undefined;
    const value = this.#obj[key];
    const converted = convert(value);
    if (converted === undefined) {
      throw new PebbleProtocolError(`${this.#context}.${key}: expected ${expected}, got ${describe(value)}`);
    }
    return converted;
  }
}

/** A top-level list result, each item parsed with its index in the context. */
export function readList<T>(
  value: unknown,
  context: string,
  parse: (item: unknown, context: string) => T,
): T[] {
  if (!Array.isArray(value)) {
    throw new PebbleProtocolError(`${context}: expected a list, got ${describe(value)}`);
  }
  return value.map((item, i) => parse(item, `${context}[${i}]`));
}

/** A value's type for error messages. Never the value itself: it may be file content. */
function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  return typeof value;
}
