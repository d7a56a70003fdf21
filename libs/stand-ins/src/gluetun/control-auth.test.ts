import { describe, expect, it } from "vitest";
import {
  ControlAuthError,
  type ControlAuthRequest,
  controlAuth,
  parseAuthFile,
  parseDefaultRole,
} from "./control-auth";

const request = (route: string, headers: ControlAuthRequest["headers"] = {}, queryApiKey?: string) => {
  const [method = "GET", path = "/"] = route.split(" ");
  return { method, path, headers, ...(queryApiKey === undefined ? {} : { queryApiKey }) };
};
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;

const TOML = `
[[roles]]
name = "charm"
routes = ["GET /v1/publicip/ip", "GET /v1/vpn/status", "PUT /v1/vpn/status"]
auth = "apikey"
apikey = "the-api-key"

[[roles]]
name = "admin"
routes = ["GET /v1/vpn/settings"]
auth = "basic"
username = "admin"
password = "s3cret"
`;

describe("control server auth", () => {
  it("lets an API key through by X-API-Key or api_key, and nothing else", () => {
    const auth = controlAuth(parseAuthFile(TOML));
    expect(auth.publicRole).toBe(false);
    expect(auth.check(request("GET /v1/publicip/ip", { "x-api-key": "the-api-key" }))).toEqual({ ok: true });
    expect(auth.check(request("PUT /v1/vpn/status", {}, "the-api-key"))).toEqual({ ok: true });
    expect(auth.check(request("GET /v1/publicip/ip", { "x-api-key": "wrong" })).ok).toBe(false);
    expect(auth.check(request("GET /v1/publicip/ip")).ok).toBe(false);
    // A route no role names is refused even with the key; the public role is gone with any TOML role.
    expect(auth.check(request("GET /v1/version", { "x-api-key": "the-api-key" }))).toEqual({
      ok: false,
      basicChallenge: false,
    });
  });

  it("checks basic auth and asks for it with a challenge", () => {
    const auth = controlAuth(parseAuthFile(TOML));
    expect(auth.check(request("GET /v1/vpn/settings", { authorization: basic("admin", "s3cret") }))).toEqual({
      ok: true,
    });
    expect(auth.check(request("GET /v1/vpn/settings", { authorization: basic("admin", "nope") }))).toEqual({
      ok: false,
      basicChallenge: true,
    });
  });

  it("uses the built-in public role when the TOML has no roles, for its routes only", () => {
    const auth = controlAuth(parseAuthFile(""));
    expect(auth.publicRole).toBe(true);
    expect(auth.check(request("GET /v1/publicip/ip")).ok).toBe(true);
    expect(auth.check(request("PUT /v1/vpn/status")).ok).toBe(true);
    expect(auth.check(request("GET /v1/vpn/settings")).ok).toBe(false);
  });

  it("applies the default role to the routes no TOML role covers", () => {
    const auth = controlAuth(parseAuthFile(TOML), parseDefaultRole('{"auth":"apikey","apikey":"other-key"}'));
    expect(auth.check(request("GET /v1/version", { "x-api-key": "other-key" })).ok).toBe(true);
    // Covered by the TOML role: its key, not the default role's.
    expect(auth.check(request("GET /v1/publicip/ip", { "x-api-key": "other-key" })).ok).toBe(false);
    expect(parseDefaultRole("{}")).toBeUndefined();
    expect(() => parseDefaultRole('{"auth":"apikey","apiKey":"x"}')).toThrow(ControlAuthError);
  });

  it("rejects unknown keys, unknown routes and empty keys without echoing secrets", () => {
    expect(() => parseAuthFile('[[roles]]\nname="a"\nauth="none"\nroutes=[]\ncolour="red"\n')).toThrow(
      'decoding TOML: roles.0: unknown key "colour"',
    );
    expect(() => parseAuthFile('[[roles]]\nname="a"\nauth="token"\nroutes=[]\n')).toThrow(
      'decoding TOML: roles.0.auth: must be one of "none", "basic", "apikey"',
    );
    expect(() => parseAuthFile('[[roles]]\nname="a"\nauth="none"\nroutes=["GET /v2/x"]\n')).toThrow(
      /route "GET \/v2\/x" is not valid/,
    );
    expect(() => parseAuthFile('[[roles]]\nname="a"\nauth="apikey"\nroutes=[]\n')).toThrow(
      /API key is empty/,
    );
    expect(() =>
      parseAuthFile('[[roles]]\nname="a"\nauth="token"\nroutes=[]\napikey="hidden-value"\n'),
    ).toThrow(ControlAuthError);
    try {
      parseAuthFile('[[roles]]\nname="a"\nauth="token"\nroutes=[]\napikey="hidden-value"\n');
    } catch (error) {
      expect((error as Error).message).not.toContain("hidden-value");
    }
  });
});
