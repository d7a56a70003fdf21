import { downloadDirOption, timezoneOption } from "@charmarr/app-charm";
import type { ConfigRefinements } from "@charmarr/charm";
import * as z from "zod";
import type { Config } from "../charmcraft.yaml";

/** The charm's options, as charmcraft.yaml declares them. */
export type SabnzbdConfig = Config;

export const SABNZBD_PORT = 8080;

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;

/** The names in `host-whitelist`, lower-cased as SABnzbd compares them. */
export function hostWhitelistNames(value: string): string[] {
  return value
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
}

const hostWhitelistOption = z
  .string()
  .refine((value) => hostWhitelistNames(value).every((name) => HOST_NAME.test(name)))
  .describe("comma-separated host names such as sab.example.com, or empty");

/** What charmcraft.yaml's types cannot say (rotation-interval comes with the api-key secret). */
export const sabnzbdOptions = {
  timezone: timezoneOption,
  "download-dir": downloadDirOption,
  "host-whitelist": hostWhitelistOption,
} satisfies ConfigRefinements<Config>;
