/**
 * Value-based redaction. pino's own `redact` works on object paths, but a secret can end
 * up anywhere (an error message, an interpolated string), so every finished record is
 * scrubbed of every value registered here, raw and JSON-escaped.
 */
export const REDACTED = "«redacted»";

export class SecretRedactor {
  readonly #needles = new Set<string>();

  /** Register a secret value; too-short values would redact ordinary words, so they are refused. */
  add(value: string): void {
    if (value.length < 4) return;
    this.#needles.add(value);
    const escaped = JSON.stringify(value).slice(1, -1);
    if (escaped !== value) this.#needles.add(escaped);
  }

  get size(): number {
    return this.#needles.size;
  }

  redact(text: string): string {
    if (this.#needles.size === 0) return text;
    let out = text;
    // Longest first, so a value that contains another is removed whole.
    for (const needle of [...this.#needles].sort((a, b) => b.length - a.length)) {
      if (out.includes(needle)) out = out.split(needle).join(REDACTED);
    }
    return out;
  }
}
