import { type AppRecord, type ImageCatalog, imageCatalog } from "@charmarr/engine";
import type { WorkloadKind } from "../model-host";

/**
 * How an app's workload runs here: "stand-in" when a registered stand-in server serves one of
 * its containers' images, "real" when an image runs a real program (a Debian binary such as
 * qbittorrent-nox or sabnzbdplus), "none" for a charm without workload containers (or whose
 * containers only run the charm base). Images are the deployed resources, else the charm's
 * upstream-source, as the pods take them.
 */
export function workloadKindOf(app: AppRecord, catalog: ImageCatalog = imageCatalog): WorkloadKind {
  let kind: WorkloadKind = "none";
  for (const container of Object.values(app.meta.containers)) {
    if (container.resource === undefined) continue;
    const deployed = app.resources.get(container.resource);
    const image =
      deployed?.kind === "oci-image"
        ? deployed.image
        : app.meta.resources[container.resource]?.upstreamSource;
    if (image === undefined) continue;
    let entry: ReturnType<ImageCatalog["find"]>;
    try {
      entry = catalog.find(image);
    } catch {
      continue; // not a reference the catalog can read: nothing runs it here
    }
    const launchers = entry?.launchers ?? [];
    if (launchers.some((l) => l.target === "stand-in")) return "stand-in";
    // A Debian package's program, at the image's own path or behind a launcher.
    if ((entry?.packages?.length ?? 0) > 0 || launchers.length > 0) kind = "real";
  }
  return kind;
}
