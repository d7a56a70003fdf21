import type { CharmContext } from "@charmarr/charm";
import { readMediaStorage } from "@charmarr/interfaces";
import type { ApiKeyContent, CredentialWorkload } from "@charmarr/secrets";
import {
  applySabnzbdApiKey,
  SabnzbdApiKeyMismatchError,
  SabnzbdApiKeyNotAppliedError,
  SabnzbdClient,
} from "@charmarr/workloads";
import { iniFile, sabnzbdService } from "./sabnzbd-app";
import type { SabnzbdConfig } from "./sabnzbd-config";
import { iniApiKey, managedSettings, wantedIni } from "./sabnzbd-settings";

type Ctx = CharmContext<SabnzbdConfig>;

/**
 * SABnzbd's API key as libs/secrets drives it, or undefined when SABnzbd is not up in this hook
 * (a rotation then waits for Juju's retry). SABnzbd takes a new key live (set_config misc
 * api_key), saves it to sabnzbd.ini at once and tells, key-free, whether it takes a key
 * (mode=auth); it has no brute-force ban (libs/workloads sabnzbd/api-key-rotation.ts).
 * - apply: live, authenticated with the current key (the secret's, or the file's when the
 *   secret's is unknown); through the file and a restart only when the app takes neither.
 * - accepts: mode=auth.
 * - readLive: the key in sabnzbd.ini, when the app takes it: a key reset in the web UI is
 *   adopted into the secret and every manager follows.
 */
export async function sabnzbdApiKey(ctx: Ctx): Promise<CredentialWorkload<ApiKeyContent> | undefined> {
  const state = await sabnzbdService.reachable(ctx);
  if (!state.ok) return undefined;
  const file = iniFile(state.pebble);
  const app = (apiKey: string) => new SabnzbdClient({ url: state.localUrl, apiKey });
  // Only for the restart path: a steady update-status reads no relation (downloader-steady.ts).
  const settings = async () => {
    const related = await readMediaStorage(ctx);
    return ctx.configResult.ok && related.ok
      ? managedSettings(ctx.configResult.config, related.data.umask)
      : {};
  };

  return {
    apply: async (next, current) => {
      const live = current?.["api-key"] ?? iniApiKey(await file.read());
      if (live !== undefined) {
        try {
          await applySabnzbdApiKey(app(next["api-key"]), next["api-key"], live);
          return;
        } catch (err) {
          if (!(err instanceof SabnzbdApiKeyMismatchError)) throw err;
        }
      }
      ctx.log.warn("SABnzbd takes no key the charm knows; setting the secret's through sabnzbd.ini");
      const up = await file.rewriteAndRestart(
        async (text) => wantedIni(text, await settings(), next["api-key"]),
        sabnzbdService,
        state.localUrl,
      );
      if (!up) throw new SabnzbdApiKeyNotAppliedError("SABnzbd did not come back after a restart");
    },
    accepts: (value) => app(value["api-key"]).acceptsKey(),
    readLive: async () => {
      const key = iniApiKey(await file.read());
      if (key === undefined) return undefined;
      ctx.redact(key);
      return (await app(key).acceptsKey()) ? { "api-key": key } : undefined;
    },
  };
}
