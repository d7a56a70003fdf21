import type { FieldTemplate, ProviderTemplate, SelectOption } from "./provider-definitions";

// The download clients the charms register (specs/app-apis.md §d): qBittorrent and SABnzbd, with
// their fields in the app's order. Radarr names the category and priority fields after movies,
// Sonarr after TV.

export type ManagerKind = "radarr" | "sonarr";

const options = (...names: [number, string][]): SelectOption[] =>
  names.map(([value, name], order) => ({ value, name, order }));

const QBIT_PRIORITY = options([0, "Last"], [1, "First"]);
const SAB_PRIORITY = options(
  [-100, "Default"],
  [-2, "Paused"],
  [-1, "Low"],
  [0, "Normal"],
  [1, "High"],
  [2, "Force"],
);

const connection: FieldTemplate[] = [
  { name: "host", label: "Host", type: "textbox", kind: "string", default: "localhost" },
  { name: "port", label: "Port", type: "textbox", kind: "number", default: 8080 },
  { name: "useSsl", label: "Use SSL", type: "checkbox", kind: "boolean", default: false },
  { name: "urlBase", label: "URL Base", type: "textbox", kind: "string", advanced: true },
];

const username: FieldTemplate = {
  name: "username",
  label: "Username",
  type: "textbox",
  kind: "string",
  privacy: "userName",
};
const password: FieldTemplate = {
  name: "password",
  label: "Password",
  type: "password",
  kind: "string",
  privacy: "password",
};

interface Words {
  /** The category field's stem: `movie` or `tv`. */
  stem: "movie" | "tv";
  qbitCategory: string;
  sabCategory: string;
  infoLink: string;
}

const WORDS: Readonly<Record<ManagerKind, Words>> = {
  radarr: {
    stem: "movie",
    qbitCategory: "radarr",
    sabCategory: "movies",
    infoLink: "https://wiki.servarr.com/radarr/supported#",
  },
  sonarr: {
    stem: "tv",
    qbitCategory: "tv-sonarr",
    sabCategory: "tv",
    infoLink: "https://wiki.servarr.com/sonarr/supported#",
  },
};

const capital = (stem: string) => (stem === "tv" ? "Tv" : "Movie");

function qbittorrent(manager: ManagerKind): ProviderTemplate {
  const { stem, qbitCategory, infoLink } = WORDS[manager];
  const Stem = capital(stem);
  return {
    implementation: "QBittorrent",
    implementationName: "qBittorrent",
    configContract: "QBittorrentSettings",
    infoLink: `${infoLink}qbittorrent`,
    fields: [
      ...connection,
      username,
      password,
      { name: `${stem}Category`, label: "Category", type: "textbox", kind: "string", default: qbitCategory },
      {
        name: `${stem}ImportedCategory`,
        label: "Post-Import Category",
        type: "textbox",
        kind: "string",
        advanced: true,
      },
      {
        name: `recent${Stem}Priority`,
        label: "Recent Priority",
        type: "select",
        kind: "number",
        default: 0,
        selectOptions: QBIT_PRIORITY,
      },
      {
        name: `older${Stem}Priority`,
        label: "Older Priority",
        type: "select",
        kind: "number",
        default: 0,
        selectOptions: QBIT_PRIORITY,
      },
      {
        name: "initialState",
        label: "Initial State",
        type: "select",
        kind: "number",
        default: 0,
        selectOptions: options([0, "Start"], [1, "Force Start"], [2, "Pause"]),
      },
      {
        name: "sequentialOrder",
        label: "Sequential Order",
        type: "checkbox",
        kind: "boolean",
        default: false,
      },
      {
        name: "firstAndLast",
        label: "First and Last First",
        type: "checkbox",
        kind: "boolean",
        default: false,
      },
      {
        name: "contentLayout",
        label: "Content Layout",
        type: "select",
        kind: "number",
        default: 0,
        selectOptions: options([0, "Default"], [1, "Original"], [2, "Subfolder"]),
      },
      ...(manager === "sonarr"
        ? [
            {
              name: "addSeriesTags",
              label: "Add Series Tags",
              type: "checkbox",
              kind: "boolean",
              default: false,
            } as const,
          ]
        : []),
    ],
  };
}

function sabnzbd(manager: ManagerKind): ProviderTemplate {
  const { stem, sabCategory, infoLink } = WORDS[manager];
  const Stem = capital(stem);
  return {
    implementation: "Sabnzbd",
    implementationName: "SABnzbd",
    configContract: "SabnzbdSettings",
    infoLink: `${infoLink}sabnzbd`,
    fields: [
      ...connection,
      { name: "apiKey", label: "API Key", type: "textbox", kind: "string", privacy: "apiKey" },
      username,
      password,
      { name: `${stem}Category`, label: "Category", type: "textbox", kind: "string", default: sabCategory },
      {
        name: `recent${Stem}Priority`,
        label: "Recent Priority",
        type: "select",
        kind: "number",
        default: -100,
        selectOptions: SAB_PRIORITY,
      },
      {
        name: `older${Stem}Priority`,
        label: "Older Priority",
        type: "select",
        kind: "number",
        default: -100,
        selectOptions: SAB_PRIORITY,
      },
    ],
  };
}

export function downloadClientTemplates(manager: ManagerKind): ProviderTemplate[] {
  return [qbittorrent(manager), sabnzbd(manager)];
}

/** The protocol each implementation speaks (recomputed on every read). */
export function protocolOf(template: ProviderTemplate): "torrent" | "usenet" {
  return template.implementation === "Sabnzbd" ? "usenet" : "torrent";
}

/** The name of the category field of a manager's download clients. */
export const categoryField = (manager: ManagerKind) => `${WORDS[manager].stem}Category`;
