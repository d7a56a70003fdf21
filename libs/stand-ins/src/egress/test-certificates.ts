import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A throwaway certificate authority and server certificates for stand-ins of public HTTPS
// services (plex.tv): the charm checks TLS as in production, against a store the test gave the
// CA to. Made with the openssl CLI (Node has no X.509 writer); EC keys, one day of validity.

export interface TestCertificateAuthority {
  /** The CA certificate (PEM): what the charm container's trust store gets. */
  readonly cert: string;
  /** A server certificate for `names` (DNS names or IPs), signed by this CA. */
  issue(names: readonly string[]): { key: string; cert: string };
}

function openssl(args: string[], cwd: string): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

export function createTestCertificateAuthority(commonName = "charmarr test CA"): TestCertificateAuthority {
  const dir = mkdtempSync(join(tmpdir(), "test-ca-"));
  let caKey: string;
  let caCert: string;
  try {
    openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key"], dir);
    openssl(
      [
        "req",
        "-x509",
        "-new",
        "-key",
        "ca.key",
        "-days",
        "1",
        "-subj",
        `/CN=${commonName}`,
        "-out",
        "ca.crt",
      ],
      dir,
    );
    caKey = readFileSync(join(dir, "ca.key"), "utf8");
    caCert = readFileSync(join(dir, "ca.crt"), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return {
    cert: caCert,
    issue(names) {
      const work = mkdtempSync(join(tmpdir(), "test-cert-"));
      try {
        writeFileSync(join(work, "ca.key"), caKey, { mode: 0o600 });
        writeFileSync(join(work, "ca.crt"), caCert);
        const san = names.map((name) => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(",");
        writeFileSync(join(work, "ext.cnf"), `subjectAltName=${san}\nextendedKeyUsage=serverAuth\n`);
        openssl(["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "server.key"], work);
        openssl(
          ["req", "-new", "-key", "server.key", "-subj", `/CN=${names[0]}`, "-out", "server.csr"],
          work,
        );
        openssl(
          [
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "1",
          ].concat(["-extfile", "ext.cnf", "-out", "server.crt"]),
          work,
        );
        return {
          key: readFileSync(join(work, "server.key"), "utf8"),
          cert: readFileSync(join(work, "server.crt"), "utf8"),
        };
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    },
  };
}
