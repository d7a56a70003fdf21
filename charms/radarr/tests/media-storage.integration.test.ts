// Radarr on the shared media volume (media-storage), the packed charm against the engine's
// Kubernetes API: Blocked without the relation or without trust, then one patch of its own
// StatefulSet, the pod recreated with /data mounted and Juju's hooks after it, the app running as
// PUID:PGID with its tree made, nothing patched again; the relation removed unmounts, files kept.
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PebbleTestClient } from "@charmarr/engine/testing";
import { addSharedStorage, PGID, PUID, relateToSharedStorage } from "@charmarr/media-storage-charm/testing";
import { servarrTestFile } from "@charmarr/prowlarr-charm/testing";
import { type TestModel, toolsAfterAgentRestart } from "@charmarr/testing";
import { describe, expect, it } from "vitest";

const file = servarrTestFile(["radarr"]);

function pebble(m: TestModel, unit = "radarr/0"): PebbleTestClient {
  const dir = m.agents.pods().get(unit)?.containerSocketDirs.radarr;
  if (!dir) throw new Error(`${unit} has no pod`);
  return new PebbleTestClient(join(dir, "pebble.socket"));
}

const hooksSince = (m: TestModel, seq: number, unit: string) =>
  m.hookLog.filter((h) => h.seq > seq && h.unit === unit).map((h) => h.hook);

const lastSeq = (m: TestModel) => m.hookLog.at(-1)?.seq ?? 0;

/** Owner and mode of a file in the app's container. */
async function owner(m: TestModel, path: string): Promise<string> {
  return (await pebble(m).exec(["stat", "-c", "%u:%g %a", path])).stdout.trim();
}

describe("radarr on the shared media volume", () => {
  it("waits for the relation and trust, then mounts /data once and runs the app as PUID:PGID", async () => {
    const { m, packed } = file;
    m.deploy("radarr", { charmFile: packed.files.radarr });
    m.declareCredentialFile("radarr/0", "radarr", "/config/config.xml");
    m.declareCredentialFile("radarr/0", "radarr", "/config/radarr.db");
    await m.settle();
    expect(m.unitStatus("radarr/0")).toMatchObject({
      status: "blocked",
      message: "needs shared media storage: juju integrate radarr media-storage",
    });

    // Related but not trusted: Juju's default RBAC refuses the StatefulSet (403).
    m.integrate("storage:media-storage", "radarr:media-storage");
    await m.settle();
    expect(m.unitStatus("radarr/0")).toMatchObject({
      status: "blocked",
      message: "needs cluster trust: juju trust radarr --scope=cluster",
    });

    const before = lastSeq(m);
    m.trust("radarr");
    await m.settle();
    expect(hooksSince(m, before, "radarr/0")).toEqual([
      "config-changed", // trust: the patch, then Maintenance and return
      "stop",
      "upgrade-charm",
      "config-changed",
      "start",
      "radarr-pebble-ready",
    ]);
    expect(m.hookLog.filter((h) => h.result !== "ok")).toEqual([]);
    expect(m.unitStatus("radarr/0").status).toBe("active");
    const patches = m.kube.api.requestsOf("radarr").filter((r) => r.verb === "patch");
    expect(patches).toHaveLength(1);
    const sts = m.kube.cluster.getStatefulSet(m.model.name, "radarr") as {
      spec: { template: { spec: { volumes: { name: string }[] } } };
    };
    expect(sts.spec.template.spec.volumes.map((v) => v.name)).toContain("charmarr-media");

    // The app runs as the stack's ids (its database is its own file); its tree on the volume is
    // theirs, group-writable; its credentials stay private.
    expect(await owner(m, "/config/radarr.db")).toBe(`${PUID}:${PGID} 600`);
    const hostDir = m.kube.cluster.hostPathDir("/srv/media");
    for (const dir of ["media", "media/movies"]) {
      const stat = statSync(join(hostDir, dir));
      expect([stat.uid, stat.gid, (stat.mode & 0o777).toString(8)]).toEqual([PUID, PGID, "775"]);
    }
    expect(await owner(m, "/config/config.xml")).toBe(`${PUID}:${PGID} 600`);

    // Steady state: one GET (its own pod) per hook, nothing patched.
    m.kube.api.clearRequests();
    const steady = lastSeq(m);
    m.config("radarr", { "rotation-interval": "weekly" });
    await m.settle();
    expect(hooksSince(m, steady, "radarr/0")).toEqual(["config-changed"]);
    expect(m.kube.api.requestsOf("radarr").map((r) => `${r.verb} ${r.resource}`)).toEqual(["get pods"]);

    // A steady update-status checks only what changes without an event: the app answering and
    // config.xml; the mount, the relations and the cluster are left as the last full hook made them.
    m.kube.api.clearRequests();
    m.advance(5 * 60_000);
    await m.settle();
    const [update] = m.hookLog.filter(
      (h) => h.seq > steady && h.unit === "radarr/0" && h.hook === "update-status",
    );
    expect(update?.result).toBe("ok");
    // No secret read either: config.xml and the config are as the last full hook left them.
    expect(update?.toolCalls.map((c) => c.tool).sort()).toEqual([
      "config-get",
      "is-leader",
      "network-get",
      "status-get",
    ]);
    expect(m.kube.api.requestsOf("radarr")).toEqual([]);
    expect(m.unitStatus("radarr/0").status).toBe("active");
    // As steady: a config-changed that changes nothing (an agent restart), here and in the
    // storage, which then reads its claim and none of its consumers' relations.
    expect(await toolsAfterAgentRestart(m, "radarr/0", "storage/0")).toEqual({
      "radarr/0": ["config-get", "is-leader", "network-get", "status-get"],
      "storage/0": ["config-get", "is-leader", "status-get"],
    });
    expect(m.unitStatus("storage/0").status).toBe("active");

    // ...and repairs config.xml when it drifted: the key put back from the secret.
    const read = async () => (await pebble(m).exec(["cat", "/config/config.xml"])).stdout;
    const key = /<ApiKey>([^<]*)<\/ApiKey>/.exec(await read())?.[1];
    expect(key).toBeTruthy();
    await pebble(m).exec([
      "sed",
      "-i",
      "s#<ApiKey>[^<]*</ApiKey>#<ApiKey>drifted</ApiKey>#",
      "/config/config.xml",
    ]);
    expect(await read()).toContain("<ApiKey>drifted</ApiKey>");
    m.advance(5 * 60_000);
    await m.settle();
    expect(await read()).toContain(`<ApiKey>${key}</ApiKey>`);
    expect(m.unitStatus("radarr/0").status).toBe("active");
  });

  it("unmounts when the relation goes, losing nothing on the volume, and is Blocked until related again", async () => {
    const { m, packed } = file;
    m.deploy("radarr", { charmFile: packed.files.radarr });
    m.declareCredentialFile("radarr/0", "radarr", "/config/config.xml");
    m.declareCredentialFile("radarr/0", "radarr", "/config/radarr.db");
    relateToSharedStorage(m, "radarr");
    await m.settle();
    expect(m.unitStatus("radarr/0").status).toBe("active");
    const hostDir = m.kube.cluster.hostPathDir("/srv/media");
    writeFileSync(join(hostDir, "media", "movies", "kept.mkv"), "frames");

    const relation = m.model.relations("radarr", "media-storage")[0];
    if (!relation) throw new Error("no media-storage relation");
    m.removeRelation(relation.id);
    await m.settle();
    expect(m.unitStatus("radarr/0")).toMatchObject({
      status: "blocked",
      message: "needs shared media storage: juju integrate radarr media-storage",
    });
    const sts = m.kube.cluster.getStatefulSet(m.model.name, "radarr") as {
      spec: {
        template: {
          spec: {
            volumes?: { name: string }[];
            containers: { name: string; volumeMounts?: { mountPath: string }[] }[];
          };
        };
      };
    };
    expect(sts.spec.template.spec.volumes?.map((v) => v.name)).not.toContain("charmarr-media");
    const container = sts.spec.template.spec.containers.find((c) => c.name === "radarr");
    expect(container?.volumeMounts?.map((v) => v.mountPath)).not.toContain("/data");
    expect(
      (await pebble(m).exec(["sh", "-c", "test -e /data/media && echo mounted || echo gone"])).stdout,
    ).toBe("gone\n");
    expect(readFileSync(join(hostDir, "media", "movies", "kept.mkv"), "utf8")).toBe("frames");
    expect(m.hookLog.filter((h) => h.result !== "ok")).toEqual([]);

    relateToSharedStorage(m, "radarr");
    await m.settle();
    expect(m.unitStatus("radarr/0").status).toBe("active");
    expect(existsSync(join(hostDir, "media", "movies", "kept.mkv"))).toBe(true);
  });

  it("a second storage app on another folder is refused by the relation limit", async () => {
    const { m, packed } = file;
    m.deploy("radarr", { charmFile: packed.files.radarr });
    relateToSharedStorage(m, "radarr");
    await addSharedStorage(m, [], { app: "other", hostPath: "/srv/other" });
    expect(() => m.integrate("other:media-storage", "radarr:media-storage")).toThrow(/limit/);
  });
});
