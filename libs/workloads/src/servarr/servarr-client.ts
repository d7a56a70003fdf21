import * as z from "zod";
import {
  type Command,
  commandSchema,
  type HostConfig,
  hostConfigSchema,
  type SystemStatus,
  systemStatusSchema,
} from "./resources";
import type { ServarrApp } from "./servarr-app";
import { ServarrAuthError } from "./servarr-errors";
import { type ServarrConnectionOptions, ServarrHttp } from "./servarr-http";

// What every Servarr app serves alike: ping, system status, host config, commands. Radarr and
// Sonarr add download clients and root folders (MediaManagerClient), Prowlarr applications
// (ProwlarrClient).

export type ServarrClientOptions = ServarrConnectionOptions;

const pingSchema = z.looseObject({ status: z.string() });

export class ServarrClient {
  readonly app: ServarrApp;
  protected readonly http: ServarrHttp;

  constructor(protected readonly options: ServarrClientOptions) {
    this.app = options.app;
    this.http = new ServarrHttp(options);
  }

  /** The same client with another key (after a rotation). */
  withApiKey(apiKey: string): this {
    const Client = this.constructor as new (options: ServarrClientOptions) => this;
    return new Client({ ...this.options, apiKey });
  }

  /** `GET /ping`, which needs no key: whether the app is up and its database answers. */
  async ping(): Promise<boolean> {
    const answer = await this.http.request("GET", "ping", {
      outsideApi: true,
      anonymous: true,
      schema: pingSchema,
    });
    return answer.status === "OK";
  }

  systemStatus(): Promise<SystemStatus> {
    return this.http.request("GET", "system/status", { schema: systemStatusSchema });
  }

  /** Whether the app takes this client's key right now: false on 401, errors otherwise. */
  async acceptsKey(): Promise<boolean> {
    try {
      await this.http.request("GET", "system/status");
      return true;
    } catch (error) {
      if (error instanceof ServarrAuthError) return false;
      throw error;
    }
  }

  hostConfig(): Promise<HostConfig> {
    return this.http.request("GET", "config/host", { schema: hostConfigSchema });
  }

  /**
   * Saves host settings. It must be the whole resource (GET, change, PUT); the app ignores
   * `apiKey` here, and Port, BindAddress and UrlBase only take effect at its next start.
   */
  updateHostConfig(config: HostConfig): Promise<HostConfig> {
    return this.http.request("PUT", `config/host/${config.id}`, { body: config, schema: hostConfigSchema });
  }

  /**
   * Saves the host config unchanged. The app then drops its config cache and reads config.xml
   * again, which is how a key written into the file becomes live (specs/app-apis.md §c.5).
   */
  async reloadHostConfig(): Promise<HostConfig> {
    return this.updateHostConfig(await this.hostConfig());
  }

  /** Queues a command (`ResetApiKey`, `ApplicationIndexerSync` …); it runs asynchronously. */
  runCommand(name: string, body: Readonly<Record<string, unknown>> = {}): Promise<Command> {
    return this.http.request("POST", "command", { body: { ...body, name }, schema: commandSchema });
  }

  command(id: number): Promise<Command> {
    return this.http.request("GET", `command/${id}`, { schema: commandSchema });
  }
}
