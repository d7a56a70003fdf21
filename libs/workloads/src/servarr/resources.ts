import * as z from "zod";

// The resources the charms read, as the OpenAPI files (shared/apis) describe them. Objects are
// loose: whatever else the app sends is kept, because some calls (PUT config/host) must send the
// whole resource back.

export const systemStatusSchema = z.looseObject({
  appName: z.string(),
  version: z.string(),
  instanceName: z.string().optional(),
  urlBase: z.string().optional(),
  branch: z.string().optional(),
  authentication: z.string().optional(),
  startTime: z.string().optional(),
});
export type SystemStatus = z.infer<typeof systemStatusSchema>;

export const hostConfigSchema = z.looseObject({
  id: z.int(),
  bindAddress: z.string(),
  port: z.int(),
  urlBase: z.string().optional(),
  /** The live key, in clear. */
  apiKey: z.string(),
  authenticationMethod: z.enum(["none", "basic", "forms", "external"]),
  authenticationRequired: z.enum(["enabled", "disabledForLocalAddresses"]),
  instanceName: z.string().optional(),
  applicationUrl: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  /** The outbound proxy (indexer searches, update checks...): in the app's database, applied live. */
  proxyEnabled: z.boolean().optional(),
  /** `http`, `socks4` or `socks5`. */
  proxyType: z.string().nullish(),
  proxyHostname: z.string().nullish(),
  proxyPort: z.int().optional(),
  proxyUsername: z.string().nullish(),
  /** In clear, as the app returns it. */
  proxyPassword: z.string().nullish(),
  /** Comma-separated hosts (wildcards) that skip the proxy. */
  proxyBypassFilter: z.string().nullish(),
  /** Private and loopback addresses skip the proxy (the stack's own apps). */
  proxyBypassLocalAddresses: z.boolean().optional(),
});
export type HostConfig = z.infer<typeof hostConfigSchema>;

export const COMMAND_STATUSES = [
  "queued",
  "started",
  "completed",
  "failed",
  "aborted",
  "cancelled",
  "orphaned",
] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

export const commandSchema = z.looseObject({
  id: z.int(),
  name: z.string(),
  commandName: z.string().optional(),
  status: z.enum(COMMAND_STATUSES),
  message: z.string().optional(),
  queued: z.string().optional(),
  started: z.string().optional(),
  ended: z.string().optional(),
});
export type Command = z.infer<typeof commandSchema>;

export const providerFieldSchema = z.looseObject({
  name: z.string(),
  value: z.unknown().optional(),
  order: z.number().optional(),
  label: z.string().optional(),
  type: z.string().optional(),
  privacy: z.enum(["normal", "password", "apiKey", "userName"]).optional(),
});
export type ProviderField = z.infer<typeof providerFieldSchema>;

const providerShape = {
  id: z.int(),
  name: z.string(),
  fields: z.array(providerFieldSchema),
  implementation: z.string(),
  implementationName: z.string().optional(),
  configContract: z.string(),
  infoLink: z.string().optional(),
  tags: z.array(z.int()).optional(),
};

export const DOWNLOAD_PROTOCOLS = ["unknown", "usenet", "torrent"] as const;
export type DownloadProtocol = (typeof DOWNLOAD_PROTOCOLS)[number];

export const downloadClientSchema = z.looseObject({
  ...providerShape,
  enable: z.boolean(),
  protocol: z.enum(DOWNLOAD_PROTOCOLS),
  priority: z.int(),
  removeCompletedDownloads: z.boolean().optional(),
  removeFailedDownloads: z.boolean().optional(),
});
export type DownloadClient = z.infer<typeof downloadClientSchema>;

export const SYNC_LEVELS = ["disabled", "addOnly", "fullSync"] as const;
export type SyncLevel = (typeof SYNC_LEVELS)[number];

export const applicationSchema = z.looseObject({
  ...providerShape,
  syncLevel: z.enum(SYNC_LEVELS),
  /** Derived by the app: true unless syncLevel is disabled. */
  enable: z.boolean().optional(),
});
export type Application = z.infer<typeof applicationSchema>;

export const rootFolderSchema = z.looseObject({
  id: z.int(),
  path: z.string(),
  accessible: z.boolean(),
  freeSpace: z.number().optional(),
  unmappedFolders: z
    .array(z.looseObject({ name: z.string().optional(), path: z.string().optional() }))
    .optional(),
});
export type RootFolder = z.infer<typeof rootFolderSchema>;

/** A field as a client sends it: only name and value count (the app fills the rest). */
export interface ProviderFieldInput {
  name: string;
  value?: unknown;
  [key: string]: unknown;
}

/** What POST and PUT take for a provider (download client, application). */
export interface ProviderInput {
  /** Needed for PUT; ignored by POST. */
  id?: number;
  name: string;
  implementation: string;
  configContract: string;
  fields: ProviderFieldInput[];
  tags?: number[];
  [key: string]: unknown;
}

export interface DownloadClientInput extends ProviderInput {
  enable: boolean;
  protocol: DownloadProtocol;
  /** 1 (highest) to 50. */
  priority: number;
  removeCompletedDownloads?: boolean;
  removeFailedDownloads?: boolean;
}

export interface ApplicationInput extends ProviderInput {
  syncLevel: SyncLevel;
}
