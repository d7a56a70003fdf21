import type { ConfigOptionMeta, ConfigValue } from "./charm-meta";
import { parseSecretUri } from "./secret-uri";

export class ConfigError extends Error {}

// Go's %#v, which Juju uses in "option %q expected %s, got %#v".
const goValue = (value: unknown): string =>
  typeof value === "string" ? JSON.stringify(value) : String(value);

function fail(name: string, option: ConfigOptionMeta, value: unknown): never {
  throw new ConfigError(`option ${JSON.stringify(name)} expected ${option.type}, got ${goValue(value)}`);
}

/**
 * Validates one operator-supplied value the way `juju config` does: strings are parsed into the
 * option's type (as on the command line), typed values are checked.
 */
export function coerceConfigValue(name: string, option: ConfigOptionMeta, value: unknown): ConfigValue {
  switch (option.type) {
    case "string":
      if (typeof value !== "string") fail(name, option, value);
      return value;
    case "secret":
      if (typeof value !== "string" || !parseSecretUri(value)) fail(name, option, value);
      return value;
    case "boolean":
      if (typeof value === "boolean") return value;
      if (value === "true") return true;
      if (value === "false") return false;
      return fail(name, option, value);
    case "int": {
      const n = typeof value === "string" && /^[-+]?\d+$/.test(value.trim()) ? Number(value) : value;
      if (typeof n !== "number" || !Number.isInteger(n)) fail(name, option, value);
      return n;
    }
    case "float": {
      const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
      if (typeof n !== "number" || Number.isNaN(n)) fail(name, option, value);
      return n;
    }
  }
}

/**
 * What config-get sees: the operator's value, else the charm default, else null (an unset
 * option without default, which config-get leaves out unless --all).
 */
export function effectiveConfig(
  options: Record<string, ConfigOptionMeta>,
  values: ReadonlyMap<string, ConfigValue>,
): Record<string, ConfigValue | null> {
  const out: Record<string, ConfigValue | null> = {};
  for (const [name, option] of Object.entries(options)) {
    out[name] = values.get(name) ?? option.default ?? null;
  }
  return out;
}
