import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import {
  itemElements,
  LibrarySections,
  SECTION_TYPE_NUMBERS,
  SECTION_TYPES,
  sectionElement,
} from "./library-sections";
import { sendContainer, sendHtml } from "./media-container";
import { PLEX_PORT, PLEX_VERSION } from "./plex-profile";
import { isPlexAuthenticated, UNAUTHORIZED_HTML } from "./plex-token";
import { loadPreferences } from "./preferences-file";

// A Plex Media Server stand-in (specs/app-apis.md §h): /identity open to anyone, everything else
// 401 unless X-Plex-Token (header or query) is the PlexOnlineToken that Preferences.xml held at
// start, XML by default and JSON on request, and library sections that a scan fills from the
// folders they point at.

export interface PlexStandInOptions {
  /** $PLEX_MEDIA_SERVER_APPLICATION_SUPPORT_DIR: Preferences.xml lives under "Plex Media Server". */
  appSupportDir: string;
  /** 32400 unless told; 0 picks a free port. */
  port?: number;
  host?: string;
  /** Where the server's log lines go; never handed a token or a query string. */
  log?: (message: string) => void;
}

export interface PlexStandIn {
  readonly url: string;
  readonly port: number;
  readonly machineIdentifier: string;
  readonly claimed: boolean;
  readonly sections: LibrarySections;
  close(): Promise<void>;
}

const html = (code: number, title: string) =>
  `<html><head><title>${title}</title></head><body><h1>${code} ${title}</h1></body></html>`;

class BadRequest extends Error {}

function required(query: URLSearchParams, name: string): string {
  const value = query.get(name);
  if (!value) throw new BadRequest(`missing ${name}`);
  return value;
}

/** Both create forms: legacy `location` (repeatable) and string `type`; official `locations` and integer `type`. */
function locationsOf(query: URLSearchParams): string[] {
  return [...query.getAll("location"), ...query.getAll("locations"), ...query.getAll("locations[]")].filter(
    (path) => path.startsWith("/"),
  );
}

function sectionTypeOf(value: string) {
  const type =
    SECTION_TYPE_NUMBERS[value] ?? (SECTION_TYPES as readonly string[]).find((name) => name === value);
  if (!type) throw new BadRequest(`unknown type ${value}`);
  return type as (typeof SECTION_TYPES)[number];
}

export async function startPlexStandIn(options: PlexStandInOptions): Promise<PlexStandIn> {
  const log = options.log ?? (() => {});
  const preferences = loadPreferences(options.appSupportDir);
  const machineIdentifier = preferences.get("ProcessedMachineIdentifier")!;
  const serverToken = preferences.get("PlexOnlineToken") || undefined;
  const sections = new LibrarySections(
    join(options.appSupportDir, "Plex Media Server", "Plug-in Support", "Databases", "stand-in-library.json"),
  );

  const identity = () => ({
    tag: "MediaContainer",
    attributes: { size: 0, claimed: serverToken !== undefined, machineIdentifier, version: PLEX_VERSION },
  });

  function handle(req: IncomingMessage, res: ServerResponse): undefined {
    const url = new URL(req.url ?? "/", "http://plex.invalid");
    const method = req.method ?? "GET";
    const path = url.pathname.replace(/\/+$/, "") || "/";
    log(`Request: ${method} ${path}`);
    if (path === "/identity" && method === "GET") return sendContainer(res, req.headers, identity());
    if (!isPlexAuthenticated(url.searchParams, req.headers, serverToken)) {
      return sendHtml(res, 401, UNAUTHORIZED_HTML);
    }
    const query = url.searchParams;
    if (path === "/library/sections" || path === "/library/sections/all") {
      if (method === "GET") {
        const list = sections.list();
        return sendContainer(res, req.headers, {
          tag: "MediaContainer",
          attributes: { size: list.length, allowSync: false, title1: "Plex Library" },
          children: list.map(sectionElement),
        });
      }
      if (method === "POST") {
        const locations = locationsOf(query);
        if (locations.length === 0) throw new BadRequest("no location");
        const section = sections.create({
          title: required(query, "name"),
          type: sectionTypeOf(required(query, "type")),
          agent: required(query, "agent"),
          scanner: query.get("scanner") ?? "",
          language: required(query, "language"),
          locations,
        });
        log(`Library section ${section.key} created`);
        return sendContainer(res, req.headers, {
          tag: "MediaContainer",
          attributes: { size: 1 },
          children: [sectionElement(section)],
        });
      }
    }
    const sectionPath = /^\/library\/sections\/(\d+)(\/refresh|\/all)?$/.exec(path);
    if (sectionPath) {
      const key = Number(sectionPath[1]);
      const section = sections.get(key);
      if (!section) return sendHtml(res, 404, html(404, "Not Found"));
      const tail = sectionPath[2];
      if (tail === "/refresh" && (method === "GET" || method === "POST")) {
        sections.scan(key);
        log(`Library section ${key} scanned`);
        res.writeHead(200, { "content-length": 0 }).end();
        return;
      }
      if (tail === "/all" && method === "GET") {
        const items = itemElements(section);
        return sendContainer(res, req.headers, {
          tag: "MediaContainer",
          attributes: { size: items.length, librarySectionID: key, librarySectionTitle: section.title },
          children: items,
        });
      }
      if (tail === undefined && method === "GET") {
        return sendContainer(res, req.headers, {
          tag: "MediaContainer",
          attributes: { size: 1 },
          children: [sectionElement(section)],
        });
      }
      if (tail === undefined && method === "PUT") {
        const locations = locationsOf(query);
        sections.update(key, {
          title: query.get("name") ?? undefined,
          agent: query.get("agent") ?? undefined,
          scanner: query.get("scanner") ?? undefined,
          language: query.get("language") ?? undefined,
          locations: locations.length > 0 ? locations : undefined,
        });
        log(`Library section ${key} updated`);
        res.writeHead(200, { "content-length": 0 }).end();
        return;
      }
      if (tail === undefined && method === "DELETE") {
        sections.remove(key);
        log(`Library section ${key} deleted`);
        res.writeHead(200, { "content-length": 0 }).end();
        return;
      }
    }
    sendHtml(res, 404, html(404, "Not Found"));
  }

  const server = createServer((req, res) => {
    // Bodies are never read: PMS takes its parameters from the query.
    req.resume();
    try {
      handle(req, res);
    } catch (error) {
      if (error instanceof BadRequest) sendHtml(res, 400, html(400, "Bad Request"));
      else {
        log(`Error: ${(error as Error).message}`);
        sendHtml(res, 500, html(500, "Internal Server Error"));
      }
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? PLEX_PORT, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    machineIdentifier,
    claimed: serverToken !== undefined,
    sections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
