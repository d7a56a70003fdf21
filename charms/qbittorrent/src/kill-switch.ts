import { pushAsFolderOwner } from "@charmarr/app-charm";
import type { PebbleClient } from "@charmarr/pebble";
import type { QbittorrentClient } from "@charmarr/workloads";

// The kill switch while the gateway's tunnel is down: every torrent that runs is paused, and the
// charm remembers which ones it paused, in a file of its own in the container (the hashes: no
// secret). Once the tunnel is up again it resumes those and only those: a torrent the user
// paused stays paused. The file is written before the torrents are paused, so a hook killed in
// between leaves nothing paused that the charm forgets.

export const PAUSED_BY_CHARM_PATH = "/config/charm-paused-torrents.json";

async function pausedByCharm(pebble: PebbleClient): Promise<string[]> {
  try {
    const parsed: unknown = JSON.parse(await pebble.pull(PAUSED_BY_CHARM_PATH));
    return Array.isArray(parsed) ? parsed.filter((hash): hash is string => typeof hash === "string") : [];
  } catch {
    return [];
  }
}

const remember = (pebble: PebbleClient, hashes: readonly string[]) =>
  pushAsFolderOwner(pebble, PAUSED_BY_CHARM_PATH, `${JSON.stringify([...hashes])}\n`, 0o600);

/** Pauses every running torrent, remembering it; returns how many were paused this time. */
export async function pauseEveryTorrent(pebble: PebbleClient, client: QbittorrentClient): Promise<number> {
  const running = (await client.torrents()).filter((torrent) => !torrent.stopped).map((t) => t.hash);
  if (running.length === 0) return 0;
  const before = await pausedByCharm(pebble);
  await remember(pebble, [...new Set([...before, ...running])]);
  await client.stopTorrents(running);
  return running.length;
}

/** Resumes what the charm paused (nothing else), then forgets it; returns how many. */
export async function resumeWhatWasPaused(pebble: PebbleClient, client: QbittorrentClient): Promise<number> {
  const paused = await pausedByCharm(pebble);
  if (paused.length === 0) return 0;
  const still = new Set((await client.torrents()).filter((t) => t.stopped).map((t) => t.hash));
  const resume = paused.filter((hash) => still.has(hash));
  await client.startTorrents(resume);
  await remember(pebble, []);
  return resume.length;
}

/** Did the charm pause torrents it has not resumed yet? (No login needed to know.) */
export async function holdsPausedTorrents(pebble: PebbleClient): Promise<boolean> {
  return (await pausedByCharm(pebble)).length > 0;
}
