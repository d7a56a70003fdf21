// The apps generate keys with Guid.NewGuid().ToString("N"): a random (version 4) UUID without
// dashes, 32 lowercase hex characters (specs/app-apis.md §b). A key of that shape also needs no
// escaping anywhere (URLs, XML). The charms make theirs with @charmarr/secrets' randomApiKey.

export const API_KEY_PATTERN = /^[0-9a-f]{32}$/;

/** Whether `key` has the shape the apps generate (they accept any non-blank string). */
export function isGeneratedApiKeyFormat(key: string): boolean {
  return API_KEY_PATTERN.test(key);
}
