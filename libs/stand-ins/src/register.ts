import { dirname } from "node:path";
import { type ImageCatalog, imageCatalog } from "@charmarr/engine";
import { gluetunBundle, servarrBundle } from "../bin/build-bundle.mjs";
import { SERVARR_KINDS, SERVARR_PROFILES } from "./servarr/servarr-kind";

// The engine puts a launcher at each LinuxServer image's binary path (/app/radarr/bin/Radarr …)
// that execs a registered host command with the container's arguments appended. Ours is Node
// running the bundled stand-in with the app's kind first; the bundle's directory (and Node's, when
// it is not under the system paths every container sees) are bound into the container.

/** Registers the Radarr, Sonarr and Prowlarr stand-ins; returns a function that takes them back. */
export function registerServarrStandIns(
  catalog: Pick<ImageCatalog, "registerStandIn"> = imageCatalog,
): () => void {
  const bundle = servarrBundle();
  const binds = [dirname(bundle), dirname(process.execPath)];
  const unregister = SERVARR_KINDS.map((kind) =>
    catalog.registerStandIn(SERVARR_PROFILES[kind].image, {
      command: [process.execPath, bundle, kind],
      binds,
    }),
  );
  return () => {
    for (const undo of unregister) undo();
  };
}

/** Gluetun's image, as charms name it (the engine also knows it as docker.io/qmcgaw/gluetun). */
export const GLUETUN_IMAGE = "ghcr.io/qdm12/gluetun";

/**
 * Registers the Gluetun stand-in: Pebble running `/gluetun-entrypoint` (or `/gluetun-entrypoint
 * healthcheck`) in a gluetun container runs Node with the bundled stand-in instead. Returns a
 * function that takes it back.
 */
export function registerGluetunStandIn(
  catalog: Pick<ImageCatalog, "registerStandIn"> = imageCatalog,
): () => void {
  const bundle = gluetunBundle();
  return catalog.registerStandIn(GLUETUN_IMAGE, {
    command: [process.execPath, bundle],
    binds: [dirname(bundle), dirname(process.execPath)],
  });
}

/** Registers every stand-in (Radarr, Sonarr, Prowlarr, Gluetun); returns a function that takes them back. */
export function registerStandIns(catalog: Pick<ImageCatalog, "registerStandIn"> = imageCatalog): () => void {
  const undo = [registerServarrStandIns(catalog), registerGluetunStandIn(catalog)];
  return () => {
    for (const take of undo) take();
  };
}
