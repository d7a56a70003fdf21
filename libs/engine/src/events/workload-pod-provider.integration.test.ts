import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { metadata } from "../../testing/events/test-support";
import { eventually, PebbleTestClient } from "../../testing/pebble-server/test-support";
import { ManualClock } from "../model/clock";
import { Model } from "../model/model";
import type { PebbleEvent } from "./pebble-event";
import type { UnitPod } from "./pod-provider";
import { workloadPodProvider } from "./workload-pod-provider";

const WEB_YAML = `name: web
containers: {site: {mounts: [{storage: data, location: /data}]}}
storage: {data: {type: filesystem}}
`;
const CHECK_LAYER = `
checks:
  never:
    override: replace
    period: 100ms
    threshold: 1
    exec: {command: /bin/false}
`;

let dir: string;
let pods: UnitPod[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "wpp-"));
  pods = [];
});

afterEach(async () => {
  await Promise.all(pods.map((pod) => pod.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(yaml: string, accepts?: () => boolean) {
  const model = new Model({ clock: new ManualClock() });
  const app = model.deploy("web", metadata(yaml));
  const events: PebbleEvent[] = [];
  const provider = workloadPodProvider({ stateDir: dir, ...(accepts ? { accepts } : {}) });
  const pod = await provider.startPod("web/0", app, (event) => events.push(event));
  pods.push(pod);
  return { pod, events };
}

describe("workloadPodProvider", () => {
  it("starts a Pebble per container, raises pebble-ready, and routes notices and checks", async () => {
    const { pod, events } = await start(WEB_YAML);
    expect(events).toEqual([{ kind: "ready", container: "site" }]);
    const socketDir = pod.containerSocketDirs.site ?? "";
    const client = new PebbleTestClient(join(socketDir, "pebble.socket"));
    await client.post("/v1/notices", { action: "add", type: "custom", key: "example.com/ping" });
    const notice = await eventually(() => events.find((e) => e.kind === "custom-notice"));
    expect(notice).toMatchObject({ container: "site", key: "example.com/ping" });
    await client.addLayer("checks", CHECK_LAYER);
    const failed = await eventually(() => events.find((e) => e.kind === "check-failed"));
    expect(failed).toEqual({ kind: "check-failed", container: "site", check: "never" });
    expect((await pod.inspect()).texts[0]?.text).toContain("/bin/false");
  }, 30_000);

  it("shows the leak scanner the containers' files and their storage", async () => {
    const { pod } = await start(WEB_YAML);
    // The unit's state dir keeps its storage under storage/<name>.
    writeFileSync(join(dir, "web-0", "storage", "data", "creds"), "password=hunter2", { mode: 0o600 });
    const { files } = await pod.inspect();
    expect(files).toContainEqual(
      expect.objectContaining({ container: "site", path: "/data/creds", content: "password=hunter2" }),
    );
    expect(files.find((f) => f.path === "/data/creds")?.mode).toBe(0o100600);
  }, 30_000);

  it("stopPebble makes the socket go away; startPebble brings a fresh Pebble and pebble-ready", async () => {
    const { pod, events } = await start(WEB_YAML);
    await pod.faults?.stopPebble("site");
    expect((await pod.inspect()).texts).toEqual([]);
    await pod.faults?.startPebble("site");
    expect(events.filter((e) => e.kind === "ready")).toHaveLength(2);
    expect((await pod.inspect()).texts).toHaveLength(1);
  }, 30_000);

  it("gives an empty pod to charms without containers and to applications it does not accept", async () => {
    for (const { pod, events } of [await start("name: web\n"), await start(WEB_YAML, () => false)]) {
      expect(pod.containerSocketDirs).toEqual({});
      expect(pod.faults).toBeUndefined();
      expect(events).toEqual([]);
    }
  });
});
