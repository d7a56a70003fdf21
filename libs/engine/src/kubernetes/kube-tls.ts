import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";

/** The API server's certificate chain: a CA of its own and a server cert it signed. */
export interface KubeTls {
  /** PEM of the CA: what a pod finds in `ca.crt`. */
  readonly caCert: string;
  readonly serverCert: string;
  readonly serverKey: string;
}

const openssl = (args: readonly string[]): void => {
  execFileSync("openssl", args, { stdio: ["ignore", "ignore", "pipe"] });
};

/**
 * A per-engine CA and a server certificate with the given names as SANs (IP SANs for
 * addresses, as the kubernetes Service IP has), made with the openssl CLI in `dir`. EC P-256:
 * a key in milliseconds.
 */
export function makeKubeTls(dir: string, names: readonly string[]): KubeTls {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = (name: string) => join(dir, name);
  const ec = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];
  openssl([
    "req",
    "-x509",
    ...ec,
    "-keyout",
    file("ca.key"),
    "-out",
    file("ca.crt"),
    "-days",
    "3650",
    "-subj",
    "/CN=charmarr-engine-kubernetes-ca",
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ]);
  openssl([
    "req",
    ...ec,
    "-keyout",
    file("server.key"),
    "-out",
    file("server.csr"),
    "-subj",
    "/CN=kube-apiserver",
  ]);
  const sans = [...new Set([...names, "kubernetes", "kubernetes.default", "kubernetes.default.svc"])].map(
    (name) => (isIP(name) ? `IP:${name}` : `DNS:${name}`),
  );
  writeFileSync(
    file("server.ext"),
    `subjectAltName=${sans.join(",")}\nbasicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n`,
  );
  openssl([
    "x509",
    "-req",
    "-in",
    file("server.csr"),
    "-CA",
    file("ca.crt"),
    "-CAkey",
    file("ca.key"),
    "-CAcreateserial",
    "-out",
    file("server.crt"),
    "-days",
    "825",
    "-extfile",
    file("server.ext"),
  ]);
  return {
    caCert: readFileSync(file("ca.crt"), "utf8"),
    serverCert: readFileSync(file("server.crt"), "utf8"),
    serverKey: readFileSync(file("server.key"), "utf8"),
  };
}
