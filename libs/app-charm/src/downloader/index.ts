// What the download-client charms (qBittorrent, SABnzbd) share besides the interface's provider
// side (@charmarr/interfaces): one category per related manager, a config file edited only
// while the app is stopped, and the app started with its credential seeded.
export { AppConfigFile, type ConfigFileChange } from "./app-config-file";
export { downloadDirOption, isDownloadDir, normaliseDownloadDir } from "./download-dir-option";
export {
  type CredentialSeed,
  type RunningDownloader,
  reportDownloader,
  startDownloader,
} from "./downloader-start";
export { type SteadyConfigCheck, steadyDownloader } from "./downloader-steady";
export { type CategoryChange, type CategorySync, syncManagerCategories } from "./manager-categories";
