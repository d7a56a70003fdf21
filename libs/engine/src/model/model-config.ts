import { ConfigError } from "./config";

/**
 * The model config keys the engine acts on (`juju model-config`), with Juju's defaults:
 * the proxy settings that reach hooks as JUJU_CHARM_*_PROXY (and the legacy `http-proxy` …
 * as http_proxy/HTTP_PROXY …), and whether failed hooks are retried automatically.
 */
export interface ModelConfig {
  "juju-http-proxy": string;
  "juju-https-proxy": string;
  "juju-ftp-proxy": string;
  "juju-no-proxy": string;
  "http-proxy": string;
  "https-proxy": string;
  "ftp-proxy": string;
  "no-proxy": string;
  "automatically-retry-hooks": boolean;
}

export type ModelConfigKey = keyof ModelConfig;

/** Juju's defaults: no proxies (juju-no-proxy keeps loopback out of any proxy), retries on. */
export const MODEL_CONFIG_DEFAULTS: Readonly<ModelConfig> = Object.freeze({
  "juju-http-proxy": "",
  "juju-https-proxy": "",
  "juju-ftp-proxy": "",
  "juju-no-proxy": "127.0.0.1,localhost,::1",
  "http-proxy": "",
  "https-proxy": "",
  "ftp-proxy": "",
  "no-proxy": "",
  "automatically-retry-hooks": true,
});

const isKey = (key: string): key is ModelConfigKey => Object.hasOwn(MODEL_CONFIG_DEFAULTS, key);

/**
 * `juju model-config k=v …` on `config`: `null` resets a key to its default. Values are checked
 * against the key's type (a boolean key also takes "true"/"false"); unknown keys are refused.
 */
export function applyModelConfig(
  config: ModelConfig,
  values: Readonly<Record<string, string | boolean | null | undefined>>,
): void {
  const next: Partial<Record<ModelConfigKey, string | boolean>> = {};
  for (const [key, value] of Object.entries(values)) {
    if (!isKey(key)) throw new ConfigError(`unknown model config key ${JSON.stringify(key)}`);
    const fallback = MODEL_CONFIG_DEFAULTS[key];
    if (value === null || value === undefined) next[key] = fallback;
    else if (typeof fallback === "boolean") {
      if (typeof value === "boolean") next[key] = value;
      else if (value === "true" || value === "false") next[key] = value === "true";
      else throw new ConfigError(`model config ${key}: expected a boolean, got ${JSON.stringify(value)}`);
    } else if (typeof value === "string") next[key] = value;
    else throw new ConfigError(`model config ${key}: expected a string, got ${JSON.stringify(value)}`);
  }
  Object.assign(config, next);
}
