import type { CharmDefinition } from "@charmarr/charm";
import { hostileString, hugeString } from "@charmarr/interfaces/testing";
import { testModel } from "@charmarr/testing";
import fc from "fast-check";
import { expect } from "vitest";

/**
 * Generated values for the charms' options, each labelled good or bad by construction (the
 * documented rule of the option, not the charm's code), for the config property below.
 */
export interface OptionValues {
  good: fc.Arbitrary<unknown>;
  /** None for a boolean: Juju lets no bad value through. */
  bad?: fc.Arbitrary<unknown>;
  /** Values Juju itself refuses for the option's type (`juju config` fails; no hook runs). */
  refused?: fc.Arbitrary<unknown>;
}

/** Longest status message a bad config may give. */
export const MAX_MESSAGE = 1024;

const ROTATIONS = ["never", "hourly", "daily", "weekly", "monthly", "quarterly", "yearly"];

/** Strings that are neither of `good` (random, huge, unicode, control characters, path-like). */
function badString(extra: readonly string[], isGood: (v: string) => boolean): fc.Arbitrary<string> {
  return fc
    .oneof(
      fc.constantFrom(...extra),
      hostileString,
      fc.constantFrom("..", "../../etc/passwd", "/..", "/proc/self/environ", "~", "$(id)", "`id`", "%00"),
    )
    .filter((v) => !isGood(v));
}

/** For string options: Juju refuses a number or a boolean. */
const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.double());

export const rotationIntervalValues: OptionValues = {
  good: fc.constantFrom(...ROTATIONS),
  bad: badString(["Weekly", " weekly", "fortnightly", "monthly\n", "1h"], (v) => ROTATIONS.includes(v)),
  refused: notAString,
};

const ZONES = ["Etc/UTC", "Europe/Paris", "America/New_York", "Asia/Tokyo", "America/Argentina/Buenos_Aires"];
export const timezoneValues: OptionValues = {
  good: fc.constantFrom(...ZONES),
  // Random strings are not zone names (their chance of spelling one is nil); a few near misses.
  bad: badString(
    ["Mars/Olympus", "europe/paris", "Europe/Paris ", "UTC+1", "Europe/../etc", "/etc/localtime", "Europe/"],
    (v) => ZONES.includes(v),
  ),
  refused: notAString,
};

const SEGMENT = /^[A-Za-z0-9_~-]{1,12}$/;
/** url-base: a path of letters, digits and `. _ ~ -` between slashes, no `.`/`..` segments, short enough to fit a URL; or empty. */
export const urlBaseValues: OptionValues = {
  good: fc.oneof(
    fc.constant(""),
    fc
      .tuple(fc.boolean(), fc.array(fc.stringMatching(SEGMENT), { minLength: 1, maxLength: 4 }), fc.boolean())
      .map(([lead, parts, trail]) => `${lead ? "/" : ""}${parts.join("/")}${trail ? "/" : ""}`),
  ),
  bad: fc.oneof(
    fc.constantFrom(
      "http://x/radarr",
      "/a b",
      "/a?x=1",
      "/a#b",
      "/../x",
      "/a/./b",
      "..",
      "/a//b",
      "/ä",
      "/a\n",
    ),
    fc
      .tuple(fc.constantFrom("/", "/a/"), hugeString)
      .map(([a, b]) => a + b.replace(/[A-Za-z0-9._~/-]/g, "%")),
    // Only allowed characters, but longer than any URL the app's address could carry it in.
    fc
      .integer({ min: 1_025, max: 300_000 })
      .map((n) => `/${"a".repeat(n)}`),
    controlPath("/radarr"),
  ),
  refused: notAString,
};

/** `prefix` with a control character in it (not whitespace, with `blankToo` false). */
function controlPath(prefix: string, blankToo = true): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.integer({ min: 0, max: 0x1f }).filter((c) => blankToo || c < 0x09 || c > 0x0d),
      fc.nat(prefix.length),
    )
    .map(([c, at]) => `${prefix.slice(0, at)}${String.fromCharCode(c)}${prefix.slice(at)}`);
}

const PART = /^[a-z0-9](?:[a-z0-9 _-]{0,14}[a-z0-9_-])?$/;
const parts = (min: number) => fc.array(fc.stringMatching(PART), { minLength: min, maxLength: 5 });

/** Absolute paths that leave `roots` or are not plain: `.`/`..`, control characters, spaces around, huge. */
function badPaths(roots: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom("movies", "downloads", "/config", "/etc", "/proc/self", "/", "/data", "/movies/../etc"),
    fc.constantFrom(...roots).map((root) => `${root}/../etc`),
    fc.constantFrom(...roots).map((root) => `${root}/./x`),
    fc.constantFrom(...roots).map((root) => ` ${root}/x`),
    fc.constantFrom(...roots).chain((root) => controlPath(`${root}/x`)),
    // Longer than PATH_MAX (4096): no directory has such a path.
    fc
      .tuple(fc.constantFrom(...roots), fc.integer({ min: 4_097, max: 300_000 }))
      .map(([root, n]) => `${root}/${"a".repeat(n - root.length - 1)}`),
    parts(1).map((p) => p.join("/")),
    hostileString.filter((v) => !roots.some((root) => v.startsWith(`${root}/`))),
  );
}

/** download-dir: under /data (the shared volume), plain parts, no quotes, commas or ; #. */
export const downloadDirValues: OptionValues = {
  good: fc.oneof(
    fc.constantFrom("/data/torrents", "/data/torrents/", "/data/usenet", "/data/usenet/complete"),
    parts(1).map((p) => `/data/${p.join("/")}`),
  ),
  bad: fc.oneof(
    badPaths(["/data"]),
    fc.constantFrom("/downloads", "/downloads/movies"),
    fc.constantFrom('/data/"x', "/data/a,b", "/data/a;b", "/data/#x", "/downloads/x'y", "/data\\x"),
  ),
  refused: notAString,
};

/** root-folder: a folder under /data (not /data itself), plain parts; or empty. */
export const rootFolderValues: OptionValues = {
  good: fc.oneof(
    fc.constant(""),
    parts(1).map((p) => `/data/${p.join("/")}`),
  ),
  bad: badPaths(["/data"]).filter((v) => v !== ""),
  refused: notAString,
};

/** An int option whose good values are `min..max` but `except`. */
export function portValues(min: number, max: number, except: readonly number[]): OptionValues {
  return {
    good: fc
      .oneof(fc.integer({ min, max }), fc.integer({ min, max }).map(String))
      .filter((v) => !except.includes(Number(v))),
    bad: fc.oneof(
      fc.constantFrom(...except, min - 1, max + 1, 0, -1, 2 ** 31, Number.MAX_SAFE_INTEGER, 1e21),
      fc.integer({ min: -(2 ** 31), max: min - 1 }),
      fc.integer({ min: max + 1, max: 2 ** 40 }),
      fc.constantFrom("99999999999999999999", "-0", "+80"),
    ),
    refused: fc.oneof(
      fc.double({ noInteger: true }),
      fc.constantFrom("6881.5", "x", "", "0x1F90", "1e3", "NaN", "Infinity", "port"),
      fc.boolean(),
    ),
  };
}

export const booleanValues: OptionValues = {
  good: fc.oneof(fc.boolean(), fc.constantFrom("true", "false")),
  refused: fc.oneof(
    fc.constantFrom("yes", "1", "True", "on", ""),
    fc.integer(),
    hostileString.filter((v) => v !== "true" && v !== "false"),
  ),
};

/** host-whitelist: comma-separated host names (letters, digits, dashes, dots), or empty. */
export const hostWhitelistValues: OptionValues = {
  good: fc.oneof(
    fc.constant(""),
    fc.array(fc.domain(), { minLength: 1, maxLength: 4 }).map((names) => names.join(", ")),
  ),
  bad: fc.oneof(
    fc.constantFrom(
      "sab example.com",
      "sab_example.com",
      "http://sab.example.com",
      "-sab.com",
      "a..b",
      "sab.com/x",
    ),
    fc.domain().map((d) => `${d},bad host`),
    // Blanks around a name are trimmed (as SABnzbd does): only other control characters are bad.
    controlPath("sab.example.com", false),
    hugeString.map((s) => `a${s}`).filter((s) => !/^[A-Za-z0-9.,\s-]*$/.test(s)),
  ),
  refused: notAString,
};

/**
 * Property: each option of `charm`, set alone to a generated value, in one model (reset after
 * each run). A good value: no failed hook, the status the charm has without it (a charm whose
 * workload needs more than config, such as media storage, may be Blocked on that). A bad one: no failed
 * hook, Blocked, the message names the option (`<option>=`) within MAX_MESSAGE characters. A
 * value Juju refuses for the option's type: the model refuses it and no hook runs.
 * Then all options at once: Blocked exactly when one is bad, each bad one named, bounded.
 */
export async function assertConfigProperty<C>(opts: {
  charm: CharmDefinition<C>;
  app: string;
  options: Record<string, OptionValues>;
  numRuns?: number;
}): Promise<void> {
  const m = await testModel();
  const unit = `${opts.app}/0`;
  try {
    m.deploy(opts.app, { charm: opts.charm });
    await m.settle();
    const baseline = m.unitStatus(unit);
    expect(baseline.message).not.toContain("invalid config");

    const names = Object.keys(opts.options);
    type Case = { option: string; value: unknown; verdict: "good" | "bad" | "refused" };
    const pick = (option: string, v: OptionValues): fc.Arbitrary<Case> => {
      const arbs: fc.Arbitrary<Case>[] = [v.good.map((value): Case => ({ option, value, verdict: "good" }))];
      if (v.bad) arbs.push(v.bad.map((value): Case => ({ option, value, verdict: "bad" })));
      if (v.refused) arbs.push(v.refused.map((value): Case => ({ option, value, verdict: "refused" })));
      return fc.oneof(...arbs);
    };
    const one = fc.oneof(...names.map((option) => pick(option, opts.options[option] as OptionValues)));
    const all = fc.tuple(
      ...names.map((option) => {
        const v = opts.options[option] as OptionValues;
        const good = v.good.map((value) => ({ option, value, bad: false }));
        if (!v.bad) return good;
        return fc.oneof(
          { weight: 2, arbitrary: good },
          { weight: 1, arbitrary: v.bad.map((value) => ({ option, value, bad: true })) },
        );
      }),
    );

    const reset = async () => {
      m.config(opts.app, Object.fromEntries(names.map((n) => [n, null])));
      await m.settle();
    };
    const check = (bad: string[], good: string[]) => {
      const failed = m.hookLog.filter((h) => h.result !== "ok").map((h) => `${h.unit} ${h.hook}`);
      expect(failed).toEqual([]);
      const { status, message } = m.unitStatus(unit);
      expect(message.length).toBeLessThanOrEqual(MAX_MESSAGE);
      if (bad.length > 0) expect(status).toBe("blocked");
      else expect({ status, message }).toEqual({ status: baseline.status, message: baseline.message });
      for (const option of bad) expect(message).toContain(`${option}=`);
      for (const option of good) expect(message).not.toContain(`${option}=`);
    };

    await fc.assert(
      fc.asyncProperty(one, async ({ option, value, verdict }) => {
        try {
          if (verdict === "refused") {
            const before = m.hookLog.length;
            expect(() => m.config(opts.app, { [option]: value })).toThrow(/expected/);
            expect(await m.settle()).toEqual([]);
            expect(m.hookLog.length).toBe(before);
            return;
          }
          m.config(opts.app, { [option]: value });
          await m.settle();
          check(verdict === "bad" ? [option] : [], verdict === "good" ? [option] : []);
        } finally {
          await reset();
        }
      }),
      { numRuns: opts.numRuns ?? 100 },
    );

    await fc.assert(
      fc.asyncProperty(all, async (values) => {
        try {
          m.config(opts.app, Object.fromEntries(values.map((v) => [v.option, v.value])));
          await m.settle();
          check(
            values.filter((v) => v.bad).map((v) => v.option),
            values.filter((v) => !v.bad).map((v) => v.option),
          );
        } finally {
          await reset();
        }
      }),
      { numRuns: Math.ceil((opts.numRuns ?? 100) / 2) },
    );
  } finally {
    await m.close();
  }
}
