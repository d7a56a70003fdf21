import type { CharmContext } from "@charmarr/charm";
import type { PebbleClient } from "@charmarr/pebble";
import {
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
  privateCommand,
  type SharedMedia,
} from "../workload-service";
import { CharmRecordFile } from "./charm-record";
import { ConfigXmlFile } from "./config-xml-file";
import type { ServarrAppSpec } from "./servarr-app-spec";
import { normaliseUrlBase, type ServarrConfig } from "./servarr-config";

type Ctx = CharmContext<ServarrConfig>;

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
  /** The shared media volume, when the app has a library on it (Radarr, Sonarr). */
  media: SharedMedia | undefined;
}

/** The settings the charm keeps in config.xml (the key and what the app reads at start). */
export function wantedSettings(
  spec: Pick<ServarrAppSpec, "port">,
  config: Pick<ServarrConfig, "url-base" | "external-auth">,
  apiKey: string,
  current: ServarrConfigSettings | undefined,
): ServarrConfigSettings {
  const settings: ServarrConfigSettings = {
    apiKey,
    port: spec.port,
    // Every address of the pod, as in Kubernetes (the charm calls the app on the pod's loopback).
    bindAddress: "*",
    urlBase: normaliseUrlBase(config["url-base"]),
  };
  // External is the charm's to give and take back; any other method is the operator's (web UI).
  if (config["external-auth"]) settings.authenticationMethod = "External";
  else if (current?.authenticationMethod === "External") settings.authenticationMethod = "None";
  return settings;
}

/** A Servarr app in this hook: its Pebble service, URL base and files, made once per hook. */
export interface ServarrHook {
  name: string;
  service: AppService;
  /** "" or `/radarr`: from config, or the last valid one when config is invalid. */
  urlBase: string;
  configXml(pebble: PebbleClient): ConfigXmlFile;
  record(pebble: PebbleClient): CharmRecordFile;
}

/** This hook's view of the app, built once per hook and spec. */
export function servarrHook(ctx: Ctx, spec: ServarrAppSpec): ServarrHook {
  return ctx.memo(spec, () => {
    const urlBase = normaliseUrlBase(ctx.configResult.ok ? ctx.configResult.config["url-base"] : "");
    let configXml: ConfigXmlFile | undefined;
    let record: CharmRecordFile | undefined;
    return {
      name: SERVARR_APPS[spec.app].name,
      urlBase,
      service: appService({
        container: spec.container,
        command: privateCommand(spec.command),
        port: spec.port,
        readyPath: `${urlBase}/ping`,
        startTimeoutMs: spec.startTimeoutMs,
      }),
      configXml: (pebble) => {
        configXml ??= new ConfigXmlFile(pebble);
        return configXml;
      },
      record: (pebble) => {
        record ??= new CharmRecordFile(pebble);
        return record;
      },
    };
  });
}

/** A client of the app (Prowlarr's or a media manager's), with `apiKey`. */
export function servarrClient(spec: ServarrAppSpec, localApiUrl: string, apiKey: string): ServarrClient {
  const { app } = spec;
  return app === "prowlarr"
    ? new ProwlarrClient({ url: localApiUrl, apiKey })
    : new MediaManagerClient({ app, url: localApiUrl, apiKey });
}

/**
 * Leader: seed config.xml with `apiKey`, run the app, wait for it. Non-leader (no key): stop it
 * (standby). Statuses say what it waits for.
 */
export async function runServarr(
  ctx: Ctx,
  spec: ServarrAppSpec,
  apiKey: string | undefined,
  media?: SharedMedia,
): Promise<({ ok: true } & RunningServarr) | { ok: false; reason: string }> {
  const hook = servarrHook(ctx, spec);
  let state: AppState;
  try {
    state = await hook.service.run(
      ctx,
      async (pebble) => {
        if (apiKey === undefined) throw new Error("the leader runs the app with its API key");
        const file = hook.configXml(pebble);
        const current = await file.read();
        const wanted = wantedSettings(spec, ctx.config, apiKey, current?.settings);
        const changed = await file.update(wanted);
        if (changed.length > 0) ctx.log.info({ settings: changed }, "config.xml updated");
        // Every managed setting is read at start (the key is cached), so a change needs a restart.
        return { restart: current !== undefined && changed.length > 0 };
      },
      media,
    );
  } catch (err) {
    if (!(err instanceof ConfigXmlError)) throw err;
    const reason = `${hook.name} cannot start: ${err.message}; fix /config/config.xml in the ${spec.container} container, or remove it to start afresh`;
    ctx.status.blocked(reason);
    return { ok: false, reason };
  }
  if (!state.ok || apiKey === undefined) return { ok: false, reason: state.ok ? "standby" : state.reason };
  return {
    ok: true,
    pebble: state.pebble,
    address: state.address,
    localApiUrl: `${state.localUrl}${hook.urlBase}`,
    apiUrl: `${state.publicUrl}${hook.urlBase}`,
    apiKey,
    configXml: hook.configXml(state.pebble),
    record: hook.record(state.pebble),
    media,
  };
}
