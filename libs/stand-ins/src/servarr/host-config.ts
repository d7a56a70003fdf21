import { createHash } from "node:crypto";
import { isIP } from "node:net";
import type { AppConfig } from "./app-config";
import { HttpProblem, invalid } from "./http-exchange";
import type { ServarrProfile } from "./servarr-kind";
import { normaliseUrlBase } from "./url-base";
import { failure, type ValidationFailure } from "./validation";

// `/config/host` (specs/app-apis.md §c): most of the resource lives in config.xml, the rest (login,
// proxy, backups, application URL) in the app's database, here in memory. A PUT must send the
// whole resource; it never changes the key, but it clears the config cache, so the next read
// of every setting, the key included, comes from the file again.

/** The resource properties config.xml holds, with the element each maps to. */
type FileKind = "string" | "int" | "bool" | "enum";
const FILE_PROPERTIES: readonly (readonly [property: string, element: string, kind: FileKind])[] = [
  ["bindAddress", "BindAddress", "string"],
  ["port", "Port", "int"],
  ["sslPort", "SslPort", "int"],
  ["enableSsl", "EnableSsl", "bool"],
  ["launchBrowser", "LaunchBrowser", "bool"],
  ["authenticationMethod", "AuthenticationMethod", "enum"],
  ["authenticationRequired", "AuthenticationRequired", "enum"],
  ["analyticsEnabled", "AnalyticsEnabled", "bool"],
  ["logLevel", "LogLevel", "string"],
  ["logSizeLimit", "LogSizeLimit", "int"],
  ["consoleLogLevel", "ConsoleLogLevel", "string"],
  ["branch", "Branch", "string"],
  ["apiKey", "ApiKey", "string"],
  ["sslCertPath", "SslCertPath", "string"],
  ["sslCertPassword", "SslCertPassword", "string"],
  ["urlBase", "UrlBase", "string"],
  ["instanceName", "InstanceName", "string"],
  ["updateAutomatically", "UpdateAutomatically", "bool"],
  ["updateMechanism", "UpdateMechanism", "enum"],
  ["updateScriptPath", "UpdateScriptPath", "string"],
  ["trustCgnatIpAddresses", "TrustCgnatIpAddresses", "bool"],
];

/** What the database holds; defaults as in a fresh app. */
export interface HostDatabase {
  username: string;
  /** The stored hash, which is what GET shows. */
  passwordHash: string;
  applicationUrl: string;
  proxyEnabled: boolean;
  proxyType: string;
  proxyHostname: string;
  proxyPort: number;
  proxyUsername: string;
  proxyPassword: string;
  proxyBypassFilter: string;
  proxyBypassLocalAddresses: boolean;
  certificateValidation: string;
  backupFolder: string;
  backupInterval: number;
  backupRetention: number;
  historyCleanupDays: number;
}

export function defaultHostDatabase(): HostDatabase {
  return {
    username: "",
    passwordHash: "",
    applicationUrl: "",
    proxyEnabled: false,
    proxyType: "http",
    proxyHostname: "",
    proxyPort: 8080,
    proxyUsername: "",
    proxyPassword: "",
    proxyBypassFilter: "",
    proxyBypassLocalAddresses: true,
    certificateValidation: "enabled",
    backupFolder: "Backups",
    backupInterval: 7,
    backupRetention: 28,
    historyCleanupDays: 365,
  };
}

const camel = (value: string) => value.charAt(0).toLowerCase() + value.slice(1);
const pascal = (value: string) => value.charAt(0).toUpperCase() + value.slice(1);

function fromFile(kind: FileKind, value: string): string | number | boolean {
  switch (kind) {
    case "int":
      return Number.parseInt(value, 10);
    case "bool":
      return value.toLowerCase() === "true";
    case "enum":
      return camel(value);
    case "string":
      return value;
  }
}

function toFile(kind: FileKind, value: unknown): string {
  if (kind === "bool") return value ? "True" : "False";
  if (kind === "enum") return pascal(String(value));
  return String(value);
}

export function hostConfigResource(config: AppConfig, db: HostDatabase, profile: ServarrProfile) {
  const resource: Record<string, unknown> = { id: 1 };
  for (const [property, element, kind] of FILE_PROPERTIES) {
    const value = fromFile(kind, config.get(element));
    resource[property] = property === "urlBase" ? normaliseUrlBase(String(value)) : value;
  }
  // The app ignores an instance name without its own name in it.
  if (!profile.instanceNameValid(String(resource.instanceName))) resource.instanceName = profile.appName;
  const { username, passwordHash, historyCleanupDays, ...rest } = db;
  return {
    ...resource,
    username,
    password: passwordHash,
    passwordConfirmation: "",
    ...rest,
    ...(profile.kind === "prowlarr" ? { historyCleanupDays } : {}),
  };
}

function validate(
  body: Record<string, unknown>,
  profile: ServarrProfile,
  db: HostDatabase,
): ValidationFailure[] {
  const failures: ValidationFailure[] = [];
  const port = body.port;
  if (!Number.isInteger(port) || (port as number) < 1 || (port as number) > 65535) {
    failures.push(failure("Port", "Must be a valid Port"));
  }
  const bind = String(body.bindAddress ?? "");
  if (bind !== "*" && bind !== "localhost" && isIP(bind) === 0) {
    failures.push(failure("BindAddress", "Enter a valid IP address or '*' for all interfaces"));
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(String(body.urlBase ?? ""))) {
    failures.push(failure("UrlBase", "Must be a valid URL path (ie: '/value')"));
  }
  const method = String(body.authenticationMethod ?? "").toLowerCase();
  if (method === "basic")
    failures.push(failure("AuthenticationMethod", "Basic authentication is no longer supported"));
  if (method === "forms") {
    if (!body.username) failures.push(failure("Username", "'Username' must not be empty."));
    if (!body.password && !db.passwordHash)
      failures.push(failure("Password", "'Password' must not be empty."));
  }
  const between = (name: string, min: number, max: number) => {
    const value = body[name];
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      failures.push(
        failure(
          pascal(name),
          `'${pascal(name)}' must be between ${min} and ${max}. You entered ${String(value)}.`,
        ),
      );
    }
  };
  between("logSizeLimit", 1, 10);
  between("backupInterval", 1, 7);
  between("backupRetention", 1, 90);
  if (!String(body.branch ?? "").trim()) failures.push(failure("Branch", "'Branch' must not be empty."));
  const instanceName = String(body.instanceName ?? "");
  if (!profile.instanceNameValid(instanceName)) {
    failures.push(failure("InstanceName", `Instance Name must contain '${profile.appName}'`));
  }
  return failures;
}

const hash = (password: string) => createHash("sha256").update(password).digest("hex");

/** PUT /config/host/{id}: validates the whole resource, saves it, clears the config cache. */
export function saveHostConfig(
  body: Record<string, unknown>,
  config: AppConfig,
  db: HostDatabase,
  profile: ServarrProfile,
): void {
  // A null for a setting the file holds makes the app throw (500), so the resource must be whole.
  for (const [property, element] of FILE_PROPERTIES) {
    if ((body[property] === undefined || body[property] === null) && config.inFile(element)) {
      throw new HttpProblem(500, { message: `Value cannot be null. (Parameter '${element}')` });
    }
  }
  const failures = validate(body, profile, db);
  if (failures.length > 0) throw invalid(failures);
  const values = new Map<string, string>();
  for (const [property, element, kind] of FILE_PROPERTIES) {
    if (body[property] !== undefined && body[property] !== null)
      values.set(element, toFile(kind, body[property]));
  }
  config.save(values);
  const text = (name: string) => (typeof body[name] === "string" ? (body[name] as string) : undefined);
  db.username = text("username") ?? db.username;
  const password = text("password");
  // Re-sending the stored hash (a GET → PUT round trip) keeps the password.
  if (password && password !== db.passwordHash) db.passwordHash = hash(password);
  for (const key of Object.keys(db) as (keyof HostDatabase)[]) {
    if (key === "username" || key === "passwordHash") continue;
    const value = body[key];
    if (value !== undefined && value !== null && typeof value === typeof db[key]) {
      Object.assign(db, { [key]: value });
    }
  }
}
