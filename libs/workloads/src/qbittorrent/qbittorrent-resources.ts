import * as z from "zod";

// What the WebUI API v2 answers, checked only as far as a charm reads it: every other key passes
// through untouched (GET app/preferences has ~174 of them in 4.5.2).

export const preferencesSchema = z.looseObject({
  web_ui_username: z.string().optional(),
  web_ui_address: z.string().optional(),
  web_ui_port: z.number().optional(),
  web_ui_domain_list: z.string().optional(),
  /** Inverse of WebUI\LocalHostAuth: true lets localhost in without a login. */
  bypass_local_auth: z.boolean().optional(),
  bypass_auth_subnet_whitelist_enabled: z.boolean().optional(),
  bypass_auth_subnet_whitelist: z.string().optional(),
  web_ui_csrf_protection_enabled: z.boolean().optional(),
  web_ui_clickjacking_protection_enabled: z.boolean().optional(),
  web_ui_host_header_validation_enabled: z.boolean().optional(),
  web_ui_max_auth_fail_count: z.number().optional(),
  web_ui_ban_duration: z.number().optional(),
  web_ui_session_timeout: z.number().optional(),
  save_path: z.string().optional(),
  listen_port: z.number().optional(),
  dht: z.boolean().optional(),
  lsd: z.boolean().optional(),
  pex: z.boolean().optional(),
  upnp: z.boolean().optional(),
  auto_tmm_enabled: z.boolean().optional(),
  torrent_changed_tmm_enabled: z.boolean().optional(),
  save_path_changed_tmm_enabled: z.boolean().optional(),
  category_changed_tmm_enabled: z.boolean().optional(),
  /** An integer up to WebAPI 2.8.x (qBittorrent 4.5), a name from 2.9 (4.6, 5.x): proxy-preferences.ts. */
  proxy_type: z.union([z.number(), z.string()]).optional(),
  proxy_ip: z.string().optional(),
  proxy_port: z.number().optional(),
  proxy_auth_enabled: z.boolean().optional(),
  proxy_username: z.string().optional(),
  proxy_password: z.string().optional(),
  proxy_peer_connections: z.boolean().optional(),
  proxy_torrents_only: z.boolean().optional(),
  proxy_hostname_lookup: z.boolean().optional(),
  proxy_bittorrent: z.boolean().optional(),
  proxy_rss: z.boolean().optional(),
  proxy_misc: z.boolean().optional(),
  /** 0 TCP and uTP, 1 TCP only, 2 uTP only. */
  bittorrent_protocol: z.number().optional(),
});

export type QbittorrentPreferences = z.infer<typeof preferencesSchema>;

/**
 * A setPreferences body: only the keys present change. `web_ui_password` is write-only (GET
 * never returns it); the app hashes it and saves qBittorrent.conf before it answers.
 */
export type QbittorrentPreferencesUpdate = Partial<QbittorrentPreferences> & {
  web_ui_password?: string;
  [key: string]: unknown;
};

const categorySchema = z.looseObject({ name: z.string(), savePath: z.string() });

export const categoriesSchema = z.record(z.string(), categorySchema);

export interface QbittorrentCategory {
  name: string;
  /** "" means the default save path (the API says savePath; categories.json says save_path). */
  savePath: string;
}

const torrentSchema = z.looseObject({ hash: z.string(), name: z.string().optional(), state: z.string() });

export const torrentsSchema = z.array(torrentSchema);

/** One torrent as torrents/info lists it. */
export interface QbittorrentTorrent {
  hash: string;
  /** `downloading`, `uploading`, `stalledDL`..., stopped: `pausedDL`/`pausedUP` (4.x), `stoppedDL`/`stoppedUP` (5.x). */
  state: string;
  /** Stopped (paused) by someone: it neither downloads nor seeds. */
  stopped: boolean;
}
