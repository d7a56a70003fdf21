export declare const DEFERRED_BUILTINS: string[];
export declare const SNAPSHOT_FILE: string;
export declare class StartupSnapshotError extends Error {}
export declare function snapshotBuilderSource(bundle: string, exportNames: Record<string, string[]>): string;
export declare function buildStartupSnapshot(
  bundleFile: string,
  blobFile: string,
  node: string,
  options?: { timeoutMs?: number },
): { blobFile: string; bytes: number };
