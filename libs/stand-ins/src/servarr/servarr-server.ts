import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { isIP } from "node:net";
import { join } from "node:path";
import { isAuthenticated } from "./api-key-auth";
import { AppConfig, generateKey } from "./app-config";
import { AppDatabase } from "./app-database";
import { type HealthItem, ProwlarrApplications } from "./applications";
import { CommandQueue } from "./commands";
import { CompletedDownloadHandling } from "./completed-download-handling";
import { downloadClientRoutes } from "./download-clients";
import { downloadHistoryRoutes } from "./download-history";
import { defaultHostDatabase, type HostDatabase, hostConfigResource, saveHostConfig } from "./host-config";
import { HttpProblem, readJsonObject, sendJson } from "./http-exchange";
import type { ImportLog } from "./import-transfer";
import { mediaManagementRoutes } from "./media-management-config";
import { rootFolderRoutes } from "./root-folders";
import { idParam, Router } from "./routes";
import { SERVARR_PROFILES, type ServarrKind, type ServarrProfile } from "./servarr-kind";
import { systemStatus } from "./system-status";
import { normaliseUrlBase } from "./url-base";

// A Radarr, Sonarr or Prowlarr stand-in: the endpoints the charms call, with the real apps'
// shapes, authentication and live key handling (specs/app-apis.md §a–f). Middleware order as in
// the apps: authentication first, then the URL-base redirect, then the version header.

export interface ServarrStandInOptions {
  kind: ServarrKind;
  /** The app's data directory (`-data=`): config.xml lives there. */
  dataDir: string;
  /** Listen here instead of config.xml's Port (0: any free port). */
  port?: number;
  /** Listen here instead of config.xml's BindAddress. */
  bindAddress?: string;
  /** The environment as the app reads it (`RADARR__AUTH__APIKEY` beats config.xml); empty by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /**
   * How often Radarr and Sonarr check their download clients for completed downloads, in ms. The
   * apps do it every minute; tests want it shorter. Default: the environment's
   * `STAND_IN_DOWNLOAD_CHECK_INTERVAL_SECONDS`, else 60 s; 0 turns the periodic check off (the
   * RefreshMonitoredDownloads command still checks).
   */
  downloadCheckIntervalMs?: number;
  /** Where the app's log lines go (`level`, logger name, message); nowhere by default. */
  log?: ImportLog;
}

export interface ServarrStandIn {
  readonly kind: ServarrKind;
  /** Base URL, URL base included: `http://127.0.0.1:7878/radarr`. */
  readonly url: string;
  readonly port: number;
  /** The address listened on, as the server reports it (`::` for every interface). */
  readonly address: string;
  readonly configFile: string;
  /** The live key, as the app would check it now. */
  apiKey(): string;
  /** Resolves when queued commands and background syncs have finished. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const UI_HTML = (profile: ServarrProfile) =>
  `<!doctype html><html><head><title>${profile.appName}</title></head><body><div id="root"></div></body></html>`;

function listenHost(bindAddress: string): string | undefined {
  // `*` is every interface (Kestrel's http://*:port); Node listens on all of them without a host.
  if (bindAddress === "*") return undefined;
  if (bindAddress === "localhost") return "127.0.0.1";
  return bindAddress;
}

function urlHost(bindAddress: string): string {
  if (bindAddress === "*" || bindAddress === "localhost" || bindAddress === "0.0.0.0") return "127.0.0.1";
  if (bindAddress === "::") return "[::1]";
  return isIP(bindAddress) === 6 ? `[${bindAddress}]` : bindAddress;
}

/** The part of `path` below the URL base, if it is there (ASP.NET's UsePathBase, case-insensitive). */
function belowBase(path: string, urlBase: string): string | undefined {
  if (!urlBase) return path;
  const lower = path.toLowerCase();
  const base = urlBase.toLowerCase();
  if (lower === base) return "/";
  return lower.startsWith(`${base}/`) ? path.slice(urlBase.length) : undefined;
}

/** The periodic download check's interval: the option, else the environment, else the apps' minute. */
export function downloadCheckInterval(
  options: Pick<ServarrStandInOptions, "downloadCheckIntervalMs" | "env">,
): number {
  if (options.downloadCheckIntervalMs !== undefined) return options.downloadCheckIntervalMs;
  const seconds = Number(options.env?.STAND_IN_DOWNLOAD_CHECK_INTERVAL_SECONDS ?? "60");
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 60_000;
}

function apiRoutes(
  profile: ServarrProfile,
  config: AppConfig,
  runtime: { dataDir: string; startTime: Date },
  options: ServarrStandInOptions,
) {
  const router = new Router();
  const database = new AppDatabase(join(runtime.dataDir, `${profile.kind}.db`));
  const hostTable = database.table<Partial<HostDatabase>>("HostConfig");
  const db = { ...defaultHostDatabase(), ...hostTable.load() };
  const applications = profile.kind === "prowlarr" ? new ProwlarrApplications(router, database) : undefined;
  let imports: CompletedDownloadHandling | undefined;
  if (profile.kind !== "prowlarr") {
    const downloadClients = downloadClientRoutes(router, profile.kind, database);
    const rootFolders = rootFolderRoutes(router, profile.kind, database);
    imports = new CompletedDownloadHandling({
      kind: profile.kind,
      downloadClients: () => downloadClients.list(),
      rootFolders,
      mediaManagement: mediaManagementRoutes(router, profile.kind, database),
      history: downloadHistoryRoutes(router, profile.kind, database),
      log: options.log ?? (() => {}),
    });
    imports.startPolling(downloadCheckInterval(options));
  }
  const checkDownloads = () => imports?.check();
  const commands = new CommandQueue(
    {
      // A new key in the cache and in config.xml at once: the old key is refused from now on.
      ResetApiKey: async () => {
        config.set("ApiKey", generateKey());
        // Prowlarr re-syncs every application when its key changes (ApiKeyChangedEvent).
        await applications?.syncAll();
      },
      ...(applications ? { ApplicationIndexerSync: () => applications.syncAll() } : {}),
      // Completed download handling: the scheduled task, and the scan the download clients'
      // scripts (or a user) can ask for.
      ...(imports
        ? {
            RefreshMonitoredDownloads: checkDownloads,
            ProcessMonitoredDownloads: checkDownloads,
            [profile.kind === "radarr" ? "DownloadedMoviesScan" : "DownloadedEpisodesScan"]: checkDownloads,
          }
        : {}),
    },
    profile.kind !== "prowlarr",
  );
  const hostConfig = () => hostConfigResource(config, db, profile);
  router
    .on("GET", "system/status", () => ({ status: 200, body: systemStatus(profile, config, runtime) }))
    .on("GET", "config/host", () => ({ status: 200, body: hostConfig() }))
    .on("GET", "config/host/{id}", () => ({ status: 200, body: hostConfig() }))
    .on("PUT", "config/host/{id}", async (request) => {
      saveHostConfig(await request.body(), config, db, profile);
      hostTable.save(db);
      return { status: 202, body: hostConfig() };
    })
    .on("GET", "command", () => ({ status: 200, body: commands.list() }))
    .on("GET", "command/{id}", (request) => ({ status: 200, body: commands.get(idParam(request)) }))
    .on("POST", "command", async (request) => ({ status: 201, body: commands.start(await request.body()) }))
    .on("GET", "health", () => {
      const items: HealthItem[] = [...(applications?.health() ?? []), ...(imports?.health() ?? [])];
      if (config.get("ApiKey").length < 20) {
        items.push({
          source: "ApiKeyValidationCheck",
          type: "error",
          message:
            "Please update your API key to be at least 20 characters long. You can do this via settings or the config file",
          wikiUrl: `https://wiki.servarr.com/${profile.kind}/system#api-key-validation-check`,
        });
      }
      return { status: 200, body: items };
    });
  const settled = async () => {
    await commands.settled();
    await applications?.settled();
    await imports?.settled();
  };
  const stop = async () => {
    await imports?.close();
  };
  return { router, settled, stop };
}

/** Starts a stand-in as the app starts: config.xml read (or created), then the listener. */
export async function startServarrStandIn(options: ServarrStandInOptions): Promise<ServarrStandIn> {
  const profile = SERVARR_PROFILES[options.kind];
  const config = AppConfig.load(options.dataDir, profile, options.env ?? {});
  // Port, BindAddress and UrlBase are read once, at start.
  const portSetting = config.get("Port");
  const port = options.port ?? Number(portSetting);
  if (!Number.isInteger(port)) throw new Error(`Port in ${config.file} is not a number`);
  const bindAddress = options.bindAddress ?? config.get("BindAddress");
  const urlBase = normaliseUrlBase(config.get("UrlBase"));
  const runtime = { dataDir: options.dataDir, startTime: new Date() };
  const { router, settled, stop } = apiRoutes(profile, config, runtime, options);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://stand-in");
    const method = req.method ?? "GET";
    const below = belowBase(url.pathname, urlBase);
    const path = below ?? url.pathname;
    const lower = path.toLowerCase();
    const isApi =
      /^\/(api|feed)(\/|$)/.test(lower) || (profile.kind === "prowlarr" && /^\/\d+\/api(\/|$)/.test(lower));
    const anonymous =
      (lower === "/ping" && (method === "GET" || method === "HEAD")) ||
      lower === "/login" ||
      lower === "/logout" ||
      lower.startsWith("/content/");
    if (!anonymous && isApi && !isAuthenticated(url.searchParams, req.headers, config.get("ApiKey"))) {
      // The challenge: a bare 401, no body, no version header.
      res.writeHead(401, { "content-length": 0 }).end();
      return;
    }
    if (!anonymous && !isApi) {
      // The UI policy follows AuthenticationMethod: None and External let everyone in.
      const method = config.get("AuthenticationMethod").toLowerCase();
      if (method !== "none" && method !== "external") {
        if (profile.kind === "sonarr" && req.headers["x-requested-with"] === "XMLHttpRequest") {
          res.writeHead(401, { "content-length": 0 }).end();
        } else {
          const returnUrl = encodeURIComponent(`${urlBase}${path}`);
          res
            .writeHead(302, { location: `${urlBase}/login?returnUrl=${returnUrl}`, "content-length": 0 })
            .end();
        }
        return;
      }
    }
    if (below === undefined) {
      res.writeHead(307, { location: `${urlBase}${path}${url.search}`, "content-length": 0 }).end();
      return;
    }
    if (lower === "/ping") {
      const body = JSON.stringify({ status: "OK" }, null, 2);
      res.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(body),
      });
      res.end(method === "HEAD" ? undefined : body);
      return;
    }
    if (!isApi) {
      if (lower === "/initialize.json") {
        sendJson(res, 200, {
          apiRoot: `${urlBase}${profile.apiRoot}`,
          apiKey: config.get("ApiKey"),
          release: `${profile.version}-${config.get("Branch")}`,
          version: profile.version,
          instanceName: profile.appName,
          theme: config.get("Theme"),
          branch: config.get("Branch"),
          analytics: false,
          urlBase,
          isProduction: true,
        });
        return;
      }
      const html = UI_HTML(profile);
      res
        .writeHead(200, { "content-type": "text/html", "content-length": Buffer.byteLength(html) })
        .end(html);
      return;
    }
    const version = { "x-application-version": profile.version };
    try {
      if (lower === "/api") {
        sendJson(res, 200, { current: profile.apiRoot.slice("/api/".length), deprecated: [] }, version);
        return;
      }
      const match = lower.startsWith(`${profile.apiRoot}/`)
        ? router.match(method, path.slice(profile.apiRoot.length))
        : undefined;
      if (match === undefined) throw new HttpProblem(404, undefined);
      if (match === "wrong-method") throw new HttpProblem(405, undefined);
      let body: Promise<Record<string, unknown>> | undefined;
      const reply = await match.handler({
        method,
        params: match.params,
        query: url.searchParams,
        body: () => {
          body ??= readJsonObject(req);
          return body;
        },
      });
      sendJson(res, reply.status, method === "HEAD" ? undefined : reply.body, version);
    } catch (error) {
      if (error instanceof HttpProblem) sendJson(res, error.status, error.body, version);
      else sendJson(res, 500, { message: (error as Error).message }, version);
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host: listenHost(bindAddress) }, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: actualPort, address } = server.address() as AddressInfo;
  return {
    kind: options.kind,
    url: `http://${urlHost(bindAddress)}:${actualPort}${urlBase}`,
    port: actualPort,
    address,
    configFile: config.file,
    apiKey: () => config.get("ApiKey"),
    settled,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await settled();
      await stop();
    },
  };
}
