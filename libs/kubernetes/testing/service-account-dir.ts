import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A directory shaped like /var/run/secrets/kubernetes.io/serviceaccount (token, ca.crt,
 * namespace), for `inClusterConfig({ root })`. A file given as undefined is left out.
 */
export function serviceAccountDir(files: { token?: string; ca?: string; namespace?: string }): string {
  const dir = mkdtempSync(join(tmpdir(), "kube-sa-"));
  if (files.token !== undefined) writeFileSync(join(dir, "token"), files.token);
  if (files.ca !== undefined) writeFileSync(join(dir, "ca.crt"), files.ca);
  if (files.namespace !== undefined) writeFileSync(join(dir, "namespace"), files.namespace);
  return dir;
}
