import { httpCredentialWorkload } from "../../http-credential-app";
import { defineTokenOwner } from "../../token-owner-charm";
import metadata, { type Config } from "../charmcraft.yaml";

export default defineTokenOwner<Config>(async (ctx) => {
  const url = ctx.config["app-url"];
  return url ? httpCredentialWorkload(url) : { workload: undefined, seed: async () => undefined };
}, metadata).charm;
