import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { AppRecord } from "../model/state";

/**
 * resource-get's local file: a file resource's own path, or for an oci-image resource the small
 * YAML file (registrypath, username, password) ops reads, written under the model's data dir.
 */
export async function resourceFile(
  dataDir: string,
  app: AppRecord,
  unit: string,
  name: string,
): Promise<string> {
  const record = app.resources.get(name);
  if (!app.meta.resources[name] || !record) throw new Error(`resource ${JSON.stringify(name)} not found`);
  if (record.kind === "file") return record.path;
  const path = join(dataDir, "resources", `unit-${unit.replace("/", "-")}`, name, "content.yaml");
  await mkdir(dirname(path), { recursive: true });
  const lines = [
    `registrypath: ${record.image}`,
    `username: ${record.username ?? ""}`,
    `password: ${record.password ?? ""}`,
  ];
  await writeFile(path, `${lines.join("\n")}\n`, { mode: 0o600 });
  return path;
}
