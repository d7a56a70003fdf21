import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { GluetunSettingsError, readGluetunSettings, settingsSummary } from "./gluetun-settings";
import { isWireguardKey } from "./wireguard-key";

const key = () => randomBytes(32).toString("base64");
const reader = (values: Record<string, string>) => (name: string) => values[name];

function failure(values: Record<string, string>): GluetunSettingsError {
  try {
    readGluetunSettings(reader(values));
  } catch (error) {
    if (error instanceof GluetunSettingsError) return error;
    throw error;
  }
  throw new Error("settings were accepted");
}

describe("WireGuard keys", () => {
  it("are base64 of exactly 32 bytes, 44 characters", () => {
    expect(isWireguardKey(key())).toBe(true);
    expect(isWireguardKey(randomBytes(31).toString("base64"))).toBe(false);
    expect(isWireguardKey(randomBytes(33).toString("base64"))).toBe(false);
    expect(isWireguardKey(`${key().slice(0, 42)}!=`)).toBe(false);
    // base64url has no padding: 43 characters.
    expect(isWireguardKey(randomBytes(32).toString("base64url"))).toBe(false);
  });
});

describe("readGluetunSettings", () => {
  const wireguard = {
    VPN_TYPE: "wireguard",
    VPN_SERVICE_PROVIDER: "mullvad",
    WIREGUARD_ADDRESSES: "10.64.0.2/32",
  };

  it("reads a wireguard setup with Gluetun's defaults for the rest", () => {
    const privateKey = key();
    const settings = readGluetunSettings(
      reader({ ...wireguard, WIREGUARD_PRIVATE_KEY: privateKey, SERVER_COUNTRIES: "Sweden, Norway" }),
    );
    expect(settings).toMatchObject({
      provider: "mullvad",
      vpnType: "wireguard",
      wireguard: { privateKey, addresses: ["10.64.0.2/32"] },
      serverCountries: ["Sweden", "Norway"],
      httpProxy: { enabled: false, listen: { host: undefined, port: 8888 }, log: false },
      controlServer: {
        listen: { port: 8000 },
        authConfigPath: "/gluetun/auth/config.toml",
        authDefaultRole: "{}",
      },
      health: { listen: { host: "127.0.0.1", port: 9999 } },
    });
  });

  it("refuses a bad or missing wireguard key, naming the setting and never the value", () => {
    const bad = "not-a-wireguard-key-but-secret";
    const error = failure({ ...wireguard, WIREGUARD_PRIVATE_KEY: bad });
    expect(error.setting).toBe("WIREGUARD_PRIVATE_KEY");
    expect(error.message).toContain("WIREGUARD_PRIVATE_KEY");
    expect(error.message).not.toContain(bad);
    expect(failure(wireguard).setting).toBe("WIREGUARD_PRIVATE_KEY");
    expect(
      failure({ ...wireguard, WIREGUARD_PRIVATE_KEY: key(), WIREGUARD_PRESHARED_KEY: "short" }).setting,
    ).toBe("WIREGUARD_PRESHARED_KEY");
    expect(failure({ ...wireguard, WIREGUARD_PRIVATE_KEY: key(), WIREGUARD_ADDRESSES: "" }).setting).toBe(
      "WIREGUARD_ADDRESSES",
    );
    expect(
      failure({ ...wireguard, WIREGUARD_PRIVATE_KEY: key(), WIREGUARD_ADDRESSES: "10.64.0.2" }).setting,
    ).toBe("WIREGUARD_ADDRESSES");
  });

  it("needs OpenVPN credentials for openvpn (the default type), and a known VPN type", () => {
    expect(failure({ VPN_SERVICE_PROVIDER: "mullvad" }).setting).toBe("OPENVPN_USER");
    expect(failure({ OPENVPN_USER: "u" }).setting).toBe("OPENVPN_PASSWORD");
    expect(readGluetunSettings(reader({ OPENVPN_USER: "u", OPENVPN_PASSWORD: "p" })).vpnType).toBe("openvpn");
    expect(failure({ VPN_TYPE: "ipsec" }).setting).toBe("VPN_TYPE");
  });

  it("validates booleans, addresses and subnets", () => {
    const base = { OPENVPN_USER: "u", OPENVPN_PASSWORD: "p" };
    expect(failure({ ...base, HTTPPROXY: "maybe" }).setting).toBe("HTTPPROXY");
    expect(failure({ ...base, HTTPPROXY_LISTENING_ADDRESS: "8888" }).setting).toBe(
      "HTTPPROXY_LISTENING_ADDRESS",
    );
    expect(failure({ ...base, FIREWALL_OUTBOUND_SUBNETS: "10.1.0.0/33" }).setting).toBe(
      "FIREWALL_OUTBOUND_SUBNETS",
    );
    const settings = readGluetunSettings(
      reader({
        ...base,
        HTTPPROXY: "on",
        HTTPPROXY_LOG: "on",
        FIREWALL_OUTBOUND_SUBNETS: "10.244.0.0/16,192.168.1.0/24",
      }),
    );
    expect(settings.httpProxy).toMatchObject({ enabled: true, log: true });
    expect(settings.firewallOutboundSubnets).toEqual(["10.244.0.0/16", "192.168.1.0/24"]);
  });

  it("prints a summary that shows secrets only as [set]", () => {
    const privateKey = key();
    const settings = readGluetunSettings(
      reader({
        ...wireguard,
        WIREGUARD_PRIVATE_KEY: privateKey,
        HTTPPROXY: "on",
        HTTPPROXY_USER: "proxy-user-name",
        HTTPPROXY_PASSWORD: "proxy-password-value",
      }),
    );
    const summary = settingsSummary(settings);
    expect(summary).toContain("Private key: [set]");
    expect(summary).toContain("Password: [set]");
    for (const secret of [privateKey, "proxy-user-name", "proxy-password-value"])
      expect(summary).not.toContain(secret);
  });
});
