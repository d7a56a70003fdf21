import type { Databag } from "@charmarr/charm";
import fc from "fast-check";
import { DOWNLOAD_CLIENT_KINDS, MEDIA_MANAGER_KINDS } from "../src/media-kinds";

/**
 * fast-check arbitraries for what a hostile related application can put in its databag: each
 * interface key either missing, well formed, or garbage (huge strings, wrong JSON types,
 * unicode and control characters, secret IDs of the wrong shape, URLs with credentials or odd
 * schemes, path lists with `..`, huge arrays), plus extra keys. For the property tests of the
 * interface readers and of the charms that read them.
 */

/** The longest value generated: well past every bound of databag-fields.ts. */
export const HUGE = 300_000;

const XID = fc.stringMatching(/^[0-9a-v]{20}$/);
const UUID = fc.uuid();

/** A string of up to HUGE characters, built by repetition (fast to generate and to shrink). */
export const hugeString: fc.Arbitrary<string> = fc
  .tuple(fc.string({ minLength: 1, maxLength: 8, unit: "binary" }), fc.integer({ min: 1_000, max: HUGE }))
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

const controlString = fc.string({
  maxLength: 40,
  unit: fc.integer({ min: 0, max: 0x9f }).map((c) => String.fromCharCode(c < 0x20 || c >= 0x7f ? c : c % 32)),
});

/** Any string a databag could hold: short, unicode, control characters, huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 40, unit: "binary" }),
  fc.string({ maxLength: 40, unit: "grapheme" }),
  controlString,
  fc.constantFrom("", " ", "null", "undefined", "[]", "{}", "0", "-1", "true", "NaN", "\u0000", "\u202e"),
  hugeString,
);

/** JSON of any type, as a string: `{"a":1}`, `[null]`, `"x"`, `3.5`, `true`. */
export const wrongJson: fc.Arbitrary<string> = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v));

export const goodUrl: fc.Arbitrary<string> = fc.oneof(
  fc.webUrl({ validSchemes: ["http", "https"] }),
  fc.tuple(fc.ipV4(), fc.integer({ min: 1, max: 65535 })).map(([ip, port]) => `http://${ip}:${port}`),
);

/** A control character (C0 or DEL) or a space: what a URL parser quietly strips or encodes. */
const controlChar = fc.constantFrom("\u0000", "\t", "\n", "\r", "\u001b", "\u007f", " ");

export const hostileUrl: fc.Arbitrary<string> = fc.oneof(
  // A good URL with a control character spliced in (a header injection, a NUL, a tab).
  fc
    .tuple(goodUrl, controlChar, fc.nat(), fc.constantFrom("", "Set-Cookie: x"))
    .map(([url, c, at, tail]) => {
      const i = at % (url.length + 1);
      return `${url.slice(0, i)}${c}${tail}${url.slice(i)}`;
    }),
  // Credentials in the URL, in every place they can hide.
  fc
    .tuple(fc.constantFrom("http", "https"), fc.string({ minLength: 1, maxLength: 20 }), fc.domain())
    .map(([s, user, host]) => `${s}://${encodeURIComponent(user)}:hunter2-password@${host}/`),
  fc.domain().map((host) => `http://admin@${host}:8080`),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom(
    "file:///etc/passwd",
    "javascript:alert(1)",
    "data:text/html,<script>",
    "ftp://host/",
    "gopher://host:70/",
    "http://",
    "http:///path",
    "http://[::1",
    "http://host:99999",
    "//host/path",
    "host:8080",
    "http://\u0000host",
    "http://host/\r\nSet-Cookie: x",
    "HTTP://HOST",
    "http://[::1]:9696",
  ),
  fc.tuple(fc.constantFrom("http://h/", "https://a.b/?q=", "ws://x/"), hugeString).map(([a, b]) => a + b),
  fc
    .tuple(fc.string({ minLength: 1, maxLength: 10 }), fc.string({ maxLength: 30, unit: "binary" }))
    .map(([scheme, rest]) => `${scheme}:${rest}`),
  hostileString,
);

export const goodSecretId: fc.Arbitrary<string> = fc.oneof(
  XID.map((x) => `secret:${x}`),
  XID,
  fc.tuple(UUID, XID).map(([u, x]) => `secret://${u}/${x}`),
);

export const hostileSecretId: fc.Arbitrary<string> = fc.oneof(
  goodSecretId.map((id) => id.toUpperCase()),
  goodSecretId.map((id) => `${id}x`),
  goodSecretId.map((id) => id.slice(0, -1)),
  goodSecretId.map((id) => ` ${id}`),
  goodSecretId.map((id) => `${id}\n`),
  fc.tuple(hugeString, XID).map(([h, x]) => `secret://${h}/${x}`),
  fc.tuple(fc.string({ maxLength: 20 }), XID).map(([h, x]) => `secret://${h}/${x}`),
  fc.constantFrom("secret:", "secret://", "secret:short", "hunter2-the-api-key", "secret:../../etc"),
  hostileString,
);

const APP_NAME = /^[a-z][a-z0-9]{0,9}(-[a-z][a-z0-9]{0,5}){0,2}$/;
export const goodAppName: fc.Arbitrary<string> = fc.stringMatching(APP_NAME);

export const hostileAppName: fc.Arbitrary<string> = fc.oneof(
  goodAppName.map((n) => n.toUpperCase()),
  goodAppName.map((n) => `${n}-4`),
  goodAppName.map((n) => `${n}/0`),
  goodAppName.map((n) => n.padEnd(64, "a")),
  fc.constantFrom("radarr-", "-radarr", "4k", "radarr_4k", "Sonarr 4K", "radarr\n", "rädarr"),
  hostileString,
);

/** Absolute paths, some with `.`/`..` parts, control characters, huge. */
const hostilePath: fc.Arbitrary<string> = fc.oneof(
  fc
    .array(fc.constantFrom("data", "media", "..", ".", "", "movies", "etc"), { maxLength: 8 })
    .map((parts) => `/${parts.join("/")}`),
  fc.constantFrom("/movies/../etc", "/../../etc/shadow", "/data/./x", "relative/path", "~/x", "C:\\x"),
  controlString.map((s) => `/data/${s}`),
  hugeString.map((s) => `/${s}`),
  fc.string({ maxLength: 30, unit: "binary" }).map((s) => `/${s}`),
  hostileString,
);

export const goodPathList: fc.Arbitrary<string> = fc
  .array(fc.stringMatching(/^(\/[a-z0-9_-]{1,12}){1,4}$/), { maxLength: 6 })
  .map((paths) => JSON.stringify(paths));

export const hostilePathList: fc.Arbitrary<string> = fc.oneof(
  fc.array(hostilePath, { maxLength: 8 }).map((paths) => JSON.stringify(paths)),
  // Huge arrays: over the 64 allowed, and many thousands.
  fc
    .tuple(fc.integer({ min: 65, max: 40_000 }), fc.constantFrom("/a", "/data/media/movies", ".."))
    .map(([n, p]) => JSON.stringify(Array.from({ length: n }, () => p))),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 8 }).map((v) => JSON.stringify(v)),
  fc.constantFrom("[", "[/data]", '"/data"', '{"0":"/data"}', "[[[[[[[[[[]]]]]]]]]]", "[1e999]"),
  // Deep nesting: JSON.parse must not blow the stack, nor the reader.
  fc
    .integer({ min: 100, max: 5_000 })
    .map((depth) => `${"[".repeat(depth)}${"]".repeat(depth)}`),
  wrongJson,
  hostileString,
);

/** The keys of one side of an interface, each with its well-formed and its hostile values. */
export type FieldArbitraries = Record<string, { good: fc.Arbitrary<string>; bad: fc.Arbitrary<string> }>;

export function kind(values: readonly string[]): { good: fc.Arbitrary<string>; bad: fc.Arbitrary<string> } {
  return {
    good: fc.constantFrom(...values),
    bad: fc.oneof(
      fc.constantFrom(...values).map((v) => v.toUpperCase()),
      fc.constantFrom(...values).map((v) => ` ${v}`),
      fc.constantFrom(...values).map((v) => JSON.stringify(v)),
      hostileString,
      wrongJson,
    ),
  };
}

export const FIELDS = {
  apiUrl: { good: goodUrl, bad: hostileUrl },
  secretId: { good: goodSecretId, bad: hostileSecretId },
  appName: { good: goodAppName, bad: hostileAppName },
  pathList: { good: goodPathList, bad: hostilePathList },
} as const;

/**
 * A databag for one side of an interface: each key missing, well formed or hostile (well
 * formed more often, so that bags that parse are generated too), plus hostile extra keys.
 */
export function hostileDatabag(fields: FieldArbitraries): fc.Arbitrary<Databag> {
  const entries = Object.entries(fields).map(([key, { good, bad }]) =>
    fc
      .oneof(
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 3, arbitrary: good },
        { weight: 2, arbitrary: bad },
      )
      .map((value): [string, string | undefined] => [key, value]),
  );
  const extra = fc.dictionary(
    fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom("__proto__", "constructor", "toString")),
    hostileString,
    {
      maxKeys: 4,
    },
  );
  return fc.tuple(fc.tuple(...entries), extra).map(([known, more]) => {
    const bag: Databag = Object.create(null) as Databag;
    for (const [key, value] of Object.entries(more)) bag[key] = value;
    for (const [key, value] of known) if (value !== undefined) bag[key] = value;
    return { ...bag };
  });
}

/** Every value of a bag long enough that its presence in a message would be a copy of it. */
export function echoedValues(bag: Databag, minLength = 24): string[] {
  return Object.values(bag).filter((v) => v.length >= minLength);
}

/** Each side of each interface: its keys, each with well-formed and hostile values. */
export const INTERFACE_FIELDS = {
  downloadClientProvider: {
    "api-url": FIELDS.apiUrl,
    client: kind(DOWNLOAD_CLIENT_KINDS),
    "instance-name": FIELDS.appName,
    "credentials-secret-id": FIELDS.secretId,
    "api-key-secret-id": FIELDS.secretId,
  },
  downloadClientRequirer: { manager: kind(MEDIA_MANAGER_KINDS), "instance-name": FIELDS.appName },
  mediaIndexerProvider: {
    "api-url": FIELDS.apiUrl,
    "api-key-secret-id": FIELDS.secretId,
    indexer: kind(["prowlarr"]),
  },
  mediaIndexerRequirer: { manager: kind(MEDIA_MANAGER_KINDS), "instance-name": FIELDS.appName },
  mediaManagerProvider: {
    "api-url": FIELDS.apiUrl,
    manager: kind(MEDIA_MANAGER_KINDS),
    "instance-name": FIELDS.appName,
    "root-folders": FIELDS.pathList,
  },
  mediaStorageRequirer: { "instance-name": FIELDS.appName },
} satisfies Record<string, FieldArbitraries>;
