/** Where a known secret value came from, for the report (never the value itself). */
export interface SecretValueSource {
  /** The secret's label (a user secret's name), else `secret:<xid>`. */
  secret: string;
  /** The owning application or unit; `model` for user secrets. */
  owner: string;
  /** Undefined for content a hook buffered but that was never committed. */
  revision?: number;
  key: string;
}

/** One leak: where it was found and what leaked (described, not shown). */
export interface LeakFinding {
  where: string;
  /** The secret value found there; absent for other problems (a credential file's mode). */
  source?: SecretValueSource;
  problem: string;
}

/**
 * Values shorter than this are not looked for: short strings (`true`, `admin`, a port) turn up
 * everywhere and would drown real leaks in false positives.
 */
export const MIN_SECRET_LENGTH = 8;

const describe = (s: SecretValueSource) =>
  `a value of secret ${JSON.stringify(s.secret)} (owner ${s.owner}, ${
    s.revision === undefined ? "uncommitted content" : `revision ${s.revision}`
  }, key ${JSON.stringify(s.key)})`;

/**
 * Finds known secret values in texts that must never hold them. Both sides grow: a value
 * learned late is looked for in every text seen so far, a text added late is checked against
 * every value known, so the order in which a test learns them does not matter.
 */
export class LeakScanner {
  readonly #values = new Map<string, SecretValueSource>();
  /** Where → the text found there last. */
  readonly #texts = new Map<string, string>();
  readonly #findings = new Map<string, LeakFinding>();
  readonly #reported = new Set<string>();

  /** A value the engine knows as secret content; ignored when shorter than MIN_SECRET_LENGTH. */
  learn(value: string, source: SecretValueSource): void {
    if (value.length < MIN_SECRET_LENGTH || this.#values.has(value)) return;
    this.#values.set(value, source);
    for (const [where, text] of this.#texts) this.#check(where, text, value, source);
  }

  /** A text that must hold no secret value, named by where it was found (unique per place). */
  inspect(where: string, text: string): void {
    if (this.#texts.get(where) === text) return;
    this.#texts.set(where, text);
    for (const [value, source] of this.#values) this.#check(where, text, value, source);
  }

  /** A problem that is not a value in a text (a credential file readable by others). */
  report(where: string, problem: string): void {
    const key = `${where}\0${problem}`;
    if (!this.#findings.has(key)) this.#findings.set(key, { where, problem });
  }

  findings(): LeakFinding[] {
    return [...this.#findings.values()];
  }

  /** Findings not handed out before. */
  takeUnreported(): LeakFinding[] {
    const fresh = [...this.#findings].filter(([key]) => !this.#reported.has(key));
    for (const [key] of fresh) this.#reported.add(key);
    return fresh.map(([, finding]) => finding);
  }

  #check(where: string, text: string, value: string, source: SecretValueSource): void {
    if (!text.includes(value)) return;
    const problem = describe(source);
    const key = `${where}\0${problem}`;
    if (!this.#findings.has(key)) this.#findings.set(key, { where, source, problem });
  }
}

/** Thrown by settle() and close() when new leaks were found; the message names each one. */
export class LeakError extends Error {
  constructor(readonly findings: readonly LeakFinding[]) {
    super(
      [
        `secret leak scan: ${findings.length} finding(s)`,
        ...findings.map((f) => `  - ${f.problem} in ${f.where}`),
        `(values shorter than ${MIN_SECRET_LENGTH} characters are not scanned for)`,
      ].join("\n"),
    );
    this.name = "LeakError";
  }
}
