import { type ApiError, badRequest } from "./response-envelope";

function jsonKind(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value === "object" ? "object" : typeof value;
}

/**
 * A decoded JSON request body with typed field access. Type mismatches answer 400 with the text
 * Go's encoding/json gives ("json: cannot unmarshal number into Go struct field .action of type string");
 * missing fields read as Go zero values, and unknown fields are ignored, as in Pebble.
 */
export class JsonBody {
  private constructor(
    private readonly fields: Record<string, unknown>,
    private readonly errorPrefix: string,
  ) {}

  /** Parses `body`; `errorPrefix` is the handler's "cannot decode request body" wording. */
  static parse(body: Buffer, errorPrefix: string): JsonBody {
    const text = body.toString("utf8");
    if (text.trim() === "") throw badRequest(`${errorPrefix}: EOF`);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw badRequest(`${errorPrefix}: ${(error as Error).message}`);
    }
    if (jsonKind(value) === "null") return new JsonBody({}, errorPrefix);
    if (jsonKind(value) !== "object") {
      throw badRequest(
        `${errorPrefix}: json: cannot unmarshal ${jsonKind(value)} into Go value of type struct`,
      );
    }
    return new JsonBody(value as Record<string, unknown>, errorPrefix);
  }

  has(field: string): boolean {
    return this.fields[field] !== undefined && this.fields[field] !== null;
  }

  string(field: string): string {
    return this.typed(field, "string", (v) => typeof v === "string", "") as string;
  }

  bool(field: string): boolean {
    return this.typed(field, "bool", (v) => typeof v === "boolean", false) as boolean;
  }

  /** An optional integer (a Go *int): undefined when absent or null. */
  optionalInt(field: string): number | undefined {
    return this.typed(field, "int", (v) => typeof v === "number" && Number.isInteger(v), undefined) as
      | number
      | undefined;
  }

  int(field: string): number {
    return this.optionalInt(field) ?? 0;
  }

  strings(field: string): string[] {
    const list = this.typed(field, "[]string", Array.isArray, []) as unknown[];
    if (list.some((v) => typeof v !== "string"))
      throw this.mismatch(
        field,
        "string",
        list.find((v) => typeof v !== "string"),
      );
    return list as string[];
  }

  stringMap(field: string): Record<string, string> {
    const map = this.typed(field, "map[string]string", (v) => jsonKind(v) === "object", {}) as Record<
      string,
      unknown
    >;
    for (const value of Object.values(map))
      if (typeof value !== "string") throw this.mismatch(field, "string", value);
    return map as Record<string, string>;
  }

  /** A list of objects, each decoded like the body itself. */
  objects(field: string): JsonBody[] {
    const list = this.typed(field, "[]struct", Array.isArray, []) as unknown[];
    return list.map((item) => {
      if (jsonKind(item) !== "object") throw this.mismatch(field, "struct", item);
      return new JsonBody(item as Record<string, unknown>, this.errorPrefix);
    });
  }

  /** The raw value of a field (for payloads Pebble keeps as raw JSON). */
  raw(field: string): unknown {
    return this.fields[field];
  }

  private typed(field: string, goType: string, ok: (v: unknown) => boolean, zero: unknown): unknown {
    const value = this.fields[field];
    if (value === undefined || value === null) return zero;
    if (!ok(value)) throw this.mismatch(field, goType, value);
    return value;
  }

  private mismatch(field: string, goType: string, value: unknown): ApiError {
    return badRequest(
      `${this.errorPrefix}: json: cannot unmarshal ${jsonKind(value)} into Go struct field .${field} of type ${goType}`,
    );
  }
}
