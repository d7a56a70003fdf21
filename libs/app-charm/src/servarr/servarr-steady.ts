import { PebblePathError } from "@charmarr/pebble";
import { type SteadyApp, steadyApp } from "../steady-state";
import { CONFIG_XML_PATH } from "./config-xml-file";
import type { ServarrAppSpec } from "./servarr-app-spec";
import type { ServarrConfig } from "./servarr-config";
import { servarrHook } from "./servarr-service";

/**
 * A Servarr app's steady hook (steadyApp): the app answers, and config.xml (where the app saves
 * a key reset or a setting changed in its UI) and the config are as the last full hook left them.
 */
export function servarrSteady(spec: ServarrAppSpec): SteadyApp<ServarrConfig> {
  return steadyApp({
    name: spec.app,
    service: (ctx) => servarrHook(ctx, spec).service,
    file: (pebble) =>
      pebble.pull(CONFIG_XML_PATH).catch((err: unknown) => {
        if (err instanceof PebblePathError && err.kind === "not-found") return undefined;
        throw err;
      }),
  });
}
