import type { Databag, Relation } from "@charmarr/charm";
import type * as z from "zod";

/**
 * Publish one side of an interface in this app's databag (leader only). Only keys whose
 * value differs from what is there are written, and keys this side owns that are no longer
 * wanted are deleted (""), so a steady-state hook makes no relation-set call and triggers
 * no relation-changed on the other side.
 *
 * `schema` is the one the other side reads with: publishing data it would reject is a bug
 * in this charm, so it throws (naming the keys, never the values) instead of writing it. An
 * empty `wanted` withdraws the data (the provider can no longer stand behind it).
 */
export async function publishAppData(
  relation: Relation,
  side: { name: string; keys: readonly string[]; schema: z.ZodType },
  wanted: Databag,
): Promise<void> {
  // Nothing wanted withdraws this side's data (every key it owns is deleted): not data to check.
  const withdraw = Object.keys(wanted).length === 0;
  const checked = withdraw ? undefined : side.schema.safeParse(wanted);
  if (checked && !checked.success) {
    const fields = [...new Set(checked.error.issues.map((i) => i.path.join(".") || "(databag)"))];
    throw new Error(`refusing to publish invalid ${side.name} data: ${fields.join(", ")}`);
  }
  const current = await relation.localAppData();
  const changes: Databag = {};
  for (const [key, value] of Object.entries(wanted)) {
    if (current[key] !== value) changes[key] = value;
  }
  for (const key of side.keys) {
    if (!(key in wanted) && current[key] !== undefined && current[key] !== "") changes[key] = "";
  }
  if (Object.keys(changes).length > 0) await relation.setAppData(changes);
}
