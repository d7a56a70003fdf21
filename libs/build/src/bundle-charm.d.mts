import type { Metafile } from "esbuild";
export const DIST_PACKAGE_JSON: string;
export const BUNDLE_BUDGET_BYTES: number;
export function largestInputs(metafile: Metafile, count?: number): { what: string; bytes: number }[];
export class BundleBudgetError extends Error {
  constructor(charm: string, bytes: number, metafile: Metafile, budget?: number);
  readonly charm: string;
  readonly bytes: number;
  readonly budget: number;
  readonly largest: { what: string; bytes: number }[];
}
export function bundleCharm(
  dir: string,
  outDir?: string,
  options?: { budget?: number },
): Promise<{ outfile: string; bytes: number; metafile: Metafile }>;
