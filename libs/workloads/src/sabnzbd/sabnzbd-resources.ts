import * as z from "zod";

// What SABnzbd's API answers (3.7.1, specs/workloads.md §2.4), checked only as far as a charm
// reads it; other keys pass through.

export const versionSchema = z.object({ version: z.string() });

export const authSchema = z.object({ auth: z.string() });

export const configSchema = z.object({ config: z.record(z.string(), z.unknown()) });

const listOption = z.union([z.array(z.string()), z.string()]);

/** `[misc]` as get_config shows it. Note: the API key is shown in clear text. */
export const miscSchema = z.looseObject({
  api_key: z.string().optional(),
  nzb_key: z.string().optional(),
  host: z.string().optional(),
  port: z.union([z.string(), z.number()]).optional(),
  host_whitelist: listOption.optional(),
  url_base: z.string().optional(),
  download_dir: z.string().optional(),
  complete_dir: z.string().optional(),
  inet_exposure: z.number().optional(),
  local_ranges: listOption.optional(),
  check_new_rel: z.number().optional(),
  enable_broadcast: z.number().optional(),
  selftest_host: z.string().optional(),
});

export type SabnzbdMiscConfig = z.infer<typeof miscSchema>;

export const categorySchema = z.looseObject({
  name: z.string(),
  order: z.number().optional(),
  /** Post-processing: "" (default), 0..3. */
  pp: z.union([z.string(), z.number()]).optional(),
  script: z.string().optional(),
  /** Relative to complete_dir, or absolute. */
  dir: z.string(),
  priority: z.number().optional(),
});

export type SabnzbdCategory = z.infer<typeof categorySchema>;

/** get_config section=categories; `{"config": {}}` while there are none (the defaults come lazily). */
export const categoriesConfigSchema = z.object({
  config: z.object({ categories: z.array(categorySchema).optional() }),
});

export const categoryNamesSchema = z.object({ categories: z.array(z.string()) });

export const statusSchema = z.object({ status: z.boolean() });

export const setApiKeySchema = z.object({ apikey: z.string().min(1) });

export const setNzbKeySchema = z.object({ nzbkey: z.string().min(1) });

/** What set_config answers: the section with the changed value(s). */
export const setConfigSchema = z.object({ config: z.record(z.string(), z.unknown()) });
