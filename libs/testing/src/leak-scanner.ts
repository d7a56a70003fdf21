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

/**
 * Parts of values: a run of at least PARTIAL_MATCH_LENGTH consecutive characters of a value (or
 * of one of its encodings) at least PARTIAL_MIN_VALUE_LENGTH long counts as a leak of it. Twelve
 * characters of a generated credential are far beyond chance, and values under 16 characters are
 * only looked for whole, so short ordinary words never match.
 */
export const PARTIAL_MATCH_LENGTH = 12;
export const PARTIAL_MIN_VALUE_LENGTH = 16;

/** How a value was found: as is, in one of the encodings looked for, whole or in part. */
export type LeakForm = "plain" | "base64" | "base64url" | "hex" | "url-encoded";

interface Needle {
  text: string;
  form: LeakForm;
  source: SecretValueSource;
  value: string;
}

interface Hit {
  start: number;
  end: number;
  needle: Needle;
  whole: boolean;
}

const describe = (s: SecretValueSource) =>
  `a value of secret ${JSON.stringify(s.secret)} (owner ${s.owner}, ${
    s.revision === undefined ? "uncommitted content" : `revision ${s.revision}`
  }, key ${JSON.stringify(s.key)})`;

const formText = (form: LeakForm, whole: boolean): string => {
  const encoded = form === "plain" ? "" : form === "url-encoded" ? "URL-encoded" : `${form}-encoded`;
  if (whole) return encoded ? `, ${encoded}` : "";
  return `, in part (${PARTIAL_MATCH_LENGTH}+ characters${encoded ? ` of it ${encoded}` : ""})`;
};

/**
 * Base64 of `bytes` wherever they sit in a longer base64 text: for each of the three alignments,
 * the characters that depend on these bytes alone.
 */
function base64Cores(bytes: Buffer): string[] {
  const cores: string[] = [];
  for (let pad = 0; pad < 3; pad++) {
    const encoded = Buffer.concat([Buffer.alloc(pad), bytes, Buffer.alloc(3)]).toString("base64");
    const first = Math.ceil((8 * pad) / 6);
    const last = Math.floor((8 * (pad + bytes.length)) / 6); // exclusive
    if (last > first) cores.push(encoded.slice(first, last));
  }
  return cores;
}

/** Every form of `value` looked for. */
function encodings(value: string): { text: string; form: LeakForm }[] {
  const bytes = Buffer.from(value, "utf8");
  const forms: { text: string; form: LeakForm }[] = [{ text: value, form: "plain" }];
  for (const core of base64Cores(bytes)) {
    forms.push({ text: core, form: "base64" });
    const url = core.replaceAll("+", "-").replaceAll("/", "_");
    if (url !== core) forms.push({ text: url, form: "base64url" });
  }
  const hex = bytes.toString("hex");
  forms.push({ text: hex, form: "hex" }, { text: hex.toUpperCase(), form: "hex" });
  const component = encodeURIComponent(value);
  if (component !== value) forms.push({ text: component, form: "url-encoded" });
  const form = component.replaceAll("%20", "+");
  if (form !== component) forms.push({ text: form, form: "url-encoded" });
  // Lowercase percent escapes, as some encoders write them.
  const lower = component.replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase());
  if (lower !== component) forms.push({ text: lower, form: "url-encoded" });
  // Encoded forms shorter than the minimum (a short value's hex is long enough; its base64 core
  // at an odd alignment may not be) are not looked for.
  return forms.filter((f) => f.text.length >= MIN_SECRET_LENGTH);
}

// Rabin-Karp over PARTIAL_MATCH_LENGTH-character windows: one pass over a text finds every
// window of every needle long enough for partial matching. The hash wraps at 32 bits (integer
// multiplies, no division: a big file is millions of windows); a hash hit is checked by a compare.
const BASE = 257;
let BASE_POW = 1;
for (let i = 1; i < PARTIAL_MATCH_LENGTH; i++) BASE_POW = Math.imul(BASE_POW, BASE);

function windowHash(text: string, start: number): number {
  let h = 0;
  for (let i = start; i < start + PARTIAL_MATCH_LENGTH; i++)
    h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  return h;
}

/** The needles of every value known, indexed for one pass per text. */
class Matcher {
  readonly needles: Needle[] = [];
  /** Window hash → needles with a window of that hash, and where in them. */
  readonly #windows = new Map<number, { needle: Needle; offset: number }[]>();
  /** A bit per low 20 bits of the window hashes: most windows of a text are ruled out without a map lookup. */
  readonly #seen = new Uint8Array(1 << 17);
  #longest = 0;

  add(value: string, source: SecretValueSource): void {
    for (const { text, form } of encodings(value)) {
      const needle: Needle = { text, form, source, value };
      this.needles.push(needle);
      this.#longest = Math.max(this.#longest, text.length);
      if (value.length < PARTIAL_MIN_VALUE_LENGTH || text.length < PARTIAL_MATCH_LENGTH) continue;
      for (let offset = 0; offset + PARTIAL_MATCH_LENGTH <= text.length; offset++) {
        const h = windowHash(text, offset);
        this.#seen[(h >>> 3) & 0x1ffff]! |= 1 << (h & 7);
        const list = this.#windows.get(h) ?? [];
        list.push({ needle, offset });
        this.#windows.set(h, list);
      }
    }
  }

  /** The longest needle: how far chunks of a long text must overlap. */
  get longest(): number {
    return this.#longest;
  }

  /** Every whole match, and every partial match (merged into maximal runs) of a long-enough value. */
  hits(text: string): Hit[] {
    const hits: Hit[] = [];
    for (const needle of this.needles) {
      for (let at = text.indexOf(needle.text); at >= 0; at = text.indexOf(needle.text, at + 1)) {
        hits.push({ start: at, end: at + needle.text.length, needle, whole: true });
      }
    }
    if (this.#windows.size === 0 || text.length < PARTIAL_MATCH_LENGTH) return hits;
    // Partial runs, one per needle and place: consecutive window hits extend the run.
    const open = new Map<Needle, Hit>();
    let h = windowHash(text, 0);
    for (let i = 0; ; i++) {
      const candidates = this.#seen[(h >>> 3) & 0x1ffff]! & (1 << (h & 7)) ? this.#windows.get(h) : undefined;
      if (candidates) {
        for (const { needle, offset } of candidates) {
          if (!text.startsWith(needle.text.slice(offset, offset + PARTIAL_MATCH_LENGTH), i)) continue;
          const run = open.get(needle);
          if (run && run.end >= i + PARTIAL_MATCH_LENGTH - 1) run.end = i + PARTIAL_MATCH_LENGTH;
          else {
            const hit = { start: i, end: i + PARTIAL_MATCH_LENGTH, needle, whole: false };
            open.set(needle, hit);
            hits.push(hit);
          }
        }
      }
      const next = i + PARTIAL_MATCH_LENGTH;
      if (next >= text.length) break;
      h = (Math.imul(h - Math.imul(text.charCodeAt(i), BASE_POW), BASE) + text.charCodeAt(next)) | 0;
    }
    return hits;
  }
}

/**
 * Finds known secret values in texts that must never hold them: as they are, base64 (standard
 * and URL-safe, at any alignment), hex, URL-encoded, and in part (PARTIAL_MATCH_LENGTH+
 * characters of a value of PARTIAL_MIN_VALUE_LENGTH+). Both sides grow: a value learned late is
 * looked for in every text seen so far, a text added late is checked against every value known,
 * so the order in which a test learns them does not matter. Places are reported with every
 * secret in them masked, since a place's name may hold one (a databag key, a file name).
 */
export class LeakScanner {
  readonly #values = new Map<string, SecretValueSource>();
  readonly #matcher = new Matcher();
  /** Where → the text found there last. */
  readonly #texts = new Map<string, string>();
  readonly #findings = new Map<string, LeakFinding>();
  readonly #reported = new Set<string>();
  #generation = 0;

  /** A value the engine knows as secret content; ignored when shorter than MIN_SECRET_LENGTH. */
  learn(value: string, source: SecretValueSource): void {
    if (value.length < MIN_SECRET_LENGTH || this.#values.has(value)) return;
    this.#values.set(value, source);
    const added = new Matcher();
    added.add(value, source);
    this.#matcher.add(value, source);
    this.#generation++;
    for (const [where, text] of this.#texts) this.#check(where, text, added);
  }

  /** Grows with every value learned: a text checked at an older generation needs checking again. */
  get generation(): number {
    return this.#generation;
  }

  /** How many characters consecutive chunks of a long text must share so no match is cut in two. */
  get chunkOverlap(): number {
    return Math.max(0, this.#matcher.longest - 1);
  }

  /** A text that must hold no secret value, named by where it was found (unique per place). */
  inspect(where: string, text: string): void {
    if (this.#texts.get(where) === text) return;
    this.#texts.set(where, text);
    this.#check(where, text, this.#matcher);
  }

  /**
   * A long text in chunks (a big file), checked against the values known now and not kept:
   * call it again when values were learned since (see `generation`). Consecutive chunks must
   * overlap by `chunkOverlap` characters.
   */
  inspectChunk(where: string, chunk: string): void {
    this.#check(where, chunk, this.#matcher);
  }

  /** A problem that is not a value in a text (a credential file readable by others). */
  report(where: string, problem: string): void {
    const place = this.redact(where);
    const key = `${place}\0${problem}`;
    if (!this.#findings.has(key)) this.#findings.set(key, { where: place, problem });
  }

  /** `text` with every known value (in every form looked for, whole or in part) masked. */
  redact(text: string): string {
    const hits = this.#matcher.hits(text).sort((a, b) => a.start - b.start);
    let out = "";
    let at = 0;
    for (const hit of hits) {
      if (hit.end <= at) continue;
      out += `${text.slice(at, Math.max(at, hit.start))}<secret>`;
      at = hit.end;
    }
    return out + text.slice(at);
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

  #check(where: string, text: string, matcher: Matcher): void {
    const hits = matcher.hits(text);
    if (hits.length === 0) return;
    // One finding per value and place: the strongest form (whole before partial, plain first).
    const best = new Map<string, Hit>();
    for (const hit of hits) {
      const current = best.get(hit.needle.value);
      if (!current || (hit.whole && !current.whole)) best.set(hit.needle.value, hit);
    }
    const place = this.redact(where);
    for (const hit of best.values()) {
      const problem = `${describe(hit.needle.source)}${formText(hit.needle.form, hit.whole)}`;
      const key = `${place}\0${describe(hit.needle.source)}`;
      if (!this.#findings.has(key))
        this.#findings.set(key, { where: place, source: hit.needle.source, problem });
    }
  }
}

/** Thrown by settle() and close() when new leaks were found; the message names each one. */
export class LeakError extends Error {
  constructor(readonly findings: readonly LeakFinding[]) {
    super(
      [
        `secret leak scan: ${findings.length} finding(s)`,
        ...findings.map((f) => `  - ${f.problem} in ${f.where}`),
        `(values shorter than ${MIN_SECRET_LENGTH} characters are not scanned for; parts of ` +
          `${PARTIAL_MATCH_LENGTH}+ characters of values of ${PARTIAL_MIN_VALUE_LENGTH}+ are)`,
      ].join("\n"),
    );
    this.name = "LeakError";
  }
}
