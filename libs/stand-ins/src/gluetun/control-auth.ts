import { createHash, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse as parseToml } from "smol-toml";
import * as z from "zod";

// Gluetun's control server auth (internal/server/middlewares/auth, v3.41.1): roles from a TOML
// file, each covering routes ("GET /v1/publicip/ip") with one method: none, basic or apikey.
// smol-toml parses the file (a maintained, dependency-free TOML 1.0 parser; bundled by esbuild);
// zod rejects unknown keys as Gluetun's strict decoder does. Secrets are compared by SHA-256 in
// constant time. Without any TOML role, the built-in "public" role opens the routes below.

/** Routes of v3.41.1 that the built-in public role (auth none) covers when the TOML has no role. */
export const PUBLIC_ROLE_ROUTES: readonly string[] = [
  "GET /openvpn/actions/restart",
  "GET /unbound/actions/restart",
  "GET /updater/restart",
  "GET /v1/version",
  "GET /v1/vpn/status",
  "PUT /v1/vpn/status",
  "GET /v1/openvpn/status",
  "PUT /v1/openvpn/status",
  "GET /v1/openvpn/portforwarded",
  "GET /v1/dns/status",
  "PUT /v1/dns/status",
  "GET /v1/updater/status",
  "PUT /v1/updater/status",
  "GET /v1/publicip/ip",
  "GET /v1/portforward",
];

/** Every route a role may name (Gluetun refuses others). */
export const VALID_ROUTES: readonly string[] = [
  ...PUBLIC_ROLE_ROUTES,
  "GET /openvpn/portforwarded",
  "GET /openvpn/settings",
  "GET /v1/vpn/settings",
  "PUT /v1/vpn/settings",
];

const authMethod = z.enum(["none", "basic", "apikey"]);
const roleSchema = z.strictObject({
  name: z.string(),
  routes: z.array(z.string()).default([]),
  auth: authMethod,
  apikey: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
});
const authFileSchema = z.strictObject({ roles: z.array(roleSchema).default([]) });
const defaultRoleSchema = z.strictObject({
  auth: authMethod.optional(),
  apikey: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
});

export type Role = z.infer<typeof roleSchema>;

export class ControlAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ControlAuthError";
  }
}

/**
 * A decoding problem in words of our own: the bundle drops zod's locale (a side effect esbuild
 * tree-shakes), and a value must never be echoed anyway. Names the key path and what is wrong.
 */
function issueText(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return "invalid";
  const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  switch (issue.code) {
    case "unrecognized_keys":
      return `${where}unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    case "invalid_type":
      return `${where}expected ${issue.expected}`;
    case "invalid_value":
      return `${where}must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return `${where}invalid`;
  }
}

const digest = (value: string) => createHash("sha256").update(value).digest();
const sameSecret = (given: string, wanted: string) => timingSafeEqual(digest(given), digest(wanted));

function checkRole(role: Role, where: string): void {
  for (const route of role.routes)
    if (!VALID_ROUTES.includes(route)) throw new ControlAuthError(`${where}: route "${route}" is not valid`);
  if (role.auth === "apikey" && !role.apikey) throw new ControlAuthError(`${where}: API key is empty`);
  if (role.auth === "basic" && (!role.username || !role.password))
    throw new ControlAuthError(`${where}: username or password is empty`);
}

/** The roles of the TOML text (empty text: no roles). Throws ControlAuthError, naming no secret. */
export function parseAuthFile(text: string): Role[] {
  let document: unknown;
  try {
    document = parseToml(text);
  } catch (error) {
    throw new ControlAuthError(`parsing TOML: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = authFileSchema.safeParse(document);
  if (!parsed.success) {
    throw new ControlAuthError(`decoding TOML: ${issueText(parsed.error.issues[0])}`);
  }
  for (const [index, role] of parsed.data.roles.entries()) checkRole(role, `role ${role.name || index}`);
  return parsed.data.roles;
}

/** HTTP_CONTROL_SERVER_AUTH_DEFAULT_ROLE: `{}` (none), or one auth applied to every uncovered route. */
export function parseDefaultRole(json: string): Role | undefined {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ControlAuthError("default role: decoding JSON: invalid JSON");
  }
  const parsed = defaultRoleSchema.safeParse(value);
  if (!parsed.success)
    throw new ControlAuthError(`default role: decoding JSON: ${issueText(parsed.error.issues[0])}`);
  if (parsed.data.auth === undefined) return undefined;
  const role: Role = { name: "default", routes: [], ...parsed.data, auth: parsed.data.auth };
  checkRole(role, "default role");
  return role;
}

export interface ControlAuthRequest {
  method: string;
  /** Path without the query. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The `api_key` query parameter, if any. */
  queryApiKey?: string;
}

export type AuthVerdict = { ok: true } | { ok: false; basicChallenge: boolean };

export interface ControlAuth {
  /** The roles in force (the built-in public role when the TOML had none). */
  readonly roles: readonly Role[];
  /** Whether the built-in public role is in force (Gluetun warns about it). */
  readonly publicRole: boolean;
  check(request: ControlAuthRequest): AuthVerdict;
}

function passes(role: Role, request: ControlAuthRequest): boolean {
  switch (role.auth) {
    case "none":
      return true;
    case "apikey": {
      const header = request.headers["x-api-key"];
      const given = (Array.isArray(header) ? header[0] : header) ?? request.queryApiKey;
      return given !== undefined && sameSecret(given, role.apikey ?? "");
    }
    case "basic": {
      const header = request.headers.authorization;
      const value = Array.isArray(header) ? header[0] : header;
      const match = value ? /^Basic\s+(.+)$/i.exec(value) : null;
      if (!match?.[1]) return false;
      const decoded = Buffer.from(match[1], "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon < 0) return false;
      // Both compared, whatever the first gave, so timing says nothing of which was wrong.
      const user = sameSecret(decoded.slice(0, colon), role.username ?? "");
      const password = sameSecret(decoded.slice(colon + 1), role.password ?? "");
      return user && password;
    }
  }
}

/** The control server's authorization from the TOML roles and the default role. */
export function controlAuth(tomlRoles: readonly Role[], defaultRole?: Role): ControlAuth {
  const publicRole = tomlRoles.length === 0;
  const roles: Role[] = publicRole
    ? [{ name: "public", routes: [...PUBLIC_ROLE_ROUTES], auth: "none" }]
    : [...tomlRoles];
  const covered = new Set(roles.flatMap((role) => role.routes));
  if (defaultRole) {
    const rest = VALID_ROUTES.filter((route) => !covered.has(route));
    if (rest.length > 0) roles.push({ ...defaultRole, routes: rest });
  }
  return {
    roles,
    publicRole,
    check(request) {
      const route = `${request.method} ${request.path}`;
      const matching = roles.filter((role) => role.routes.includes(route));
      if (matching.some((role) => passes(role, request))) return { ok: true };
      return { ok: false, basicChallenge: matching.some((role) => role.auth === "basic") };
    },
  };
}

/** Reads the TOML file (a missing one has no roles) and the default role JSON. */
export function loadControlAuth(path: string, defaultRoleJson: string): ControlAuth {
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return controlAuth(parseAuthFile(text), parseDefaultRole(defaultRoleJson));
}
