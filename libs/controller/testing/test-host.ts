import { createHash, randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DeployOptions, type HookRecord, readCharmFileMeta } from "@charmarr/engine";
import { type CharmSource, type TestModel, type TestModelOptions, testModel } from "@charmarr/testing";

/** A charm definition run in-process (the `charm` of a TestModel deploy). */
// biome-ignore lint/suspicious/noExplicitAny: any charm's definition, whatever its config type
export type InProcessCharm = Extract<CharmSource<any>, { charm: unknown }>["charm"];

export interface TestHostOptions extends TestModelOptions {
  /**
   * Charms run in-process instead of from their uploaded archive, by charm name: the archive
   * still gives the metadata (what was uploaded is what is deployed).
   */
  inProcessCharms?: Record<string, InProcessCharm>;
}

import type { ModelChange, ModelHost, StoredCharm, WorkloadKind } from "../src/model-host";

/**
 * A small ModelHost for tests over `testModel()`: uploaded charms are kept as files and run as
 * processes (the TestModel's `charmFile` deploy); `kick()` settles the model in-process, one
 * settle loop at a time, and reports each hook that ran to the change listeners.
 */
export class TestHost implements ModelHost {
  readonly controllerUuid = randomUUID();
  readonly #tm: TestModel;
  readonly #dir: string;
  readonly #charms = new Map<string, StoredCharm>();
  readonly #listeners = new Set<(change: ModelChange, hook?: HookRecord) => void>();
  #loop: Promise<void> | undefined;
  #again = false;
  /** Errors of settle loops (a hook error is a unit status, not this: this is the loop failing). */
  readonly settleErrors: unknown[] = [];
  persisted = 0;

  readonly #inProcess: Record<string, InProcessCharm>;

  constructor(tm: TestModel, inProcessCharms: Record<string, InProcessCharm> = {}) {
    this.#tm = tm;
    this.#inProcess = inProcessCharms;
    this.#dir = mkdtempSync(join(tmpdir(), "test-host-"));
    mkdirSync(join(this.#dir, "charms"));
  }

  get testModel(): TestModel {
    return this.#tm;
  }

  get model() {
    return this.#tm.model;
  }

  get agents() {
    return this.#tm.agents;
  }

  async addCharm(archive: Buffer): Promise<StoredCharm> {
    const sha256 = createHash("sha256").update(archive).digest("hex");
    const known = [...this.#charms.values()].find((c) => c.sha256 === sha256);
    if (known) return known;
    const file = join(this.#dir, "charms", `${sha256}.charm`);
    writeFileSync(file, archive, { mode: 0o600 });
    let meta: StoredCharm["meta"];
    try {
      meta = readCharmFileMeta(file);
    } catch (err) {
      rmSync(file, { force: true });
      throw err;
    }
    const revision = [...this.#charms.values()].filter((c) => c.name === meta.name).length;
    const charm: StoredCharm = {
      url: `local:${meta.name}-${revision}`,
      name: meta.name,
      revision,
      meta,
      file,
      sha256,
    };
    this.#charms.set(charm.url, charm);
    return charm;
  }

  charm(url: string): StoredCharm | undefined {
    return this.#charms.get(url);
  }

  charms(): StoredCharm[] {
    return [...this.#charms.values()];
  }

  deploy(app: string, charmUrl: string, options: DeployOptions): void {
    const charm = this.#charms.get(charmUrl);
    if (!charm) throw new Error(`charm ${JSON.stringify(charmUrl)} not found`);
    const definition = Object.hasOwn(this.#inProcess, charm.name) ? this.#inProcess[charm.name] : undefined;
    this.#tm.deploy(app, {
      ...(definition ? { charm: definition, metadata: { ...charm.meta } } : { charmFile: charm.file }),
      ...(options.units === undefined ? {} : { units: options.units }),
      ...(options.config === undefined ? {} : { config: options.config }),
      ...(options.trust === undefined ? {} : { trust: options.trust }),
    });
    for (const [name, value] of Object.entries(options.resources ?? {}))
      this.#tm.model.attachResource(app, name, value);
  }

  kick(): void {
    if (this.#loop) {
      this.#again = true;
      return;
    }
    this.#loop = this.#settleLoop().finally(() => {
      this.#loop = undefined;
    });
  }

  async #settleLoop(): Promise<void> {
    do {
      this.#again = false;
      try {
        const ran = await this.#tm.settle();
        for (const hook of ran) this.#emit("unit", hook);
      } catch (err) {
        this.settleErrors.push(err);
      }
    } while (this.#again);
  }

  /** Resolves once no settle loop runs (after every kick so far has been acted on). */
  async settled(): Promise<void> {
    while (this.#loop) await this.#loop;
  }

  onChange(listener: (change: ModelChange, hook?: HookRecord) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(change: ModelChange, hook?: HookRecord): void {
    for (const listener of [...this.#listeners]) listener(change, hook);
  }

  workloadKind(_app: string): WorkloadKind {
    return "none";
  }

  async persist(): Promise<void> {
    this.persisted += 1;
  }

  async close(): Promise<void> {
    await this.settled();
    try {
      await this.#tm.close();
    } finally {
      rmSync(this.#dir, { recursive: true, force: true });
    }
  }
}

/** A TestHost over a fresh testModel(); close() it after the test. */
export async function testHost(options: TestHostOptions = {}): Promise<TestHost> {
  const { inProcessCharms, ...modelOptions } = options;
  return new TestHost(await testModel(modelOptions), inProcessCharms);
}
