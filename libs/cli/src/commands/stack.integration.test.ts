/**
 * The operator's whole path on the embedded controller, as processes: `charmarr up` on a fresh
 * home brings the bundle's eight charms up (the REAL qbittorrent-nox and sabnzbdplus, stand-ins
 * for the rest), the VPN's user secret is added through the CLI, `rotate qbittorrent` gives a
 * credential the real app takes and the managers follow, `down` then `up` brings back the same
 * model, secrets and credentials, and no secret value is in clear under the controller's state.
 * The figures go to the log as JSON.
 */
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { charmDirs, packCharm, ROOT } from "@charmarr/build";
import { findInFiles, qbittorrentLogin, RawRpc } from "@charmarr/controller/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const BIN = join(ROOT, "libs/cli/bin/charmarr.mjs");
const MINUTE = 60_000;

let work: string;
let home: string;
let bundle: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function charmarr(...args: string[]): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...process.env, CHARMARR_HOME: home }, timeout: 10 * MINUTE, maxBuffer: 16 << 20 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : 1) : 0,
          stdout,
          stderr,
          ms: Date.now() - started,
        }),
    );
  });
}

interface UnitJson {
  "workload-status"?: { status?: string; info?: string };
  address?: string;
}
interface StatusJson {
  applications: Record<string, { units?: Record<string, UnitJson> }>;
}

async function status(): Promise<StatusJson> {
  const run = await charmarr("status", "--format", "json");
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as StatusJson;
}

const unitOf = (s: StatusJson, app: string): UnitJson =>
  Object.values(s.applications[app]?.units ?? {})[0] ?? {};
const workload = (s: StatusJson, app: string) => unitOf(s, app)["workload-status"]?.status;

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 4 * MINUTE): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

const controllerInfo = () =>
  JSON.parse(readFileSync(join(home, "controller/controller.json"), "utf8")) as {
    endpoint: string;
    "model-uuid": string;
    password: string;
  };

interface SecretJson {
  uri: string;
  label?: string;
  "owner-tag": string;
  "latest-revision": number;
  value?: { data?: Record<string, string> };
}

/** Every secret with its content, as an admin reveals them through the Juju API. */
async function revealAll(): Promise<SecretJson[]> {
  const info = controllerInfo();
  const rpc = await RawRpc.open(`${info.endpoint}/model/${info["model-uuid"]}/api`, {
    headers: { host: new URL(info.endpoint).host },
  });
  try {
    expect((await rpc.login(info.password)).error).toBeUndefined();
    const reply = await rpc.call("Secrets", 2, "ListSecrets", { filter: {}, "show-secrets": true });
    return (reply.response as { results: SecretJson[] }).results;
  } finally {
    rpc.close();
  }
}

const contentOf = (s: SecretJson): Record<string, string> =>
  Object.fromEntries(
    Object.entries(s.value?.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString("utf8")]),
  );

async function qbtCredentials(): Promise<{ username: string; password: string }> {
  const secret = (await revealAll()).find(
    (s) => s.label === "credentials" && s["owner-tag"] === "application-qbittorrent",
  );
  const c = contentOf(secret!);
  return { username: c.username ?? "", password: c.password ?? "" };
}

/** Radarr's or Sonarr's own test of every download client it holds (the stand-in calls the real apps). */
async function managerReachesDownloaders(app: "radarr" | "sonarr"): Promise<boolean> {
  const key = (await revealAll()).find(
    (s) => s.label === "api-key" && s["owner-tag"] === `application-${app}`,
  );
  const port = app === "radarr" ? 7878 : 8989;
  const res = await fetch(
    `http://${unitOf(await status(), app).address}:${port}/api/v3/downloadclient/testall`,
    {
      method: "POST",
      headers: { "X-Api-Key": contentOf(key!)["api-key"] ?? "" },
      signal: AbortSignal.timeout(15_000),
    },
  );
  const results = (await res.json()) as { isValid: boolean }[];
  return res.ok && results.length === 2 && results.every((r) => r.isValid);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "charmarr-stack-"));
  home = join(work, "home");
  // The repository's bundle, beside the packed charms it names (./charms/<name>/<name>_amd64.charm).
  bundle = join(work, "bundle.yaml");
  copyFileSync(join(ROOT, "bundle.yaml"), bundle);
  for (const dir of charmDirs().filter((d) => d.startsWith(join(ROOT, "charms")))) {
    const out = join(work, "charms", basename(dir));
    mkdirSync(out, { recursive: true });
    await packCharm(dir, out);
  }
}, 5 * MINUTE);

afterAll(async () => {
  await charmarr("down");
  // The pods' last processes may still be leaving their directories.
  for (let attempt = 0; ; attempt++) {
    try {
      rmSync(work, { recursive: true, force: true });
      break;
    } catch (err) {
      if (attempt === 20) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}, 2 * MINUTE);

describe("charmarr on the embedded controller", () => {
  let before: {
    uuid: string;
    secrets: Map<string, number>;
    credentials: { username: string; password: string };
  };

  it(
    "up on a fresh home brings the stack to where only the operator can act",
    async () => {
      const up = await charmarr("up", "--bundle", bundle);
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout).toMatch(/^App .*Runs/m);
      expect(up.stdout).toContain("charmarr add-secret");
      const s = await status();
      for (const app of ["storage", "radarr", "sonarr", "sabnzbd"])
        expect(workload(s, app), app).toBe("active");
      for (const app of ["gluetun", "plex"]) expect(workload(s, app), app).toBe("blocked");
      // The kill switch holds qBittorrent, and Prowlarr's indexers wait, until the VPN is up.
      for (const app of ["qbittorrent", "prowlarr"]) expect(workload(s, app), app).toBe("waiting");
      console.log(JSON.stringify({ figure: "up on a fresh home", seconds: up.ms / 1000 }));

      const again = await charmarr("up", "--bundle", bundle);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout + again.stderr).toContain("Nothing to deploy or relate");
    },
    12 * MINUTE,
  );

  it(
    "the VPN's user secret, added through the CLI, brings Gluetun and qBittorrent up",
    async () => {
      const keyFile = join(work, "wg.key");
      writeFileSync(keyFile, randomBytes(32).toString("base64"), { mode: 0o600 });
      const started = Date.now();
      const configured = await charmarr(
        "config",
        "gluetun",
        "vpn-provider=mullvad",
        "wireguard-addresses=10.64.0.2/32",
        "cluster-subnets=10.0.0.0/8",
      );
      expect(configured.code, configured.stderr).toBe(0);
      const added = await charmarr("add-secret", "vpn-key", `private-key#file=${keyFile}`);
      expect(added.code, added.stderr).toBe(0);
      const uri = /secret:[a-z0-9]+/.exec(added.stdout)?.[0];
      expect(uri).toBeDefined();
      expect((await charmarr("grant-secret", "vpn-key", "gluetun")).code).toBe(0);
      expect((await charmarr("config", "gluetun", `vpn-credentials=${uri}`)).code).toBe(0);
      await until("gluetun, qbittorrent and prowlarr active", async () => {
        const s = await status();
        return ["gluetun", "qbittorrent", "prowlarr"].every((app) => workload(s, app) === "active");
      });
      console.log(
        JSON.stringify({
          figure: "VPN secret to qbittorrent active",
          seconds: (Date.now() - started) / 1000,
        }),
      );
    },
    6 * MINUTE,
  );

  it(
    "rotate qbittorrent: a new credential the real app takes, and the managers follow",
    async () => {
      const old = await qbtCredentials();
      const url = `http://${unitOf(await status(), "qbittorrent").address}:8080`;
      expect(await qbittorrentLogin(url, old.username, old.password)).toBe(true);
      const started = Date.now();
      const rotated = await charmarr("rotate", "qbittorrent");
      expect(rotated.code, rotated.stderr).toBe(0);
      const fresh = await qbtCredentials();
      expect(fresh.password).not.toBe(old.password);
      await until("the real qBittorrent takes the new password", () =>
        qbittorrentLogin(url, fresh.username, fresh.password),
      );
      expect(await qbittorrentLogin(url, old.username, old.password)).toBe(false);
      await until(
        "radarr and sonarr reach both downloaders",
        async () =>
          (await managerReachesDownloaders("radarr")) && (await managerReachesDownloaders("sonarr")),
      );
      console.log(
        JSON.stringify({
          figure: "rotate qbittorrent to managers following",
          seconds: (Date.now() - started) / 1000,
        }),
      );

      const secrets = await charmarr("secrets");
      expect(secrets.code, secrets.stderr).toBe(0);
      // ID, owner, label, revision...: qBittorrent's own credentials are at revision 2.
      expect(secrets.stdout).toMatch(/^\S+ +qbittorrent +credentials +2 /m);
      expect(secrets.stdout).not.toContain(fresh.password);
    },
    6 * MINUTE,
  );

  it(
    "down then up: the same model, secrets and credentials",
    async () => {
      const all = await revealAll();
      before = {
        uuid: controllerInfo()["model-uuid"],
        secrets: new Map(all.map((s) => [s.uri, s["latest-revision"]])),
        credentials: await qbtCredentials(),
      };
      const down = await charmarr("down");
      expect(down.code, down.stderr).toBe(0);
      const stopped = await charmarr("status");
      expect(stopped.code).not.toBe(0);
      expect(stopped.stderr).toContain("charmarr up");
      expect(stopped.stderr.trim().split("\n")).toHaveLength(1);

      const up = await charmarr("up", "--bundle", bundle);
      expect(up.code, up.stderr).toBe(0);
      expect(up.stdout + up.stderr).toContain("Nothing to deploy or relate");
      console.log(JSON.stringify({ figure: "up after down", seconds: up.ms / 1000 }));
      expect(controllerInfo()["model-uuid"]).toBe(before.uuid);
      const after = await revealAll();
      expect(new Map(after.map((s) => [s.uri, s["latest-revision"]]))).toEqual(before.secrets);
      expect(await qbtCredentials()).toEqual(before.credentials);
      // up waited for the recreated pods' hooks: qBittorrent runs again, with the same password.
      const s = await status();
      expect(workload(s, "qbittorrent")).toBe("active");
      const url = `http://${unitOf(s, "qbittorrent").address}:8080`;
      expect(await qbittorrentLogin(url, before.credentials.username, before.credentials.password)).toBe(
        true,
      );
    },
    8 * MINUTE,
  );

  it(
    "holds no secret value in clear anywhere under the controller's state",
    async () => {
      const values = (await revealAll())
        .flatMap((s) => Object.entries(contentOf(s)))
        .filter(([key, value]) => key !== "owner-app" && value.length >= 8)
        .map(([, value]) => value);
      expect(values.length).toBeGreaterThan(5);
      expect(findInFiles(join(home, "controller"), values)).toEqual([]);
    },
    MINUTE,
  );
});
