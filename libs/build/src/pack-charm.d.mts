export const NODE_RUNTIME: string;
export const DISPATCH_SCRIPT: string;
export const HOOK_NAMES: readonly string[];
export function unwrapDescription<T>(text: T): T;
export function manifestBases(
  charmcraft: Record<string, unknown>,
): { name: string; channel: string; architectures: string[] }[];
export function charmYamlFiles(
  charmcraft: Record<string, unknown>,
  options?: { startedAt?: Date },
): Record<string, string>;
export interface PackOptions {
  /** The Node runtime to ship: a directory with bin/node (and LICENSE). */
  runtime?: string;
  /** manifest.yaml's charmcraft-started-at. */
  startedAt?: Date;
  /** The bundle budget in bytes (BUNDLE_BUDGET_BYTES). */
  budget?: number;
}
export function packCharm(
  dir: string,
  outDir?: string,
  options?: PackOptions,
): Promise<{ path: string; bundleBytes: number; snapshotBytes: number }>;
