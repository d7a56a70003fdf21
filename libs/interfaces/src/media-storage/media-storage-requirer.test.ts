// Both helpers over the engine, in-process: a provider publishing what its test sets, and a
// consumer reporting what readMediaStorage answers.
import { type Databag, declareMetadata, defineCharm } from "@charmarr/charm";
import { type TestModel, testModel } from "@charmarr/testing";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MEDIA_MOUNT_PATH } from "./media-layout";
import type { MediaStorageProvider } from "./media-storage-data";
import { provideMediaStorage } from "./media-storage-provider";
import { readMediaStorage } from "./media-storage-requirer";

let offered: MediaStorageProvider | undefined;
const seen: string[][] = [];

const PROVIDER_META = { name: "storage", provides: { "media-storage": { interface: "media-storage" } } };
const CONSUMER_META = {
  name: "radarr",
  requires: { "media-storage": { interface: "media-storage", limit: 1 } },
};

const provider = defineCharm({
  metadata: declareMetadata(PROVIDER_META),
  async reconcile(ctx) {
    if (!(await ctx.isLeader())) return;
    const consumers = await provideMediaStorage(ctx, offered);
    seen.push(consumers.map((c) => c.remoteApp));
  },
});

const consumer = defineCharm({
  metadata: declareMetadata(CONSUMER_META),
  async reconcile(ctx) {
    const storage = await readMediaStorage(ctx);
    if (storage.ok) ctx.status.active(`${storage.remoteApp}: ${storage.data.pvcName}`);
    else ctx.status.waiting(storage.reason);
  },
});

const DATA: MediaStorageProvider = {
  pvcName: "storage-data",
  mountPath: MEDIA_MOUNT_PATH,
  puid: 1000,
  pgid: 1000,
  umask: "002",
  accessMode: "ReadWriteMany",
};

let m: TestModel;
beforeEach(async () => {
  m = await testModel();
  offered = undefined;
  seen.length = 0;
});
afterEach(() => m.close());

describe("media-storage helpers", () => {
  it("without the relation: waiting for it", async () => {
    m.deploy("radarr", { charm: consumer, metadata: CONSUMER_META });
    await m.settle();
    expect(m.unitStatus("radarr/0")).toMatchObject({
      status: "waiting",
      message: "Waiting for media-storage relation",
    });
  });

  it("the leader publishes instance-name, every unit reads the claim; withdrawn data is waited for again", async () => {
    offered = DATA;
    m.deploy("storage", { charm: provider, metadata: PROVIDER_META });
    m.deploy("radarr", { charm: consumer, metadata: CONSUMER_META, units: 2 });
    const rel = m.integrate("radarr:media-storage", "storage:media-storage");
    await m.settle();
    expect(m.databag(rel.id, "radarr")).toEqual({ "instance-name": "radarr" });
    for (const unit of ["radarr/0", "radarr/1"]) {
      expect(m.unitStatus(unit)).toMatchObject({ status: "active", message: "storage: storage-data" });
    }
    expect(seen.at(-1)).toEqual(["radarr"]);
    offered = undefined;
    m.config("storage", {});
    m.advance(5 * 60_000);
    await m.settle();
    expect(m.databag(rel.id, "storage")).toEqual({} satisfies Databag);
    expect(m.unitStatus("radarr/0")).toMatchObject({
      status: "waiting",
      message: `waiting for storage to publish its claim on media-storage:${rel.id}`,
    });
  });
});
