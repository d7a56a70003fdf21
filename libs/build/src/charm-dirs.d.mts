export const ROOT: string;
export function charmDirs(root?: string): string[];
export function charmName(dir: string): string;
export class UnknownCharmError extends Error {
  constructor(unknown: string[], known: string[]);
  readonly unknown: string[];
  readonly known: string[];
}
export function selectCharmDirs(names: readonly string[], root?: string): string[];
