import type { CharmContext } from "@charmarr/charm";
import type { PebbleClient } from "@charmarr/pebble";
import type { CredentialWorkload } from "@charmarr/secrets";
import {
  ApiKeyNotAppliedError,
  applyApiKey,
  ConfigXmlError,
  MediaManagerClient,
  ProwlarrClient,
  SERVARR_APPS,
  type ServarrClient,
  type ServarrConfigSettings,
} from "@charmarr/workloads";
import {
  type AppAddress,
  type AppService,
  type AppState,
  appService,
  waitUntilServing,
} from "../workload-service";
import { CharmRecordFile } from "./charm-record";
import { ConfigXmlFile } from "./config-xml-file";
import type { ServarrCharmSpec } from "./servarr-charm-spec";
import { normaliseUrlBase, type ServarrConfig } from "./servarr-config";

type Ctx = CharmContext<unknown>;

/** The content of every Servarr charm's `api-key` secret. */
export type ApiKeyContent = { "api-key": string };

/** The app, up and answering, as the leader sees it in this hook. */
export interface RunningServarr {
  pebble: PebbleClient;
  address: AppAddress;
  /** Where this charm calls its app, URL base included: `http://<bind>:<port><base>`. */
  localApiUrl: string;
  /** What other apps are told, URL base included: `http://<ingress>:<port><base>`. */
  apiUrl: string;
  /** The app's key as this hook knows it (the secret's latest content). */
  apiKey: string;
  configXml: ConfigXmlFile;
  record: CharmRecordFile;
}

/** The settings the charm keeps in config.xml (the key and what the app reads at start). */
export function wantedSettings(
  spec: Pick<ServarrCharmSpec, "port">,
  config: Pick<ServarrConfig, "url-base" | "external-auth">,
  address: AppAddress,
  apiKey: string,
  current: ServarrConfigSettings | undefined,
): ServarrConfigSettings {
  const settings: ServarrConfigSettings = {
    apiKey,
    port: spec.port,
    bindAddress: address.bind,
    urlBase: normaliseUrlBase(config["url-base"]),
  };
  // External is the charm's to give and take back; any other method is the operator's (web UI).
  if (config["external-auth"]) settings.authenticationMethod = "External";
  else if (current?.authenticationMethod === "External") settings.authenticationMethod = "None";
  return settings;
}

interface HookView {
  service: AppService;
  urlBase: string;
  configXml?: ConfigXmlFile;
  record?: CharmRecordFile;
}

/**
 * A Servarr app (Prowlarr, Radarr or Sonarr) in its container: config.xml seeded before the
 * first start and re-asserted after, the app run by the leader under Pebble, and its API key
 * applied live (specs/app-apis.md §c) for rotation and read back for drift.
 */
export class ServarrWorkload {
  readonly name: string;
  readonly #hooks = new WeakMap<Ctx, HookView>();

  constructor(readonly spec: ServarrCharmSpec) {
    this.name = SERVARR_APPS[spec.app].name;
  }

  /** This hook's view: the URL base from config (the last valid one when config is invalid). */
  #hook(ctx: Ctx): HookView {
    let view = this.#hooks.get(ctx);
    if (!view) {
      const config = ctx.configResult.ok ? (ctx.configResult.config as Partial<ServarrConfig>) : {};
      const urlBase = normaliseUrlBase(config["url-base"] ?? "");
      view = {
        urlBase,
        service: appService({
          container: this.spec.container,
          command: this.spec.command,
          port: this.spec.port,
          readyPath: `${urlBase}/ping`,
          startTimeoutMs: this.spec.startTimeoutMs,
        }),
      };
      this.#hooks.set(ctx, view);
    }
    return view;
  }

  service(ctx: Ctx): AppService {
    return this.#hook(ctx).service;
  }

  configXml(ctx: Ctx, pebble: PebbleClient): ConfigXmlFile {
    const view = this.#hook(ctx);
    view.configXml ??= new ConfigXmlFile(pebble);
    return view.configXml;
  }

  record(ctx: Ctx, pebble: PebbleClient): CharmRecordFile {
    const view = this.#hook(ctx);
    view.record ??= new CharmRecordFile(pebble);
    return view.record;
  }

  /** A client of this app (Prowlarr's or a media manager's), with `apiKey`. */
  client(localApiUrl: string, apiKey: string): ServarrClient {
    const { app } = this.spec;
    return app === "prowlarr"
      ? new ProwlarrClient({ url: localApiUrl, apiKey })
      : new MediaManagerClient({ app, url: localApiUrl, apiKey });
  }

  /**
   * Leader: seed config.xml with `apiKey`, run the app, wait for it. Non-leader: stop it
   * (standby). Statuses say what it waits for.
   */
  async run(ctx: Ctx, apiKey: string | undefined): Promise<RunningServarr | { ok: false; reason: string }> {
    const view = this.#hook(ctx);
    let state: AppState;
    try {
      state = await view.service.run(ctx, async (pebble, address) => {
        if (apiKey === undefined) throw new Error("the leader runs the app with its API key");
        const file = this.configXml(ctx, pebble);
        const current = await file.read();
        const wanted = wantedSettings(
          this.spec,
          ctx.config as ServarrConfig,
          address,
          apiKey,
          current?.settings,
        );
        const changed = await file.update(wanted);
        if (changed.length > 0) ctx.log.info({ settings: changed }, "config.xml updated");
        // Every managed setting is read at start (the key is cached), so a change needs a restart.
        return { restart: current !== undefined && changed.length > 0 };
      });
    } catch (err) {
      if (!(err instanceof ConfigXmlError)) throw err;
      const reason = `${this.name} cannot start: ${err.message}; fix /config/config.xml in the ${this.spec.container} container, or remove it to start afresh`;
      ctx.status.blocked(reason);
      return { ok: false, reason };
    }
    if (!state.ok || apiKey === undefined) return { ok: false, reason: state.ok ? "standby" : state.reason };
    return {
      pebble: state.pebble,
      address: state.address,
      localApiUrl: `${state.localUrl}${view.urlBase}`,
      apiUrl: `${state.publicUrl}${view.urlBase}`,
      apiKey,
      configXml: this.configXml(ctx, state.pebble),
      record: this.record(ctx, state.pebble),
    };
  }

  /**
   * The app's key as libs/secrets drives it, or undefined when the app is not up in this hook
   * (rotation then waits for Juju's retry).
   */
  async credential(ctx: Ctx): Promise<CredentialWorkload<ApiKeyContent> | undefined> {
    if (!ctx.configResult.ok) return undefined;
    const view = this.#hook(ctx);
    const state = await view.service.reachable(ctx);
    if (!state.ok) return undefined;
    const { pebble } = state;
    const localApiUrl = `${state.localUrl}${view.urlBase}`;
    const file = this.configXml(ctx, pebble);
    const accepts = (key: string) => this.client(localApiUrl, key).acceptsKey();
    return {
      apply: async (next, current) => {
        if (current) {
          // Live: the new key into config.xml, then the app re-reads its config (no restart).
          await applyApiKey(this.client(localApiUrl, current["api-key"]), next["api-key"], async (key) => {
            await file.update({ apiKey: key });
          });
        } else {
          // The live key is unknown, so the API is out of reach: config.xml and a restart.
          await file.update({ apiKey: next["api-key"] });
          await pebble.restartServices([this.spec.container]);
          const ready = `${state.localUrl}${view.urlBase}/ping`;
          if (!(await waitUntilServing(ready, { deadlineMs: this.spec.startTimeoutMs ?? 60_000 }))) {
            throw new ApiKeyNotAppliedError(this.spec.app, "the app did not come back after a restart");
          }
        }
        if (this.spec.app === "prowlarr") {
          // Prowlarr's key is inside the indexers it pushed to every application: push them again.
          try {
            await new ProwlarrClient({ url: localApiUrl, apiKey: next["api-key"] }).syncApplications();
          } catch (err) {
            ctx.log.warn({ err }, "could not ask Prowlarr to sync its applications");
          }
        }
      },
      accepts: (value) => accepts(value["api-key"]),
      // The key in config.xml, if the app really takes it (a file edited by hand and not yet
      // read by the app is not what the app uses).
      readLive: async () => {
        let key: string | undefined;
        try {
          key = (await file.reread())?.settings.apiKey;
        } catch (err) {
          if (err instanceof ConfigXmlError) return undefined; // reported by run()
          throw err;
        }
        if (!key) return undefined;
        ctx.redact(key);
        return (await accepts(key)) ? { "api-key": key } : undefined;
      },
    };
  }
}
