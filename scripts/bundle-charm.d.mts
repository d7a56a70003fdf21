export const DIST_PACKAGE_JSON: string;
export function bundleCharm(
  dir: string,
  outDir?: string,
): Promise<{ outfile: string; bytes: number; metafile: import("esbuild").Metafile }>;
