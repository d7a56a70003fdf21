import { randomUUID } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, extname } from "node:path";
import { z } from "zod";
import { scanFolders } from "./library-scan";
import type { PlexElement } from "./media-container";

// The server's library sections, kept in a JSON file beside where PMS keeps its library database
// (Plug-in Support/Databases) so they survive restarts. PMS allows two sections with one name: a
// client that wants one library per folder has to look before it creates.

export const SECTION_TYPES = ["movie", "show", "artist", "photo"] as const;
export type SectionType = (typeof SECTION_TYPES)[number];
/** The official API's integer types (specs/app-apis.md §h). */
export const SECTION_TYPE_NUMBERS: Readonly<Record<string, SectionType>> = {
  "1": "movie",
  "2": "show",
  "8": "artist",
  "13": "photo",
};

const sectionSchema = z.object({
  key: z.number().int().positive(),
  uuid: z.string(),
  title: z.string(),
  type: z.enum(SECTION_TYPES),
  agent: z.string(),
  scanner: z.string(),
  language: z.string(),
  locations: z.array(z.object({ id: z.number().int().positive(), path: z.string() })),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
  scannedAt: z.number().int(),
  files: z.array(z.string()),
});
export type LibrarySection = z.infer<typeof sectionSchema>;

const storeSchema = z.object({
  nextKey: z.number().int().positive(),
  nextLocationId: z.number().int().positive(),
  sections: z.array(sectionSchema),
});

export interface NewSection {
  title: string;
  type: SectionType;
  agent: string;
  scanner: string;
  language: string;
  locations: readonly string[];
}

export interface SectionChanges {
  title?: string;
  agent?: string;
  scanner?: string;
  language?: string;
  locations?: readonly string[];
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

export class LibrarySections {
  #store: z.infer<typeof storeSchema>;

  constructor(private readonly file: string) {
    let text: string | undefined;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      text = undefined;
    }
    this.#store =
      text === undefined
        ? { nextKey: 1, nextLocationId: 1, sections: [] }
        : storeSchema.parse(JSON.parse(text));
  }

  list(): readonly LibrarySection[] {
    return this.#store.sections;
  }

  get(key: number): LibrarySection | undefined {
    return this.#store.sections.find((section) => section.key === key);
  }

  create(input: NewSection): LibrarySection {
    const now = nowSeconds();
    const section: LibrarySection = {
      key: this.#store.nextKey++,
      uuid: randomUUID(),
      title: input.title,
      type: input.type,
      agent: input.agent,
      scanner: input.scanner,
      language: input.language,
      locations: this.#locations(input.locations),
      createdAt: now,
      updatedAt: now,
      scannedAt: 0,
      files: [],
    };
    this.#store.sections.push(section);
    // PMS scans a new section straight away.
    this.#scanInto(section);
    this.#save();
    return section;
  }

  update(key: number, changes: SectionChanges): LibrarySection | undefined {
    const section = this.get(key);
    if (!section) return undefined;
    if (changes.title !== undefined) section.title = changes.title;
    if (changes.agent !== undefined) section.agent = changes.agent;
    if (changes.scanner !== undefined) section.scanner = changes.scanner;
    if (changes.language !== undefined) section.language = changes.language;
    if (changes.locations !== undefined) {
      section.locations = this.#locations(changes.locations);
      this.#scanInto(section);
    }
    section.updatedAt = nowSeconds();
    this.#save();
    return section;
  }

  remove(key: number): boolean {
    const before = this.#store.sections.length;
    this.#store.sections = this.#store.sections.filter((section) => section.key !== key);
    if (this.#store.sections.length === before) return false;
    this.#save();
    return true;
  }

  scan(key: number): LibrarySection | undefined {
    const section = this.get(key);
    if (!section) return undefined;
    this.#scanInto(section);
    this.#save();
    return section;
  }

  #locations(paths: readonly string[]): LibrarySection["locations"] {
    return [...new Set(paths)].map((path) => ({ id: this.#store.nextLocationId++, path }));
  }

  #scanInto(section: LibrarySection): void {
    section.files = scanFolders(section.locations.map((location) => location.path));
    section.scannedAt = nowSeconds();
  }

  #save(): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o755 });
    const temp = `${this.file}.tmp`;
    writeFileSync(temp, JSON.stringify(this.#store), { mode: 0o644 });
    renameSync(temp, this.file);
  }
}

export function sectionElement(section: LibrarySection): PlexElement {
  return {
    tag: "Directory",
    attributes: {
      allowSync: true,
      art: `/:/resources/${section.type}-fanart.jpg`,
      filters: true,
      refreshing: false,
      thumb: `/:/resources/${section.type}.png`,
      key: String(section.key),
      type: section.type,
      title: section.title,
      agent: section.agent,
      scanner: section.scanner,
      language: section.language,
      uuid: section.uuid,
      updatedAt: section.updatedAt,
      createdAt: section.createdAt,
      scannedAt: section.scannedAt,
      content: true,
      directory: true,
      hidden: 0,
    },
    children: section.locations.map((location) => ({
      tag: "Location",
      attributes: { id: location.id, path: location.path },
    })),
  };
}

/** The section's items: one Video per media file the last scan found, with its file path. */
export function itemElements(section: LibrarySection): PlexElement[] {
  return section.files.map((file, index) => ({
    tag: "Video",
    attributes: {
      ratingKey: String(section.key * 100000 + index + 1),
      librarySectionID: section.key,
      type: section.type === "show" ? "episode" : section.type,
      title: basename(file, extname(file)),
    },
    children: [{ tag: "Media", attributes: {}, children: [{ tag: "Part", attributes: { file } }] }],
  }));
}
