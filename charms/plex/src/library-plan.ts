import type { PlexLibraryType, PlexSection } from "@charmarr/workloads";

// Which Plex libraries the related media managers call for, and what to do to get there: one
// library per (manager, root folder), made once. A library is the charm's when it made it, or
// found one of the right type already at that folder (adopted: never a duplicate); the charm
// remembers its libraries (unit state) so a root folder that moves takes its library along,
// watch history and all. A library nobody calls for any more stays, unless the operator asked
// (remove-orphaned-libraries).

export interface WantedLibrary {
  /** The manager's Juju application (identity from Juju, not from its databag). */
  app: string;
  folder: string;
  type: PlexLibraryType;
  /** The title it gets when made; an existing library keeps whatever title it has. */
  title: string;
}

export interface ManagedLibrary {
  key: string;
  app: string;
  folder: string;
  type: PlexLibraryType;
}

export type LibraryAction =
  | { kind: "create"; wanted: WantedLibrary }
  | { kind: "move"; key: string; type: PlexLibraryType; folder: string; from: string }
  | { kind: "delete"; key: string; app: string; folder: string };

export interface LibraryPlan {
  actions: LibraryAction[];
  /** What the charm manages once the actions are done (creations added by the executor). */
  managed: ManagedLibrary[];
}

/** Titles follow the manager: `radarr`, or `radarr (movies-4k)` when it has several root folders. */
export function libraryTitle(app: string, folder: string, folderCount: number): string {
  if (folderCount <= 1) return app;
  const base = folder.split("/").filter(Boolean).at(-1) ?? folder;
  return `${app} (${base})`;
}

export function planLibraries(
  wanted: readonly WantedLibrary[],
  remembered: readonly ManagedLibrary[],
  sections: readonly PlexSection[],
  removeOrphans: boolean,
): LibraryPlan {
  const byKey = new Map(sections.map((s) => [s.key, s]));
  // What the charm made and Plex still has (a library deleted in Plex's UI is forgotten).
  let managed = remembered.filter((m) => byKey.get(m.key)?.type === m.type);
  const actions: LibraryAction[] = [];
  const unmet: WantedLibrary[] = [];

  for (const want of wanted) {
    if (managed.some((m) => m.app === want.app && m.folder === want.folder && m.type === want.type)) continue;
    // Already in Plex at that folder (made before the charm's memory, or by hand): adopt it.
    const existing = sections.find(
      (s) =>
        s.type === want.type && s.locations.includes(want.folder) && !managed.some((m) => m.key === s.key),
    );
    if (existing)
      managed = [...managed, { key: existing.key, app: want.app, folder: want.folder, type: want.type }];
    else unmet.push(want);
  }

  const isWanted = (m: ManagedLibrary) =>
    wanted.some((w) => w.app === m.app && w.folder === m.folder && w.type === m.type);
  for (const want of unmet) {
    // A root folder that moved: this manager's library whose folder it no longer has goes along.
    const moved = managed.find((m) => m.app === want.app && m.type === want.type && !isWanted(m));
    if (moved) {
      actions.push({
        kind: "move",
        key: moved.key,
        type: want.type,
        folder: want.folder,
        from: moved.folder,
      });
      managed = managed.map((m) => (m === moved ? { ...m, folder: want.folder } : m));
    } else {
      actions.push({ kind: "create", wanted: want });
    }
  }

  if (removeOrphans) {
    for (const orphan of managed.filter((m) => !isWanted(m))) {
      actions.push({ kind: "delete", key: orphan.key, app: orphan.app, folder: orphan.folder });
    }
    managed = managed.filter(isWanted);
  }
  return { actions, managed };
}
