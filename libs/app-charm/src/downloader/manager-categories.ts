import type { CharmContext } from "@charmarr/charm";
import type { ManagerCategory } from "@charmarr/interfaces";

/** What making a category exist took. */
export type CategoryChange = "created" | "updated" | "unchanged";

export interface CategorySync {
  /** Makes the category exist in the app, saving under `category.folder`. */
  ensure(category: ManagerCategory): Promise<CategoryChange>;
  /** The app's own failure (unreachable, refused ...) as a short reason; undefined for anything else. */
  failure(err: unknown): string | undefined;
}

/**
 * One category per related manager, made to exist in the app. Categories of managers that are
 * gone are left alone: downloads may still be filed under them (docs/charms/*.md). An app
 * failure becomes a reason to wait (returned, and logged as a warning); the next hook tries again.
 */
export async function syncManagerCategories(
  ctx: CharmContext<unknown>,
  categories: readonly ManagerCategory[],
  sync: CategorySync,
): Promise<string[]> {
  const problems: string[] = [];
  for (const category of categories) {
    try {
      const change = await sync.ensure(category);
      if (change !== "unchanged") {
        ctx.log.info({ category: category.name, folder: category.folder, change }, `category ${change}`);
      }
    } catch (err) {
      const reason = sync.failure(err);
      if (reason === undefined) throw err;
      ctx.log.warn({ category: category.name, reason }, "could not make the category");
      problems.push(`category ${category.name} not made yet: ${reason}`);
    }
  }
  return problems;
}
