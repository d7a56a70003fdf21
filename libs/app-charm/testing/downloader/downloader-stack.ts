import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import { addSharedStorage, relateToSharedStorage } from "@charmarr/media-storage-charm/testing";
import { type TestModel, testModel } from "@charmarr/testing";
import { afterAll, afterEach, beforeAll } from "vitest";
import {
  consumerRefusals,
  consumerViews,
  DOWNLOAD_CONSUMER_YAML,
  downloadConsumerCharm,
} from "./download-consumer-charm";

// What the qBittorrent and SABnzbd charms' process-level test files share: the charm packed once
// per file, and per test a model with the downloader (the real app under the engine's Pebble)
// and in-process media managers, closed after the test.

export const MINUTE = 60_000;
export const DAY = 24 * 60 * MINUTE;

export interface Packed {
  charmFile: string;
  close(): void;
}

/** Packs the charm in `charmDir` into a temp dir of its own. */
export async function packDownloader(name: string, charmDir: string): Promise<Packed> {
  const work = mkdtempSync(join(tmpdir(), `${name}-charm-`));
  const { path } = await packCharm(charmDir, work);
  return { charmFile: path, close: () => rmSync(work, { recursive: true, force: true }) };
}

export interface DownloaderCharm {
  /** The Juju app name, also its container's. */
  app: "qbittorrent" | "sabnzbd";
  pack(): Promise<Packed>;
  /** Files in the container that hold the credential by design (at mode 0600 only). */
  credentialFiles: readonly string[];
  /** Config every model starts the app with. */
  config?: Record<string, unknown>;
}

export interface Stack {
  m: TestModel;
  url: string;
  address: string;
  /** Manager name → its download-client relation's id. */
  relations: Record<string, number>;
}

export interface DownloaderTestFile {
  readonly packed: Packed;
  /** A model with the shared media storage (and the Kubernetes API), closed after the test. */
  model(): Promise<TestModel>;
  /**
   * The downloader on an address of its own and the given managers (in-process consumers:
   * name → manager kind), related and settled. Closed after the test.
   */
  stack(managers?: Record<string, string>, config?: Record<string, unknown>): Promise<Stack>;
}

/**
 * Registers the file's hooks: pack before all, clean up after all, and after each test close
 * its model and forget what the consumers saw.
 */
export function downloaderTestFile(charm: DownloaderCharm): DownloaderTestFile {
  let packed: Packed | undefined;
  let m: TestModel | undefined;
  beforeAll(async () => {
    packed = await charm.pack();
  }, 180_000);
  afterAll(() => packed?.close());
  afterEach(async () => {
    await m?.close();
    m = undefined;
    consumerViews.clear();
    consumerRefusals.clear();
  });
  const file: DownloaderTestFile = {
    get packed() {
      if (!packed) throw new Error(`${charm.app} is not packed yet`);
      return packed;
    },
    async model() {
      m = await testModel({ kubernetes: true });
      await addSharedStorage(m, []);
      return m;
    },
    async stack(managers = { radarr: "radarr", sonarr: "sonarr" }, config = {}) {
      const m = await file.model();
      m.deploy(charm.app, { charmFile: file.packed.charmFile, config: { ...charm.config, ...config } });
      relateToSharedStorage(m, charm.app);
      const unit = `${charm.app}/0`;
      for (const path of charm.credentialFiles) m.declareCredentialFile(unit, charm.app, path);
      const relations: Record<string, number> = {};
      for (const [name, manager] of Object.entries(managers)) {
        m.deploy(name, {
          charm: downloadConsumerCharm,
          metadata: DOWNLOAD_CONSUMER_YAML,
          config: { manager },
        });
        relations[name] = m.integrate(`${name}:download-client`, `${charm.app}:download-client`).id;
      }
      await m.settle();
      // Read once the pod runs: its IP is the unit's address.
      const { address } = m.model.unit(unit);
      return { m, address, url: `http://${address}:8080`, relations };
    },
  };
  return file;
}

/** The revisions an owned secret keeps. */
export function revisionsOf(m: TestModel, label: string, owner: string): number[] {
  return [...(m.secret(label, { owner })?.revisions.keys() ?? [])];
}
