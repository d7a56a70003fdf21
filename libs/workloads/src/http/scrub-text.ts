// An app's plain-text error body as kept in an error: the secrets the request carried replaced
// (short strings are left alone: replacing them would mangle the text and reveal nothing), and
// cut to a readable length.

const MIN_SECRET_LENGTH = 4;
const MAX_BODY = 300;

export function scrubText(text: string, secrets: readonly unknown[]): string {
  let out = text;
  for (const secret of secrets) {
    if (typeof secret === "string" && secret.length >= MIN_SECRET_LENGTH) out = out.replaceAll(secret, "***");
  }
  return out.length > MAX_BODY ? `${out.slice(0, MAX_BODY)}…` : out;
}
