// Values as the Go hook tools hand them to their formatters. Plain JS values stand for Go
// interface{} values (objects are maps with sorted keys, arrays are []interface{}); the classes
// mark the Go types whose output differs.

/** A []string: smart output prints one per line; `null` items is a nil slice (json `null`, yaml `[]`). */
export class GoStrings {
  constructor(readonly items: readonly string[] | null) {}
}

/** A nil map: json `null`, yaml and smart `{}`. */
export class GoNilMap {}

/** A float64: yaml prints it with Go's %g (e.g. `1e+06`). */
export class GoFloat {
  constructor(readonly value: number) {}
}

/** A struct: fields in declaration order (omitempty is the caller's job: leave the field out). */
export class GoStruct {
  constructor(readonly fields: readonly (readonly [string, unknown])[]) {}
}

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  !(value instanceof Date) &&
  !(value instanceof GoStrings) &&
  !(value instanceof GoNilMap) &&
  !(value instanceof GoFloat) &&
  !(value instanceof GoStruct);

/** Entries of a map (keys sorted, as Go's encoders do) or a struct (declared order). */
export function entriesOf(value: GoStruct | Record<string, unknown>): (readonly [string, unknown])[] {
  if (value instanceof GoStruct) return [...value.fields];
  return Object.keys(value)
    .sort()
    .map((k) => [k, value[k]] as const);
}

/** time.Time as RFC 3339 with trailing zero fractions trimmed (RFC3339Nano), in UTC. */
export const goTime = (date: Date): string =>
  date
    .toISOString()
    .replace(/\.?0+Z$/, "Z")
    .replace(/\.Z$/, "Z");

/** strconv.FormatFloat(f, 'g', -1, 64): %e when the exponent is < -4 or >= 6 (shortest precision). */
export function goFloatText(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (!Number.isFinite(value)) return value > 0 ? "+Inf" : "-Inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa = "", power = "0"] = value.toExponential().split("e");
  const exp = Number(power);
  if (exp < -4 || exp >= 6)
    return `${mantissa}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(value);
}
