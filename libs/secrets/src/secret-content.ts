/** Secret content is a flat map of strings (Juju's model). */
export type SecretContent = Record<string, string>;

/** Same keys, same values, whatever the order. */
export function sameContent(a: SecretContent, b: SecretContent): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

/** `secret:<xid>`: the short, stable spelling we publish in relation data. */
export function publishedSecretId(xid: string): string {
  return `secret:${xid}`;
}
