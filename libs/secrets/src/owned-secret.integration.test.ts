/**
 * The same lifecycle with the owner as a real process: the packed `http-keeper` charm runs
 * its `dispatch` through real hook-tool processes and reaches its app over HTTP; readers
 * stay in-process in the same model. Kills here are real SIGKILLs of the hook process.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import { type TestModel, testModel } from "@charmarr/testing";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { FakeCredentialApp } from "../testing/fake-credential-workload";
import { serveCredentialApp } from "../testing/http-credential-app";
import { readerUses, TOKEN_READER_YAML, tokenReaderCharm } from "../testing/token-reader-charm";

const DAY = 24 * 60 * 60_000;
let work: string;
let charmFile: string;
let m: TestModel;
let app: FakeCredentialApp;
let served: { url: string; close(): Promise<void> };

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "http-keeper-"));
  ({ path: charmFile } = await packCharm(resolve(import.meta.dirname, "../testing/http-keeper"), work));
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeEach(async () => {
  readerUses.clear();
  app = new FakeCredentialApp();
  served = await serveCredentialApp(app);
  m = await testModel();
  m.deploy("keeper", { charmFile, units: 1, config: { "app-url": served.url } });
  for (const name of ["reader", "other"]) {
    m.deploy(name, { charm: tokenReaderCharm, metadata: TOKEN_READER_YAML, units: 1 });
    m.integrate(`${name}:token`, "keeper:token");
  }
});

afterEach(async () => {
  await m.close();
  await served.close();
});

const latest = () => m.secret("token", { owner: "keeper" })!.content().token;

describe("owned secret, owner as a process", () => {
  it("creates, grants, rotates to every consumer and prunes the old revision", async () => {
    await m.settle();
    expect(app.credential).toBe(latest());
    expect(readerUses.get("reader/0")).toBe(latest());
    const first = latest();
    m.advance(31 * DAY);
    await m.settle();
    const secret = m.secret("token", { owner: "keeper" })!;
    expect(latest()).not.toBe(first);
    expect(app.credential).toBe(latest());
    expect(readerUses.get("reader/0")).toBe(latest());
    expect(readerUses.get("other/0")).toBe(latest());
    expect([...secret.revisions.keys()]).toEqual([2]);
    expect(m.hookLog.filter((h) => h.unit === "keeper/0").every((h) => h.result === "ok")).toBe(true);
  });

  for (const readable of [true, false]) {
    for (const n of [3, 5, 6]) {
      it(`${readable ? "readable" : "hash-only"} credential: a rotation SIGKILLed after tool call ${n} converges`, async () => {
        await m.settle();
        app.readable = readable;
        m.killHookAfterToolCall({ unit: "keeper/0", hook: "secret-rotate", n });
        m.advance(31 * DAY);
        await m.settle();
        expect(m.hookLog.some((h) => h.hook === "secret-rotate" && h.result === "killed")).toBe(true);
        m.advance(10 * 60_000);
        await m.settle();
        expect(app.credential).toBe(latest());
        expect(readerUses.get("reader/0")).toBe(latest());
        expect(readerUses.get("other/0")).toBe(latest());
        expect(m.unitStatus("keeper/0").status).toBe("active");
      });
    }
  }
});
