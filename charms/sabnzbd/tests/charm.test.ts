// The SABnzbd charm's decisions, in-process: what goes into sabnzbd.ini, the categories it
// leaves alone, and the config it refuses. The flows on the real app are in *.integration.test.ts.
import { hostname } from "node:os";
import { downloaderConfigScenarios } from "@charmarr/app-charm/testing";
import { SabnzbdIni } from "@charmarr/workloads";
import { describe, expect, it } from "vitest";
import charm from "../src/charm";
import { sabnzbdCategories } from "../src/sabnzbd-categories";
import { hostWhitelistNames, sabnzbdOptions } from "../src/sabnzbd-config";
import {
  configuredSettings,
  holdsSettings,
  iniApiKey,
  managedSettings,
  wantedIni,
} from "../src/sabnzbd-settings";
import { SABNZBD } from "../testing/sabnzbd-stack";

const config = { "download-dir": "/data/usenet", "host-whitelist": "" };
const KEY = "0123456789abcdef0123456789abcdef";

const OPERATOR_INI = `__version__ = 19
[misc]
host = 0.0.0.0
port = 8080
api_key = ${KEY}
username = me
password = my-web-ui-password
[servers]
[[news.example.com]]
name = news.example.com
host = news.example.com
username = usenet-user
password = usenet-password-123
[categories]
[[radarr]]
name = radarr
dir = movies
`;

describe("sabnzbd.ini", () => {
  it("binds every address of the pod, keeps the port fixed and the app quiet", () => {
    expect(managedSettings(config, "002")).toEqual({
      host: "0.0.0.0",
      port: 8080,
      hostWhitelist: [hostname().toLowerCase()],
      completeDir: "/data/usenet/complete",
      downloadDir: "/data/usenet/incomplete",
      permissions: "775",
      checkNewRelease: false,
      autoBrowser: false,
      enableBroadcast: false,
      selftestHost: "",
      fixedPorts: true,
    });
  });

  it("whitelists the operator's names, lower-cased, after the pod's own name", () => {
    const names = managedSettings(
      {
        ...config,
        "host-whitelist": "SAB.example.com, sab.internal,",
      },
      "002",
    ).hostWhitelist;
    expect(names).toEqual([hostname().toLowerCase(), "sab.example.com", "sab.internal"]);
  });

  it("seeds a new file with the key; the same input gives the same text", () => {
    const settings = managedSettings(config, "002");
    const first = wantedIni(undefined, settings, KEY);
    expect(SabnzbdIni.parse(first).settings.apiKey).toBe(KEY);
    expect(iniApiKey(first)).toBe(KEY);
    expect(wantedIni(first, settings, KEY)).toBe(first);
  });

  it("keeps the operator's servers, login and categories byte for byte", () => {
    const settings = managedSettings(config, "002");
    const next = "fedcba9876543210fedcba9876543210";
    const out = wantedIni(OPERATOR_INI, settings, next);
    const ini = SabnzbdIni.parse(out);
    expect(ini.settings).toMatchObject({ apiKey: next, host: "0.0.0.0" });
    expect(ini.value(["misc"], "password")).toBe("my-web-ui-password");
    expect(ini.subsections(["servers"])).toEqual(["news.example.com"]);
    expect(out).toContain(
      "[[news.example.com]]\nname = news.example.com\nhost = news.example.com\nusername = usenet-user\npassword = usenet-password-123\n",
    );
    expect(out).toContain("[[radarr]]\nname = radarr\ndir = movies\n");
  });

  it("a steady update-status takes the file it wrote, and no other key, setting or config", () => {
    const written = wantedIni(OPERATOR_INI, managedSettings(config, "002"), KEY);
    const configured = configuredSettings(config);
    expect(holdsSettings(written, configured, KEY)).toBe(true);
    expect(holdsSettings(written, configured, "fedcba9876543210fedcba9876543210")).toBe(false);
    expect(holdsSettings(wantedIni(written, { checkNewRelease: true }, KEY), configured, KEY)).toBe(false);
    expect(holdsSettings(written, configuredSettings({ ...config, "download-dir": "/data/nzb" }), KEY)).toBe(
      false,
    );
    expect(holdsSettings(undefined, configured, KEY)).toBe(false);
    // `permissions` follows the storage's umask, relation data: left to the next full hook.
    expect(holdsSettings(wantedIni(written, { permissions: "700" }, KEY), configured, KEY)).toBe(true);
  });

  it("reads no key from a file it cannot parse or that has none", () => {
    expect(iniApiKey(undefined)).toBeUndefined();
    expect(iniApiKey("[misc]\nport = 8080\n")).toBeUndefined();
    expect(iniApiKey('[misc]\napi_key = ""\n')).toBeUndefined();
    expect(iniApiKey("[misc\nbroken")).toBeUndefined();
  });
});

describe("categories", () => {
  it("calls nothing when sabnzbd.ini already has them with the right folder", async () => {
    // An unreachable URL: any API call would fail the test.
    const sync = sabnzbdCategories("http://127.0.0.1:9", KEY, OPERATOR_INI);
    const radarr = {
      name: "radarr",
      manager: "radarr",
      folder: "movies",
      relation: "download-client:1",
    } as const;
    expect(await sync.ensure(radarr)).toBe("unchanged");
    const sonarr = {
      name: "sonarr",
      manager: "sonarr",
      folder: "tv",
      relation: "download-client:2",
    } as const;
    await expect(sync.ensure(sonarr)).rejects.toThrow();
  });
});

describe("config", () => {
  it("host-whitelist takes comma-separated host names", () => {
    const option = sabnzbdOptions["host-whitelist"]!;
    for (const value of ["", "sab.example.com", "a.example.com, b.local,", "sab-0.sab-endpoints.media.svc"]) {
      expect(option.safeParse(value).success).toBe(true);
    }
    for (const value of ["sab example.com", "http://sab.example.com", "sab.example.com:8080", "*", "-sab"]) {
      expect(option.safeParse(value).success).toBe(false);
    }
    expect(hostWhitelistNames(" A.example.com ,,b ")).toEqual(["a.example.com", "b"]);
  });

  downloaderConfigScenarios(SABNZBD, charm, {
    config: { "host-whitelist": "http://sab", "download-dir": "/" },
    messages: [
      'host-whitelist="http://sab" (allowed: comma-separated host names',
      'download-dir="/" (allowed: an absolute directory',
    ],
  });
});
