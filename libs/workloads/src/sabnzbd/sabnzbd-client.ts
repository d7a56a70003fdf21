import { SabnzbdResponseError } from "./sabnzbd-errors";
import { type ApiParams, type SabnzbdConnectionOptions, SabnzbdHttp } from "./sabnzbd-http";
import {
  authSchema,
  categoriesConfigSchema,
  categoryNamesSchema,
  configSchema,
  miscSchema,
  type SabnzbdCategory,
  type SabnzbdMiscConfig,
  setApiKeySchema,
  setConfigSchema,
  setNzbKeySchema,
  statusSchema,
  versionSchema,
} from "./sabnzbd-resources";

// The SABnzbd API calls a charm makes (specs/workloads.md §2.4). See api-key-rotation.ts for
// rotating the key live.

export type SabnzbdClientOptions = SabnzbdConnectionOptions;

/** What mode=auth says a key is. "none": no key given (the app would say "apikey" to that!). */
export type SabnzbdKeyKind = "apikey" | "nzbkey" | "badkey" | "none";

export type SabnzbdConfigValue = string | number | boolean | readonly string[];

export interface SabnzbdCategoryInput {
  /** The app lower-cases it. */
  name: string;
  /** Relative to complete_dir, or absolute. */
  dir?: string;
  /** Post-processing: "" default, 0 none, 1 +repair, 2 +unpack, 3 +delete. */
  pp?: string | number;
  script?: string;
  /** -100 default, -2 paused ... 2 force. */
  priority?: number;
}

export type CategoryChange = "created" | "updated" | "unchanged";

const sameDir = (a: string, b: string) => a.replace(/\/+$/, "") === b.replace(/\/+$/, "");

export class SabnzbdClient {
  protected readonly http: SabnzbdHttp;

  constructor(protected readonly options: SabnzbdClientOptions) {
    this.http = new SabnzbdHttp(options);
  }

  /** The same connection with another key. */
  withApiKey(apiKey: string): SabnzbdClient {
    return new SabnzbdClient({ ...this.options, apiKey });
  }

  /** `3.7.1`; needs no key. */
  async version(): Promise<string> {
    return (await this.http.call("version", {}, { schema: versionSchema, anonymous: true, idempotent: true }))
      .version;
  }

  /**
   * What the app takes `key` for, asked without using it (mode=auth needs no key): no side
   * effects, nothing logged as a failure. SABnzbd has no brute-force ban.
   */
  async auth(key: string): Promise<SabnzbdKeyKind> {
    // An empty key would be answered "apikey" (api.py _api_auth): never ask about one.
    if (key === "") return "none";
    const answer = await this.http.call(
      "auth",
      { key },
      { schema: authSchema, anonymous: true, idempotent: true },
    );
    const kind = answer.auth;
    return kind === "apikey" || kind === "nzbkey" ? kind : "badkey";
  }

  /** Whether the app takes `key` (this client's own by default) as its full API key right now. */
  async acceptsKey(key = this.options.apiKey): Promise<boolean> {
    return (await this.auth(key)) === "apikey";
  }

  /** get_config: one section, one keyword of it, or everything. Holds the API key in clear text. */
  async config(section?: string, keyword?: string): Promise<Record<string, unknown>> {
    const answer = await this.http.call(
      "get_config",
      { section, keyword },
      { schema: configSchema, idempotent: true },
    );
    return answer.config;
  }

  async misc(): Promise<SabnzbdMiscConfig> {
    const config = await this.config("misc");
    return miscSchema.parse(config.misc ?? {});
  }

  /**
   * set_config: saved to sabnzbd.ini at once. Lists go as comma-separated strings, booleans as
   * 1/0. `inet_exposure` and `local_ranges` are silently ignored (protected: ini or CLI only).
   * An unknown keyword: SabnzbdRefusedError ("Config item does not exist").
   */
  async setConfig(section: string, keyword: string, value: SabnzbdConfigValue): Promise<unknown> {
    const params: ApiParams = { section, keyword, value };
    const answer = await this.http.call("set_config", params, { schema: setConfigSchema });
    const changed = answer.config[section];
    return typeof changed === "object" && changed !== null
      ? (changed as Record<string, unknown>)[keyword]
      : undefined;
  }

  setMisc(keyword: string, value: SabnzbdConfigValue): Promise<unknown> {
    return this.setConfig("misc", keyword, value);
  }

  /**
   * Sets the API key to `apiKey`, live: from the very next request the old key is refused (403
   * API Key Incorrect) and this one accepted; sabnzbd.ini is saved at once. Returns a client for it.
   */
  async setApiKey(apiKey: string): Promise<SabnzbdClient> {
    if (apiKey.trim() === "") throw new TypeError("SABnzbd: an empty API key locks the API");
    await this.setMisc("api_key", apiKey);
    return this.withApiKey(apiKey);
  }

  /** Has the app generate a new API key (mode=config&name=set_apikey). */
  async generateApiKey(): Promise<{ apiKey: string; client: SabnzbdClient }> {
    const answer = await this.http.call("config", { name: "set_apikey" }, { schema: setApiKeySchema });
    return { apiKey: answer.apikey, client: this.withApiKey(answer.apikey) };
  }

  /** Sets the NZB key (add-only key). */
  async setNzbKey(nzbKey: string): Promise<void> {
    if (nzbKey.trim() === "") throw new TypeError("SABnzbd: the NZB key must not be empty");
    await this.setMisc("nzb_key", nzbKey);
  }

  /** Has the app generate a new NZB key. */
  async generateNzbKey(): Promise<string> {
    return (await this.http.call("config", { name: "set_nzbkey" }, { schema: setNzbKeySchema })).nzbkey;
  }

  /** The category names (`*` and the defaults included; defaults are created lazily). */
  async categoryNames(): Promise<string[]> {
    return (await this.http.call("get_cats", {}, { schema: categoryNamesSchema, idempotent: true }))
      .categories;
  }

  async categories(): Promise<SabnzbdCategory[]> {
    const answer = await this.http.call(
      "get_config",
      { section: "categories" },
      { schema: categoriesConfigSchema, idempotent: true },
    );
    return answer.config.categories ?? [];
  }

  /** Creates or updates a category (only the given fields change); returns it as saved. */
  async setCategory(category: SabnzbdCategoryInput): Promise<SabnzbdCategory> {
    const params: ApiParams = {
      section: "categories",
      name: category.name,
      dir: category.dir,
      pp: category.pp,
      script: category.script,
      priority: category.priority,
    };
    const answer = await this.http.call("set_config", params, { schema: categoriesConfigSchema });
    const categories = answer.config.categories ?? [];
    const saved = categories.find((c) => c.name === category.name.toLowerCase()) ?? categories[0];
    if (!saved) throw new SabnzbdResponseError({ mode: "set_config" }, "no category in the answer");
    return saved;
  }

  /** Makes the category exist with this dir; says what it had to do. */
  async ensureCategory(name: string, dir: string): Promise<CategoryChange> {
    const existing = (await this.categories()).find((c) => c.name === name.toLowerCase());
    if (existing && sameDir(existing.dir, dir)) return "unchanged";
    await this.setCategory({ name, dir });
    return existing ? "updated" : "created";
  }

  /** Deletes a category; a missing one is no error. */
  async deleteCategory(name: string): Promise<void> {
    await this.http.call("del_config", { section: "categories", keyword: name }, { schema: statusSchema });
  }
}
