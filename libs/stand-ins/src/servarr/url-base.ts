/** The apps' URL base rule: slashes trimmed, then one leading slash ("" stays ""). */
export function normaliseUrlBase(value: string): string {
  const trimmed = value.trim().replace(/^\/+|\/+$/g, "");
  return trimmed ? `/${trimmed}` : "";
}
