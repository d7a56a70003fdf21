export { basicAuth, type HttpReply, http, type RawReply, RawRpc } from "./api-test-client";
export { charmZip } from "./charm-zip";
export { qbittorrentLogin, secretContent, secretValues, until } from "./host-probes";
export { type FoundValue, findInFiles } from "./scan-files";
export { type InProcessCharm, TestHost, type TestHostOptions, testHost } from "./test-host";
