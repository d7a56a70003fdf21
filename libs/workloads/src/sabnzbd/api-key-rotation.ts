import type { SabnzbdClient } from "./sabnzbd-client";

// Rotating SABnzbd's API key on the RUNNING app, with no restart (specs/workloads.md §2.4):
// `set_config misc api_key=<new>`, authenticated with the current key, takes effect on the very
// next request (the old key gets 403 API Key Incorrect) and is saved to sabnzbd.ini at once, so a
// restart keeps it. The charm picks the key (it comes from its Juju secret), unlike
// mode=config&name=set_apikey, which makes the app pick one.
//
// Checking a key costs nothing: mode=auth&key=<k> needs no key itself, changes nothing, and
// SABnzbd has no brute-force ban. So "new accepted, old refused" is two mode=auth calls.
//
// For libs/secrets' CredentialWorkload<{"api-key": string}> a charm wires it like this:
//   apply: (next, current) => applySabnzbdApiKey(client, next["api-key"], current?.["api-key"] ?? liveKey),
//     where liveKey is SabnzbdIni.parse(<sabnzbd.ini read through Pebble>).settings.apiKey: the app
//     saves its key to the file at once, so even an unknown live key needs no restart; only a
//     missing or unreadable file calls for stop -> SabnzbdIni.with({ apiKey }) -> start.
//   accepts: (value) => client.acceptsKey(value["api-key"]),
//   readLive: async () => { const key = SabnzbdIni.parse(text).settings.apiKey; return key && { "api-key": key } },

/** The app does not take the key the charm believes is current, nor the new one. */
export class SabnzbdApiKeyMismatchError extends Error {
  constructor() {
    super("SABnzbd: the app takes neither the current API key nor the new one");
    this.name = "SabnzbdApiKeyMismatchError";
  }
}

/** After set_config the app does not behave as if it had the new key. */
export class SabnzbdApiKeyNotAppliedError extends Error {
  constructor(reason: string) {
    super(`SABnzbd: the new API key is not in use: ${reason}`);
    this.name = "SabnzbdApiKeyNotAppliedError";
  }
}

/**
 * Makes the running app use `next` instead of `current` and proves it (new key accepted, old key
 * refused); returns a client holding `next`. `client` gives the connection; its own key is not
 * used. Safe to run again after a crash: when the app already takes `next`, that is checked and
 * returned.
 */
export async function applySabnzbdApiKey(
  client: SabnzbdClient,
  next: string,
  current: string,
): Promise<SabnzbdClient> {
  if (next.trim() === "") throw new TypeError("SABnzbd: an empty API key locks the API");
  const nextClient = client.withApiKey(next);
  if (next !== current) {
    if (await client.acceptsKey(current)) {
      await client.withApiKey(current).setApiKey(next);
    } else if (!(await client.acceptsKey(next))) {
      throw new SabnzbdApiKeyMismatchError();
    }
  }
  const [takesNew, takesOld] = await Promise.all([
    client.acceptsKey(next),
    next === current ? Promise.resolve(false) : client.acceptsKey(current),
  ]);
  if (!takesNew) throw new SabnzbdApiKeyNotAppliedError("the app refuses it");
  if (takesOld) throw new SabnzbdApiKeyNotAppliedError("the app still takes the previous one");
  return nextClient;
}
