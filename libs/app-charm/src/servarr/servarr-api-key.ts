import type { CharmContext } from "@charmarr/charm";
import {
  type ApiKeyContent,
  apiKeyContent,
  type CredentialWorkload,
  type OwnedSecretDefinition,
  ownedSecret,
  randomApiKey,
} from "@charmarr/secrets";
import {
  ApiKeyNotAppliedError,
  applyApiKey,
  ConfigXmlError,
  ProwlarrClient,
  SERVARR_APPS,
} from "@charmarr/workloads";
import type { ServarrAppSpec } from "./servarr-app-spec";
import type { ServarrConfig } from "./servarr-config";
import { servarrClient, servarrHook } from "./servarr-service";

type Ctx = CharmContext<ServarrConfig>;

/**
 * The app's `api-key` secret: generated in the apps' own format, applied live (config.xml,
 * then the app re-reads its config), adopted when changed in the web UI.
 */
export function servarrApiKey(
  spec: ServarrAppSpec,
): OwnedSecretDefinition<ApiKeyContent, "rotation-interval", ServarrConfig> {
  return ownedSecret({
    label: "api-key",
    description: `${SERVARR_APPS[spec.app].name} API key`,
    schema: apiKeyContent,
    generate: () => ({ "api-key": randomApiKey() }),
    workload: (ctx: Ctx) => servarrKeyWorkload(ctx, spec),
  });
}

/**
 * The app's key as libs/secrets drives it (specs/app-apis.md §c), or undefined when the app is
 * not up in this hook (rotation then waits for Juju's retry).
 */
async function servarrKeyWorkload(
  ctx: Ctx,
  spec: ServarrAppSpec,
): Promise<CredentialWorkload<ApiKeyContent> | undefined> {
  if (!ctx.configResult.ok) return undefined;
  const hook = servarrHook(ctx, spec);
  const state = await hook.service.reachable(ctx);
  if (!state.ok) return undefined;
  const { pebble } = state;
  const localApiUrl = `${state.localUrl}${hook.urlBase}`;
  const file = hook.configXml(pebble);
  const accepts = (key: string) => servarrClient(spec, localApiUrl, key).acceptsKey();
  return {
    apply: async (next, current) => {
      if (current) {
        // Live: the new key into config.xml, then the app re-reads its config (no restart).
        await applyApiKey(
          servarrClient(spec, localApiUrl, current["api-key"]),
          next["api-key"],
          async (key) => {
            await file.update({ apiKey: key });
          },
        );
      } else {
        // The live key is unknown, so the API is out of reach: config.xml and a restart.
        await file.update({ apiKey: next["api-key"] });
        if (!(await hook.service.startAndWait(pebble, state.localUrl, "restart"))) {
          throw new ApiKeyNotAppliedError(spec.app, "the app did not come back after a restart");
        }
      }
      if (spec.app === "prowlarr") {
        // Prowlarr's key is inside the indexers it pushed to every application: push them again.
        try {
          await new ProwlarrClient({ url: localApiUrl, apiKey: next["api-key"] }).syncApplications();
        } catch (err) {
          ctx.log.warn({ err }, "could not ask Prowlarr to sync its applications");
        }
      }
    },
    accepts: (value) => accepts(value["api-key"]),
    // The key in config.xml, if the app really takes it (a file edited by hand and not yet read
    // by the app is not what the app uses).
    readLive: async () => {
      let key: string | undefined;
      try {
        key = (await file.reread())?.settings.apiKey;
      } catch (err) {
        if (err instanceof ConfigXmlError) return undefined; // reported by runServarr
        throw err;
      }
      if (!key) return undefined;
      ctx.redact(key);
      return (await accepts(key)) ? { "api-key": key } : undefined;
    },
  };
}
