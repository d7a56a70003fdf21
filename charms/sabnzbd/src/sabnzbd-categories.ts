import type { CategorySync } from "@charmarr/app-charm";
import { SabnzbdClient, SabnzbdError, SabnzbdIni } from "@charmarr/workloads";

/** The folder each category's `dir` holds, from sabnzbd.ini; {} when unreadable. */
function savedCategories(iniText: string | undefined): Record<string, string> {
  if (iniText === undefined) return {};
  try {
    const ini = SabnzbdIni.parse(iniText);
    const out: Record<string, string> = {};
    for (const name of ini.subsections(["categories"])) {
      const dir = ini.value(["categories", name], "dir");
      if (typeof dir === "string") out[name] = dir.replace(/\/+$/, "");
    }
    return out;
  } catch {
    return {};
  }
}

/**
 * The categories, made through SABnzbd's config API; `dir` is the media folder relative to the
 * complete folder (download-dir). SABnzbd saves them to sabnzbd.ini at once, so a hook where
 * they are all in place reads the file and calls nothing.
 */
export function sabnzbdCategories(url: string, apiKey: string, iniText: string | undefined): CategorySync {
  const saved = savedCategories(iniText);
  const client = new SabnzbdClient({ url, apiKey });
  return {
    async ensure(category) {
      // SABnzbd lower-cases category names; instance names already are.
      if (saved[category.name.toLowerCase()] === category.folder) return "unchanged";
      return client.ensureCategory(category.name, category.folder);
    },
    failure: (err) => (err instanceof SabnzbdError ? err.message : undefined),
  };
}
