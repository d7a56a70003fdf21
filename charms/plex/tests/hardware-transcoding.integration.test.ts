// hardware-transcoding: the node's /dev/dri mounted into the plex container through the pod
// template (one StatefulSet patch, the pod recreated), and taken out again when turned off.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PebbleClient } from "@charmarr/pebble";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { deployPlex, type PackedPlex, type PlexModel, packPlex, plexModel } from "../testing/plex-stack";

let packed: PackedPlex;
let stack: PlexModel;

beforeAll(async () => {
  packed = await packPlex();
}, 300_000);
afterAll(() => packed?.close());
beforeEach(async () => {
  stack = await plexModel();
});
afterEach(async () => {
  await stack?.close();
});

interface PodSpecJson {
  volumes?: { name: string }[];
  containers: { name: string; volumeMounts?: unknown[] }[];
}

/** Is the node's render device there in the plex container (through Pebble, as the app sees it)? */
async function renderNodeInContainer(): Promise<boolean> {
  const dir = stack.m.agents.pods().get("plex/0")?.containerSocketDirs.plex;
  if (!dir) throw new Error("plex/0 has no plex container");
  const pebble = new PebbleClient(join(dir, "pebble.socket"));
  try {
    return (await pebble.stat("/dev/dri/renderD128")) !== undefined;
  } finally {
    pebble.close();
  }
}

describe("plex hardware transcoding", () => {
  it("mounts /dev/dri when on, and takes it out when off", async () => {
    const { m } = stack;
    // The node's GPU: a render node under the hostPath root.
    const dri = m.kube.cluster.hostPathDir("/dev/dri");
    mkdirSync(dri, { recursive: true });
    writeFileSync(join(dri, "renderD128"), "");
    deployPlex(m, packed.file, { "hardware-transcoding": true });
    await m.settle();
    expect(m.hookLog.filter((h) => h.result !== "ok")).toEqual([]);
    const cluster = m.kube.cluster;
    const template = () =>
      (
        cluster.getStatefulSet(cluster.namespace, "plex") as unknown as {
          spec: { template: { spec: PodSpecJson } };
        }
      ).spec.template.spec;
    const podSpec = () =>
      (cluster.getPod(cluster.namespace, "plex-0") as unknown as { spec: PodSpecJson }).spec;
    expect(template().volumes).toContainEqual({
      name: "charmarr-dri",
      hostPath: { path: "/dev/dri", type: "Directory" },
    });
    expect(podSpec().containers.find((c) => c.name === "plex")?.volumeMounts).toContainEqual({
      name: "charmarr-dri",
      mountPath: "/dev/dri",
      readOnly: false,
    });
    expect(await renderNodeInContainer()).toBe(true);
    expect(m.unitStatus("plex/0").status).toBe("blocked"); // unclaimed: the claim-token fix is named

    m.config("plex", { "hardware-transcoding": false });
    await m.settle();
    expect(m.hookLog.filter((h) => h.result !== "ok")).toEqual([]);
    expect(template().volumes?.map((v) => v.name)).not.toContain("charmarr-dri");
    expect(podSpec().volumes?.map((v) => v.name)).not.toContain("charmarr-dri");
    expect(await renderNodeInContainer()).toBe(false);
    // The shared storage stays mounted.
    expect(template().volumes?.map((v) => v.name)).toContain("charmarr-media");
  }, 300_000);
});
