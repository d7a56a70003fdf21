// Generated from charmcraft.yaml by `npm run charm-types`: do not edit.
import type { TypedCharmMetadata } from "@charmarr/charm";

/** The options in charmcraft.yaml as `config-get` gives them; one without a default may be absent. */
export interface Config {
  /** Where the media lives. */
  backend?: string;
  /** backend=storage-class: the StorageClass to provision from (kubectl get storageclass). */
  "storage-class"?: string;
  /** ReadWriteMany (the apps may run on any node) or ReadWriteOnce (every app is pinned to one node). */
  "access-mode": string;
  /** The claim's size, a Kubernetes quantity such as 100Gi or 2Ti. */
  size: string;
  /** backend=hostpath - an existing directory on the node, such as /srv/media. */
  hostpath?: string;
  /** backend=nfs - the NFS server's address or host name, such as 192.168.1.10. */
  "nfs-server"?: string;
  /** backend=nfs - the exported path, such as /export/media. */
  "nfs-path"?: string;
  /** backend=existing-claim - the name of a PersistentVolumeClaim in the model's namespace. */
  "existing-claim"?: string;
  /** The user id every media app runs as and owns its files with (never 0). */
  puid: number;
  /** The group id every media app runs as (never 0). */
  pgid: number;
  /** The umask of the media apps, three octal digits. */
  umask: string;
  /** true: `juju remove-application` deletes the claim this charm made (and its hostpath/nfs PersistentVolume). */
  "cleanup-on-remove": boolean;
}

/** Each action's params as charmcraft.yaml declares them. */
export type ActionParams = Record<never, never>;

declare const metadata: TypedCharmMetadata<Config, ActionParams>;
export default metadata;
