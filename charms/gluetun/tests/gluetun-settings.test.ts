// What Gluetun reads, as the charm builds it: secret files (0600 content), the service's
// environment (never a secret), the control server's one role, and the StatefulSet patch.
import type { PodSpec } from "@charmarr/kubernetes";
import { describe, expect, it } from "vitest";
import {
  authConfig,
  filesFingerprint,
  type GluetunSettings,
  gluetunEnvironment,
  secretFiles,
} from "../src/gluetun-settings";
import { hasTunDevice, tunDevicePatch } from "../src/tun-device";
import { wireguardKey } from "../testing/vpn-client-charm";

const settings: GluetunSettings = {
  provider: "mullvad",
  vpnType: "wireguard",
  serverCountries: "Sweden, Switzerland",
  serverCities: "",
  clusterSubnets: "10.1.0.0/16,10.152.183.0/24",
  wireguardAddresses: "",
};
const proxy = { username: "charm", password: "proxy-password-32-characters-xyz" };
const controlKey = { "api-key": "0123456789abcdef0123456789abcdef" };

describe("secret files", () => {
  it("one file per credential under /run/secrets, plus the roles", () => {
    const key = wireguardKey();
    const files = secretFiles(
      { wireguard_private_key: key, wireguard_addresses: "10.64.0.2/32" },
      proxy,
      controlKey,
    );
    expect(Object.fromEntries(files)).toEqual({
      "/run/secrets/wireguard_private_key": key,
      "/run/secrets/wireguard_addresses": "10.64.0.2/32",
      "/run/secrets/httpproxy_user": "charm",
      "/run/secrets/httpproxy_password": proxy.password,
      "/gluetun/auth/config.toml": authConfig(controlKey),
    });
  });

  it("the control server has one role, the charm's, by API key, for the tunnel's routes only", () => {
    expect(authConfig(controlKey)).toBe(
      [
        "# Written by the gluetun charm; rewritten on every hook.",
        "[[roles]]",
        'name = "charm"',
        'routes = ["GET /v1/vpn/status", "GET /v1/publicip/ip", "PUT /v1/vpn/status"]',
        'auth = "apikey"',
        'apikey = "0123456789abcdef0123456789abcdef"',
        "",
      ].join("\n"),
    );
  });

  it("the fingerprint follows any file's content, and reveals none", () => {
    const key = wireguardKey();
    const files = secretFiles({ wireguard_private_key: key }, proxy, controlKey);
    const print = filesFingerprint(files, controlKey);
    expect(print).toMatch(/^[0-9a-f]{16}$/);
    expect(filesFingerprint(secretFiles({ wireguard_private_key: key }, proxy, controlKey), controlKey)).toBe(
      print,
    );
    const rotated = { ...proxy, password: "another-password-32-characters-x" };
    expect(
      filesFingerprint(secretFiles({ wireguard_private_key: key }, rotated, controlKey), controlKey),
    ).not.toBe(print);
    expect(
      filesFingerprint(secretFiles({ wireguard_private_key: wireguardKey() }, proxy, controlKey), controlKey),
    ).not.toBe(print);
  });
});

describe("the service's environment", () => {
  it("settings, the secret files' paths and the fingerprint; no credential", () => {
    const key = wireguardKey();
    const env = gluetunEnvironment(settings, "0011223344556677");
    expect(env).toEqual({
      VPN_SERVICE_PROVIDER: "mullvad",
      VPN_TYPE: "wireguard",
      SERVER_COUNTRIES: "Sweden,Switzerland",
      FIREWALL_OUTBOUND_SUBNETS: "10.1.0.0/16,10.152.183.0/24",
      HTTPPROXY: "on",
      HTTPPROXY_LOG: "on",
      HTTPPROXY_LISTENING_ADDRESS: ":8888",
      HTTP_CONTROL_SERVER_ADDRESS: ":8000",
      HTTP_CONTROL_SERVER_AUTH_CONFIG_FILEPATH: "/gluetun/auth/config.toml",
      HEALTH_SERVER_ADDRESS: "127.0.0.1:9999",
      HTTPPROXY_USER_SECRETFILE: "/run/secrets/httpproxy_user",
      HTTPPROXY_PASSWORD_SECRETFILE: "/run/secrets/httpproxy_password",
      WIREGUARD_PRIVATE_KEY_SECRETFILE: "/run/secrets/wireguard_private_key",
      WIREGUARD_ADDRESSES_SECRETFILE: "/run/secrets/wireguard_addresses",
      WIREGUARD_PRESHARED_KEY_SECRETFILE: "/run/secrets/wireguard_preshared_key",
      CHARMARR_SECRET_FILES: "0011223344556677",
    });
    const text = JSON.stringify(env);
    for (const secret of [key, proxy.password, controlKey["api-key"]]) expect(text).not.toContain(secret);
  });

  it("WireGuard addresses from the config go in the environment (no secret: Gluetun logs them)", () => {
    expect(
      gluetunEnvironment({ ...settings, wireguardAddresses: "10.64.0.2/32, fc00::2/128" }, "f"),
    ).toMatchObject({
      WIREGUARD_ADDRESSES: "10.64.0.2/32,fc00::2/128",
    });
    expect(
      gluetunEnvironment({ ...settings, vpnType: "openvpn", wireguardAddresses: "10.64.0.2/32" }, "f")
        .WIREGUARD_ADDRESSES,
    ).toBeUndefined();
  });

  it("OpenVPN: its own secret files", () => {
    const env = gluetunEnvironment({ ...settings, vpnType: "openvpn", serverCountries: "" }, "f");
    expect(env).toMatchObject({
      VPN_TYPE: "openvpn",
      OPENVPN_USER_SECRETFILE: "/run/secrets/openvpn_user",
      OPENVPN_PASSWORD_SECRETFILE: "/run/secrets/openvpn_password",
    });
    expect(env.WIREGUARD_PRIVATE_KEY_SECRETFILE).toBeUndefined();
    expect(env.SERVER_COUNTRIES).toBeUndefined();
  });
});

describe("NET_ADMIN and /dev/net/tun", () => {
  const juju: PodSpec = {
    volumes: [{ name: "charm-data" }],
    containers: [
      { name: "charm", volumeMounts: [{ name: "charm-data", mountPath: "/charm/bin" }] },
      { name: "gluetun", volumeMounts: [{ name: "charm-data", mountPath: "/charm/container" }] },
    ],
  };

  it("adds the device volume, its mount and the capability by key, nothing else", () => {
    expect(hasTunDevice(juju)).toBe(false);
    expect(tunDevicePatch(juju)).toEqual({
      spec: {
        template: {
          spec: {
            volumes: [{ name: "dev-net-tun", hostPath: { path: "/dev/net/tun", type: "CharDevice" } }],
            containers: [
              {
                name: "gluetun",
                securityContext: { capabilities: { add: ["NET_ADMIN"] } },
                volumeMounts: [{ name: "dev-net-tun", mountPath: "/dev/net/tun" }],
              },
            ],
          },
        },
      },
    });
  });

  it("keeps capabilities already added (a strategic merge replaces the list)", () => {
    const withRaw: PodSpec = {
      ...juju,
      containers: [
        juju.containers[0]!,
        { ...juju.containers[1]!, securityContext: { capabilities: { add: ["NET_RAW"] } } },
      ],
    };
    const patch = tunDevicePatch(withRaw) as {
      spec: { template: { spec: { containers: { securityContext: unknown }[] } } };
    };
    expect(patch.spec.template.spec.containers[0]?.securityContext).toEqual({
      capabilities: { add: ["NET_RAW", "NET_ADMIN"] },
    });
  });

  it("sees it in a pod that has it", () => {
    const pod: PodSpec = {
      volumes: [
        ...juju.volumes!,
        { name: "dev-net-tun", hostPath: { path: "/dev/net/tun", type: "CharDevice" } },
      ],
      containers: [
        juju.containers[0]!,
        {
          name: "gluetun",
          securityContext: { capabilities: { add: ["NET_ADMIN"] } },
          volumeMounts: [{ name: "dev-net-tun", mountPath: "/dev/net/tun" }],
        },
      ],
    };
    expect(hasTunDevice(pod)).toBe(true);
    expect(hasTunDevice({ ...pod, volumes: juju.volumes })).toBe(false);
  });
});
