export const NODE_RUNTIME: string;
export const DISPATCH_SCRIPT: string;
export function charmYamlFiles(charmcraft: Record<string, unknown>): Record<string, string>;
export function packCharm(dir: string, outDir?: string): Promise<{ path: string; bundleBytes: number }>;
