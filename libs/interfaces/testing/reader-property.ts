import type { Databag, ParsedDatabag, Relation } from "@charmarr/charm";
import fc from "fast-check";
import { expect } from "vitest";
import { echoedValues, type FieldArbitraries, hostileDatabag } from "./hostile-databags";
import { testRelation } from "./test-relation";

/** Longest reason a reader may give: it ends up in status messages. */
export const MAX_REASON = 1024;

/**
 * The property every interface reader must have: on any databag the other side can write it
 * never throws; it answers `{ok:false, reason}` with a bounded reason that repeats none of the
 * values (nor does its warning), or `{ok:true, data}` with data that `check` accepts.
 */
export async function assertReaderProperty<T>(opts: {
  fields: FieldArbitraries;
  read: (relation: Relation) => Promise<ParsedDatabag<T>>;
  check: (data: T, bag: Databag) => void;
  numRuns?: number;
}): Promise<{ ok: number; refused: number }> {
  const seen = { ok: 0, refused: 0 };
  await fc.assert(
    fc.asyncProperty(hostileDatabag(opts.fields), async (bag) => {
      const { relation, logLines } = testRelation({ remote: bag, endpoint: "hostile" });
      const parsed = await opts.read(relation);
      if (parsed.ok) {
        seen.ok++;
        opts.check(parsed.data, bag);
        return;
      }
      seen.refused++;
      expect(parsed.reason.length).toBeLessThanOrEqual(MAX_REASON);
      const logged = logLines.join("\n");
      expect(logged.length).toBeLessThanOrEqual(4 * MAX_REASON);
      for (const value of echoedValues(bag)) {
        expect(parsed.reason.includes(value), "the reason repeats a value").toBe(false);
        const escaped = JSON.stringify(value).slice(1, -1);
        expect(logged.includes(value) || logged.includes(escaped), "the warning repeats a value").toBe(false);
      }
    }),
    { numRuns: opts.numRuns ?? 100 },
  );
  return seen;
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/** The bounds of databag-fields.ts, checked on what a reader returned. */
export const expectField = {
  apiUrl(text: string): void {
    expect(text.length).toBeLessThanOrEqual(2048);
    expect(/[\u0000-\u0020\u007f]/.test(text), "control characters or spaces in a URL").toBe(false);
    const url = new URL(text);
    expect(["http:", "https:"]).toContain(url.protocol);
    expect(url.hostname).not.toBe("");
    expect(url.username + url.password).toBe("");
  },
  secretId(text: string): void {
    expect(text.length).toBeLessThanOrEqual(128);
    expect(text).toMatch(
      /^(?:secret:|secret:\/\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/)?[0-9a-v]{20}$/,
    );
  },
  appName(text: string): void {
    expect(text.length).toBeLessThanOrEqual(63);
    expect(text).toMatch(/^[a-z][a-z0-9]*(?:-[a-z0-9]*[a-z][a-z0-9]*)*$/);
  },
  paths(paths: readonly string[]): void {
    expect(Array.isArray(paths)).toBe(true);
    expect(paths.length).toBeLessThanOrEqual(64);
    for (const p of paths) {
      expect(typeof p).toBe("string");
      expect(p.length).toBeLessThanOrEqual(4096);
      expect(p.startsWith("/")).toBe(true);
      expect(CONTROL.test(p), "control characters in a path").toBe(false);
    }
  },
};
