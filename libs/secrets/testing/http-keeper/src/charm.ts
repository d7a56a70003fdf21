import { httpCredentialWorkload } from "../../http-credential-app";
import { defineTokenOwner } from "../../token-owner-charm";
import metadata from "../charmcraft.yaml";

export default defineTokenOwner(async (ctx) => {
  const url = (ctx.config as { "app-url"?: string })["app-url"];
  return url ? httpCredentialWorkload(url) : { workload: undefined, seed: async () => undefined };
}, metadata).charm;
