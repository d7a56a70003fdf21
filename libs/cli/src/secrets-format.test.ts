import { describe, expect, it } from "vitest";
import { formatSecrets, ownerName, type SecretInfo } from "./secrets-format";

const secrets: SecretInfo[] = [
  {
    uri: "secret:d0cv6bnmp25c77drq7b0",
    "owner-tag": "model-8f1c3a52-5d0e-4b8e-9c4e-2f6d1a7b9e01",
    label: "vpn-key",
    "latest-revision": 1,
    access: [{ "target-tag": "application-gluetun", "scope-tag": "model-8f1c", role: "view" }],
  },
  {
    uri: "secret:d0cv5kfmp25c77drq7a0",
    "owner-tag": "application-radarr",
    label: "api-key",
    "rotate-policy": "weekly",
    "next-rotate-time": "2025-05-08T10:00:00.123Z",
    "latest-revision": 2,
    access: [
      { "target-tag": "application-prowlarr", role: "view" },
      { "target-tag": "unit-radarr-0", role: "manage" },
    ],
  },
];

describe("formatSecrets", () => {
  it("lists owner, label, revision, rotation and grants without values", () => {
    expect(formatSecrets(secrets)).toBe(
      [
        "ID                    Owner   Label    Revision  Rotation  Next rotation      Granted to",
        "d0cv6bnmp25c77drq7b0  model   vpn-key  1         -         -                  gluetun",
        "d0cv5kfmp25c77drq7a0  radarr  api-key  2         weekly    2025-05-08 10:00Z  prowlarr",
        "",
      ].join("\n"),
    );
  });

  it("shows revealed values decoded, under their label", () => {
    const revealed = [
      { ...secrets[0]!, value: { data: { "private-key": Buffer.from("wg-key").toString("base64") } } },
    ];
    expect(formatSecrets(revealed)).toContain("\nvpn-key:\n  private-key: wg-key\n");
  });

  it("names owners", () => {
    expect(ownerName("unit-radarr-0")).toBe("radarr/0");
    expect(ownerName("")).toBe("model");
    expect(formatSecrets([])).toBe("No secrets in the model.\n");
  });
});
