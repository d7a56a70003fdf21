import { readFileSync } from "node:fs";
import { rootCertificates } from "node:tls";

// Which CAs a call out of the cluster trusts: Node's bundled roots plus the charm container's
// system store, as curl and OpenSSL would. An operator whose egress goes through a TLS-inspecting
// proxy puts its CA in the image's store; Node alone would ignore it (it reads no system store).

export const SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

let cached: readonly string[] | undefined;

/** Node's roots and the PEM certificates of the system bundle (read once per process). */
export function trustedCertificates(): readonly string[] {
  if (cached) return cached;
  let system: string[] = [];
  try {
    const text = readFileSync(SYSTEM_CA_BUNDLE, "utf8");
    system = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  } catch {
    // No system bundle in this container: Node's roots only.
  }
  cached = [...rootCertificates, ...system];
  return cached;
}
