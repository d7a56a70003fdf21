import * as z from "zod";
import { parseBaseUrl } from "../http/base-url";
import type { HttpExchangeResponse, HttpTransport } from "../http/http-transport";
import { nodeHttpTransport } from "../http/node-http-transport";

// Plex Media Server's local API as the charm uses it (specs/app-apis.md §h): library sections,
// with the server's token in the X-Plex-Token header (never in the URL: URLs end up in logs), JSON.

export const PLEX_AGENTS = {
  movie: { agent: "tv.plex.agents.movie", scanner: "Plex Movie" },
  show: { agent: "tv.plex.agents.series", scanner: "Plex TV Series" },
} as const;
export type PlexLibraryType = keyof typeof PLEX_AGENTS;

const locationSchema = z.object({ path: z.string() });
const sectionSchema = z.object({
  key: z.coerce.string(),
  title: z.string(),
  type: z.string(),
  agent: z.string().optional(),
  Location: z.array(locationSchema).optional(),
});
const sectionsSchema = z.object({
  MediaContainer: z.object({ Directory: z.array(sectionSchema).optional() }),
});
const itemsSchema = z.object({
  MediaContainer: z.object({
    Video: z
      .array(
        z.object({ Media: z.array(z.object({ Part: z.array(z.object({ file: z.string() })) })).optional() }),
      )
      .optional(),
  }),
});

export interface PlexSection {
  key: string;
  title: string;
  type: string;
  locations: string[];
}

export class PlexApiError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export class PlexClient {
  readonly #base: URL;
  readonly #token: string;
  readonly #timeoutMs: number;
  readonly #transport: HttpTransport;

  /** `transport`: node:http(s) by default (redirects are not followed); a fake in tests. */
  constructor(
    baseUrl: string,
    token: string,
    options: { timeoutMs?: number; transport?: HttpTransport } = {},
  ) {
    this.#base = parseBaseUrl(baseUrl, "Plex");
    this.#token = token;
    this.#timeoutMs = options.timeoutMs ?? 30_000;
    this.#transport = options.transport ?? nodeHttpTransport;
  }

  async sections(): Promise<PlexSection[]> {
    const body = sectionsSchema.parse(await this.#call("GET", "/library/sections"));
    return (body.MediaContainer.Directory ?? []).map((d) => ({
      key: d.key,
      title: d.title,
      type: d.type,
      locations: (d.Location ?? []).map((l) => l.path),
    }));
  }

  async createSection(title: string, type: PlexLibraryType, locations: readonly string[]): Promise<void> {
    const query = new URLSearchParams({ name: title, type, ...PLEX_AGENTS[type], language: "en-US" });
    for (const location of locations) query.append("location", location);
    await this.#call("POST", `/library/sections?${query}`);
  }

  async setSectionLocations(key: string, type: PlexLibraryType, locations: readonly string[]): Promise<void> {
    const query = new URLSearchParams({ agent: PLEX_AGENTS[type].agent });
    for (const location of locations) query.append("location", location);
    await this.#call("PUT", `/library/sections/${encodeURIComponent(key)}?${query}`);
  }

  /** Deletes the library from Plex (its media files are never touched). */
  async deleteSection(key: string): Promise<void> {
    await this.#call("DELETE", `/library/sections/${encodeURIComponent(key)}`);
  }

  async scanSection(key: string): Promise<void> {
    await this.#call("GET", `/library/sections/${encodeURIComponent(key)}/refresh`);
  }

  /** The media files of a section's items, as its last scan found them. */
  async sectionFiles(key: string): Promise<string[]> {
    const body = itemsSchema.parse(
      await this.#call("GET", `/library/sections/${encodeURIComponent(key)}/all`),
    );
    return (body.MediaContainer.Video ?? []).flatMap((v) =>
      (v.Media ?? []).flatMap((m) => m.Part.map((p) => p.file)),
    );
  }

  async #call(method: string, pathAndQuery: string): Promise<unknown> {
    const url = new URL(pathAndQuery, this.#base);
    let response: HttpExchangeResponse;
    try {
      response = await this.#transport({
        url,
        method,
        headers: { "X-Plex-Token": this.#token, Accept: "application/json" },
        body: undefined,
        timeoutMs: this.#timeoutMs,
      });
    } catch (error) {
      throw new PlexApiError(`Plex ${method} ${url.pathname}: ${(error as Error).message}`);
    }
    const { status, text } = response;
    if (status < 200 || status >= 300)
      throw new PlexApiError(`Plex ${method} ${url.pathname}: HTTP ${status}`, status);
    if (text.trim() === "") return {};
    try {
      return JSON.parse(text);
    } catch {
      throw new PlexApiError(`Plex ${method} ${url.pathname}: not JSON`);
    }
  }
}
