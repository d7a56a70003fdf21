import type { ConfigRefinements } from "@charmarr/charm";
import * as z from "zod";
import { timezoneOption } from "../workload-service";

/** The options every Servarr charm has and the shared code reads (rotation-interval comes with the api-key secret). */
export interface ServarrConfig {
  timezone: string;
  "rotation-interval": string;
  "url-base": string;
  "external-auth": boolean;
}

/** Longest url-base: the app's URL (`http://<address>:<port><url-base>`) must fit relation data's 2,048. */
export const MAX_URL_BASE = 1024;

/**
 * `url-base`: the path the app serves under (`/radarr`), for a reverse proxy; empty serves at
 * the root. The app trims slashes and adds one leading slash; the charm refuses what the app
 * would refuse (a full URL) or misread (spaces, a query), and what would make its URL too long
 * to publish (the publish would throw in every hook).
 */
export const urlBaseOption = z
  .string()
  .refine(
    (value) =>
      value === "" ||
      (value.length <= MAX_URL_BASE &&
        /^\/?[A-Za-z0-9._~-]+(?:\/[A-Za-z0-9._~-]+)*\/?$/.test(value) &&
        // `.` and `..` segments are normalised away by every HTTP client: the app would serve
        // a path the charm can never ask for.
        !value.split("/").some((segment) => segment === "." || segment === "..")),
  )
  .describe(
    `a URL path such as /radarr (letters, digits, . _ ~ - between slashes, no . or .. segments, at most ${MAX_URL_BASE} characters), or empty`,
  );

/** The app's URL base as it normalises it: "" or `/a/b`. */
export function normaliseUrlBase(value: string): string {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, "");
  return trimmed ? `/${trimmed}` : "";
}

/** Config refinements for `defineCharm({ config })`. */
export const servarrConfigOptions = {
  timezone: timezoneOption,
  "url-base": urlBaseOption,
} satisfies ConfigRefinements<ServarrConfig>;
