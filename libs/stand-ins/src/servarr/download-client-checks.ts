import { isIP } from "node:net";
import { categoryField, type ManagerKind } from "./download-client-kinds";
import type { ProviderTemplate, Settings } from "./provider-definitions";
import { normaliseUrlBase } from "./url-base";
import { failure, type ValidationFailure } from "./validation";

// What Radarr and Sonarr check before saving an enabled download client (specs/app-apis.md §d):
// the settings' validators, then a live test against the real downloader (qBittorrent WebUI API
// v2, SABnzbd /api). The stand-in really calls it, so a wrong password or key is refused here
// just as the app would refuse it.

const TIMEOUT_MS = 10_000;

const str = (value: unknown) => (typeof value === "string" ? value : "");
const capitalised = (name: string) => `${name[0]?.toUpperCase() ?? ""}${name.slice(1)}`;

/** The downloader's base URL from a client's settings: scheme, host (IPv6 bracketed), port, URL base. */
export function baseUrl(settings: Settings): string {
  const host = str(settings.host);
  const shown = isIP(host) === 6 ? `[${host}]` : host;
  return `${settings.useSsl ? "https" : "http"}://${shown}:${settings.port}${normaliseUrlBase(str(settings.urlBase))}`;
}

/** The settings validators; failures with isWarning only block a save that is not forced. */
export function validateDownloadClient(manager: ManagerKind, template: ProviderTemplate, settings: Settings) {
  const failures: ValidationFailure[] = [];
  const host = str(settings.host);
  if (host.trim() === "") failures.push(failure("Host", "'Host' must not be empty."));
  else if (!/^[A-Za-z0-9._\-:[\]]+$/.test(host)) failures.push(failure("Host", "Must be a valid Host"));
  const port = Number(settings.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    failures.push(failure("Port", `'Port' must be between 1 and 65535. You entered ${settings.port}.`));
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(str(settings.urlBase))) {
    failures.push(failure("UrlBase", "Must be a valid URL path (ie: '/value')"));
  }
  const categoryName = categoryField(manager);
  const category = str(settings[categoryName]);
  if (template.implementation === "QBittorrent") {
    if (
      category.includes("\\") ||
      category.includes("//") ||
      category.startsWith("/") ||
      category.endsWith("/")
    ) {
      failures.push(failure(capitalised(categoryName), "Can not contain '\\', '//', or start/end with '/'"));
    }
  } else {
    const apiKey = str(settings.apiKey);
    const username = str(settings.username);
    if (!apiKey && !username) failures.push(failure("ApiKey", "'API Key' must not be empty."));
    if (!apiKey && username && !str(settings.password)) {
      failures.push(failure("Password", "'Password' must not be empty."));
    }
    if (!category) {
      failures.push(
        failure(capitalised(categoryName), "A category is recommended", {
          warning: true,
          detailedDescription: "Without a category, completed downloads are not imported.",
        }),
      );
    }
  }
  return failures;
}

async function call(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(url, { ...init, redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
  return { status: response.status, text: await response.text(), headers: response.headers };
}

function unreachable(client: string, error: unknown): ValidationFailure[] {
  const code = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
  return [failure("Host", `Unable to connect to ${client}`, { detailedDescription: code })];
}

async function testQbittorrent(manager: ManagerKind, settings: Settings): Promise<ValidationFailure[]> {
  const base = baseUrl(settings);
  const authFailure = () => [failure("Username", "Authentication failure")];
  try {
    // 403 is fine here: qBittorrent answers it before a login.
    const probe = await call(`${base}/api/v2/app/webapiVersion`);
    if (probe.status !== 200 && probe.status !== 403) {
      return [
        failure("Host", "Unable to connect to qBittorrent", { detailedDescription: `HTTP ${probe.status}` }),
      ];
    }
    const username = str(settings.username);
    const password = str(settings.password);
    let cookie: string | undefined;
    if (username && password) {
      const login = await call(`${base}/api/v2/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ username, password }).toString(),
      });
      if (login.status !== 200 || login.text !== "Ok.") return authFailure();
      cookie = login.headers.get("set-cookie")?.split(";")[0];
    }
    const headers: Record<string, string> = cookie ? { cookie } : {};
    const version = await call(`${base}/api/v2/app/webapiVersion`, { headers });
    if (version.status === 403) return authFailure();
    const categoryName = categoryField(manager);
    const category = str(settings[categoryName]);
    if (!category) {
      return [failure(capitalised(categoryName), "Category is recommended", { warning: true })];
    }
    const known = async () => {
      const list = await call(`${base}/api/v2/torrents/categories`, { headers });
      return list.status === 200 && Object.hasOwn(JSON.parse(list.text || "{}"), category);
    };
    // Like the app, the test creates a missing category.
    if (!(await known())) {
      await call(`${base}/api/v2/torrents/createCategory`, {
        method: "POST",
        headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ category, savePath: "" }).toString(),
      });
      if (!(await known())) return [failure(capitalised(categoryName), "Configuration of label failed")];
    }
    return [];
  } catch (error) {
    return unreachable("qBittorrent", error);
  }
}

async function testSabnzbd(manager: ManagerKind, settings: Settings): Promise<ValidationFailure[]> {
  const api = (mode: string) => {
    const query = new URLSearchParams({ mode, output: "json" });
    if (str(settings.apiKey)) query.set("apikey", str(settings.apiKey));
    if (str(settings.username)) {
      query.set("ma_username", str(settings.username));
      query.set("ma_password", str(settings.password));
    }
    return `${baseUrl(settings)}/api?${query}`;
  };
  try {
    const version = await call(api("version"));
    if (version.status !== 200 || !/"version"/.test(version.text)) {
      return [
        failure("Host", "Unable to connect to SABnzbd", { detailedDescription: `HTTP ${version.status}` }),
      ];
    }
    const config = await call(api("get_config"));
    if (/API Key (Incorrect|Required)/.test(config.text) || config.status === 403) {
      return [failure("APIKey", "API Key Incorrect")];
    }
    if (/Authentication/i.test(config.text) && config.status !== 200) {
      return [failure("Username", "Authentication failure")];
    }
    const categoryName = categoryField(manager);
    const category = str(settings[categoryName]);
    const parsed = JSON.parse(config.text) as { config?: { categories?: { name?: string }[] } };
    const categories = parsed.config?.categories ?? [];
    if (category && !categories.some((c) => c.name === category)) {
      return [
        failure(capitalised(categoryName), "Category does not exist", {
          detailedDescription: "The category you entered doesn't exist in SABnzbd. Go create it in SABnzbd.",
        }),
      ];
    }
    return [];
  } catch (error) {
    return unreachable("SABnzbd", error);
  }
}

/** The live test of an implementation against its downloader. */
export function testDownloadClient(
  manager: ManagerKind,
  template: ProviderTemplate,
  settings: Settings,
): Promise<ValidationFailure[]> {
  return template.implementation === "Sabnzbd"
    ? testSabnzbd(manager, settings)
    : testQbittorrent(manager, settings);
}
