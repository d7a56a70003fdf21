import { declareMetadata, defineCharm } from "@charmarr/charm";
import { readMediaStorage } from "@charmarr/interfaces";

/** The requirer side as a media app runs it: Active naming the claim it would mount, else Waiting with the reason. */
export const CONSUMER_METADATA = {
  name: "radarr",
  requires: { "media-storage": { interface: "media-storage", limit: 1 } },
};

export const consumerCharm = defineCharm({
  metadata: declareMetadata(CONSUMER_METADATA),
  async reconcile(ctx) {
    const storage = await readMediaStorage(ctx);
    if (storage.ok) {
      const { pvcName, mountPath, puid, pgid, umask } = storage.data;
      ctx.status.active(`${pvcName} at ${mountPath} as ${puid}:${pgid} umask ${umask}`);
    } else ctx.status.waiting(storage.reason);
  },
});
