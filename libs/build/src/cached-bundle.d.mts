/** What esbuild returns with `write: false`: the bundle is the first output file. */
export interface BundleResult {
  outputFiles: { contents: Uint8Array }[];
}

export interface CachedBundleOptions<R> {
  /** Where the bundle lives. */
  out: string;
  /** The banner's comment prefix; the hash follows it on the bundle's first line. */
  mark: string;
  /** The sources' hash (sourceHash). */
  hash: string;
  /** Builds the bundle with this banner first; called only when the recorded hash differs. */
  build: (banner: string) => R;
}

export function sourceHash(base: string, dirs: string[], files?: string[]): string;
export function cachedBundle(options: CachedBundleOptions<Promise<BundleResult>>): Promise<string>;
export function cachedBundleSync(options: CachedBundleOptions<BundleResult>): string;
