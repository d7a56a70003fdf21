import type { ServarrApp } from "./servarr-app";
import type { ServarrClient } from "./servarr-client";
import { ServarrAuthError } from "./servarr-errors";

// Changing a running app's API key (specs/app-apis.md §c). PUT config/host ignores `apiKey`, and
// there is no endpoint that sets one. Two paths work live:
// - applyApiKey: the charm's own key. Write it into config.xml, then save the host config
//   unchanged with the current key: the app drops its config cache, reads the file again and
//   takes the new key from the very next request.
// - resetApiKey: the app's own key. The ResetApiKey command makes one and writes it to
//   config.xml; the old key is refused once the command has run.
// Both leave the new key in config.xml, so a restart keeps it.

/** The app does not use the key it was given (an `*__AUTH__APIKEY` variable pins it, say). */
export class ApiKeyNotAppliedError extends Error {
  constructor(
    readonly app: ServarrApp,
    reason: string,
  ) {
    super(`${app}: the new API key is not in use: ${reason}`);
    this.name = "ApiKeyNotAppliedError";
  }
}

/**
 * Makes the app use `newKey` now and returns a client holding it, once the app has been seen to
 * accept it. `writeConfigKey` puts the key into the app's config.xml (ServarrConfigXml.with).
 * Safe to run again after a crash: if the current key is already refused but the new one works,
 * the earlier run got far enough.
 */
export async function applyApiKey<C extends ServarrClient>(
  client: C,
  newKey: string,
  writeConfigKey: (key: string) => Promise<void>,
): Promise<C> {
  await writeConfigKey(newKey);
  const next = client.withApiKey(newKey);
  try {
    const applied = await client.reloadHostConfig();
    if (applied.apiKey !== newKey) {
      throw new ApiKeyNotAppliedError(
        client.app,
        "the app kept its key after reading config.xml again (is an __AUTH__APIKEY environment variable set?)",
      );
    }
  } catch (error) {
    if (!(error instanceof ServarrAuthError && (await next.acceptsKey()))) throw error;
    return next;
  }
  if (!(await next.acceptsKey())) throw new ApiKeyNotAppliedError(client.app, "the app refuses it");
  return next;
}

export interface ResetApiKeyOptions {
  /** How long to wait for the command to run; 10 s by default. */
  timeoutMs?: number;
  pollMs?: number;
}

/**
 * Has the app generate a new key, waits until the old one is refused, reads the new one with
 * `readConfigKey` (from config.xml) and returns it with a client holding it.
 */
export async function resetApiKey<C extends ServarrClient>(
  client: C,
  readConfigKey: () => Promise<string | undefined>,
  options: ResetApiKeyOptions = {},
): Promise<{ apiKey: string; client: C }> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const pollMs = options.pollMs ?? 50;
  await client.runCommand("ResetApiKey");
  // Poll with the old key: once the command has run, it is refused (and so is reading the command).
  const deadline = Date.now() + timeoutMs;
  while (await client.acceptsKey()) {
    if (Date.now() > deadline) {
      throw new ApiKeyNotAppliedError(
        client.app,
        `the old key still works ${timeoutMs} ms after ResetApiKey`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  const apiKey = await readConfigKey();
  if (!apiKey) throw new ApiKeyNotAppliedError(client.app, "config.xml holds no key after ResetApiKey");
  const next = client.withApiKey(apiKey);
  if (!(await next.acceptsKey())) {
    throw new ApiKeyNotAppliedError(client.app, "the app refuses the key it wrote to config.xml");
  }
  return { apiKey, client: next };
}
