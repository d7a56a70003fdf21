import * as z from "zod";
import type { ConfigOption } from "./charm-metadata";

/** A config option parsed into its JavaScript type; `secret` options are secret URIs. */
export type ConfigValue = string | number | boolean;
export type ConfigValues = Record<string, ConfigValue | undefined>;

/** One bad option, phrased for an operator: option, value, what is allowed. */
export interface ConfigProblem {
  option: string;
  value: unknown;
  allowed: string;
}

export type ConfigResult<C> = { ok: true; config: C } | { ok: false; problems: ConfigProblem[] };

const SECRET_URI = /^(secret:(\/\/[0-9a-f-]+\/)?)?[0-9a-v]{20}$/;

function optionSchema(option: ConfigOption): z.ZodType {
  switch (option.type) {
    case "int":
      return z.number().int();
    case "float":
      return z.number();
    case "boolean":
      return z.boolean();
    case "secret":
      return z.string().regex(SECRET_URI, "a secret URI such as secret:<id>");
    default:
      return z.string();
  }
}

function describeAllowed(schema: z.ZodType, option: ConfigOption | undefined): string {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault) {
    return describeAllowed(schema.unwrap() as z.ZodType, option);
  }
  if (schema instanceof z.ZodEnum) return `one of ${schema.options.map(String).join(", ")}`;
  if (schema.description) return schema.description;
  switch (option?.type) {
    case "int":
      return "a whole number";
    case "float":
      return "a number";
    case "boolean":
      return "true or false";
    case "secret":
      return "a secret URI such as secret:<id> (from `juju add-secret`)";
    default:
      return "a string";
  }
}

/**
 * The zod schema of a charm's config: one entry per `charmcraft.yaml` option with its type,
 * optional when it has no default (Juju omits unset options), with charm-specific
 * refinements (enums, ranges) layered on top.
 */
export function configSchema(
  options: Record<string, ConfigOption>,
  refine: Record<string, z.ZodType> = {},
): z.ZodObject {
  const shape: Record<string, z.ZodType> = {};
  for (const [name, option] of Object.entries(options)) {
    const base = refine[name] ?? optionSchema(option);
    shape[name] = option.default === undefined ? base.optional() : base;
  }
  return z.object(shape);
}

/** Parse `config-get` output; failures name each option, its value and what is allowed. */
export function parseConfig<C>(
  schema: z.ZodObject,
  options: Record<string, ConfigOption>,
  raw: Record<string, unknown>,
): ConfigResult<C> {
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, config: result.data as C };
  const problems = new Map<string, ConfigProblem>();
  for (const issue of result.error.issues) {
    const option = String(issue.path[0] ?? "");
    if (problems.has(option)) continue;
    const field = schema.shape[option] as z.ZodType | undefined;
    problems.set(option, {
      option,
      value: raw[option],
      allowed: field ? describeAllowed(field, options[option]) : issue.message,
    });
  }
  return { ok: false, problems: [...problems.values()] };
}

/** How much of a bad value the message repeats: enough to recognise it, never the whole of a huge one. */
const MAX_VALUE_SHOWN = 64;

function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length <= MAX_VALUE_SHOWN ? text : `${text.slice(0, MAX_VALUE_SHOWN - 2)}…"`;
}

/** `invalid config: rotation-interval="fortnightly" (allowed: one of never, hourly, ...)`. */
export function describeConfigProblems(problems: readonly ConfigProblem[]): string {
  return `invalid config: ${problems.map((p) => `${p.option}=${shown(p.value)} (allowed: ${p.allowed})`).join("; ")}`;
}
