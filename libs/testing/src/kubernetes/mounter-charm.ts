// A process charm for the Kubernetes API tests (only *.test.ts import this): its hooks talk to
// the engine's API exactly as a charm in a pod does (in-cluster env and files, node:https with
// the served CA), and patch their own StatefulSet as config `mode` says.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const MOUNTER_METADATA = `
name: mounter
containers:
  app:
    mounts: [{storage: state, location: /state}]
storage:
  state: {type: filesystem, location: /state}
`;

export const MOUNTER_CONFIG = `
options:
  mode: {type: string, default: none, description: "none | add | remove | hostpath | leak"}
  claim: {type: string, default: media}
`;

/**
 * Every hook: GET its own StatefulSet (403 → Blocked naming `juju trust`); in config-changed,
 * by `mode`, one strategic-merge patch: `add` a claim volume at /data in container `app`,
 * `remove` it with `$patch: delete`, or mount a hostPath `Directory` (/srv/missing). Prints one
 * JSON line per API call: `{"call": "<verb> <what>", "code": <status>}`.
 */
const DISPATCH = `#!${process.execPath}
const https = require("node:https");
const { readFileSync } = require("node:fs");
const { execFileSync } = require("node:child_process");
const hook = process.env.JUJU_DISPATCH_PATH.split("/").pop();
const dir = "/var/run/secrets/kubernetes.io/serviceaccount";
const tool = (name, ...args) => execFileSync(name, args, { encoding: "utf8" });
const host = process.env.KUBERNETES_SERVICE_HOST;
const port = process.env.KUBERNETES_SERVICE_PORT;
const ns = readFileSync(dir + "/namespace", "utf8");
const ca = readFileSync(dir + "/ca.crt");
const app = process.env.JUJU_UNIT_NAME.split("/")[0];

function call(method, path, body, contentType) {
  const token = readFileSync(dir + "/token", "utf8");
  return new Promise((resolve, reject) => {
    const req = https.request({ host, port, path, method, ca, headers: {
      Authorization: "Bearer " + token, Accept: "application/json",
      ...(body ? { "Content-Type": contentType } : {}) } }, (res) => {
      let text = "";
      res.on("data", (c) => (text += c));
      res.on("end", () => {
        console.log(JSON.stringify({ call: method + " " + path, code: res.statusCode, type: res.headers["content-type"] }));
        resolve({ code: res.statusCode, body: JSON.parse(text) });
      });
    });
    req.on("error", reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

const sts = "/apis/apps/v1/namespaces/" + ns + "/statefulsets/" + app;
const SMP = "application/strategic-merge-patch+json";

(async () => {
  if (hook === "stop" || hook === "remove") return;
  const got = await call("GET", sts);
  if (got.code === 403) {
    tool("status-set", "blocked", "trust this app: juju trust " + app + " --scope=cluster");
    return;
  }
  if (got.code !== 200) throw new Error("GET statefulset: " + got.code);
  const config = JSON.parse(tool("config-get", "--format=json"));
  if (config.mode === "leak") console.log("token " + readFileSync(dir + "/token", "utf8"));
  if (hook === "config-changed") {
    const volume = config.mode === "hostpath"
      ? { name: "media", hostPath: { path: "/srv/missing", type: "Directory" } }
      : { name: "media", persistentVolumeClaim: { claimName: config.claim } };
    const patch = config.mode === "add" || config.mode === "hostpath"
      ? { volumes: [volume], containers: [{ name: "app", volumeMounts: [{ name: "media", mountPath: "/data" }] }] }
      : config.mode === "remove"
        ? { volumes: [{ name: "media", $patch: "delete" }], containers: [{ name: "app", volumeMounts: [{ mountPath: "/data", $patch: "delete" }] }] }
        : undefined;
    if (patch) {
      const res = await call("PATCH", sts, { spec: { template: { spec: patch } } }, SMP);
      if (res.code !== 200) throw new Error("PATCH: " + res.code + " " + res.body.message);
      const changed = res.body.metadata.generation !== got.body.metadata.generation;
      console.log(JSON.stringify({ generation: res.body.metadata.generation, changed }));
      if (changed) {
        tool("status-set", "maintenance", "Restarting to mount media storage");
        // A hook that carries on with its workload after the patch finds its pod terminating.
        await new Promise((done) => setTimeout(done, 300));
        const pebble = await new Promise((done) => {
          const req = require("node:http").get({ socketPath: "/charm/containers/app/pebble.socket", path: "/v1/system-info" }, (res) => {
            res.resume();
            done("reachable");
          });
          req.on("error", () => done("unreachable"));
        });
        console.log(JSON.stringify({ pebble }));
        return;
      }
    }
  }
  tool("status-set", "active", "generation " + got.body.metadata.generation);
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

/** Writes the mounter charm into `dir`; returns the charm dir. */
export function writeMounterCharm(dir: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "metadata.yaml"), MOUNTER_METADATA);
  writeFileSync(join(dir, "config.yaml"), MOUNTER_CONFIG);
  writeFileSync(join(dir, "dispatch"), DISPATCH);
  chmodSync(join(dir, "dispatch"), 0o755);
  return dir;
}
