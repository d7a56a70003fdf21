export const ROOT: string;
export function charmDirs(root?: string): string[];
