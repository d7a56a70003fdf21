import { posix } from "node:path";
import type { ManagerKind } from "./download-client-kinds";

// Where an import goes below the root folder. The real apps match a download to the movie or
// series they grabbed it for and use its folder (Radarr's default `{Movie Title} ({Release Year})`,
// Sonarr's `{Series Title}/Season {season}`); the stand-in has no library, so it parses the
// release name instead. File names stay as they are (renaming is off by default in both apps).

const VIDEO_EXTENSION = /\.(mkv|mp4|avi|m4v|mov|wmv|ts|m2ts|webm|mpg|mpeg)$/i;

/** `Some.Movie.Name` → `Some Movie Name`. */
function words(text: string): string {
  return text
    .replace(/[._]+/g, " ")
    .replace(/\s+/g, " ")
    .replace(/[\s-]+$/, "")
    .trim();
}

/** A folder name the filesystem takes: no `/` or NUL, never `.` or `..`. */
function safe(name: string): string {
  const cleaned = name.replace(/[/\0]/g, " ").trim();
  return cleaned === "" || cleaned === "." || cleaned === ".." ? "Unknown" : cleaned;
}

/** The folder, relative to the root folder, for a release called `releaseName`. */
export function releaseFolder(kind: ManagerKind, releaseName: string): string {
  const name = releaseName.replace(VIDEO_EXTENSION, "");
  if (kind === "radarr") {
    const movie = /^(.+)[\s._([-]+((?:19|20)\d{2})(?:[\s._)\]-]|$)/.exec(name);
    if (movie?.[1] && movie[2]) return safe(`${words(movie[1])} (${movie[2]})`);
    return safe(words(name));
  }
  const episode = /^(.+?)[\s._-]+S(\d{1,3})E\d{1,4}/i.exec(name);
  if (episode?.[1] && episode[2]) {
    return posix.join(safe(words(episode[1])), `Season ${Number(episode[2])}`);
  }
  return safe(words(name));
}
