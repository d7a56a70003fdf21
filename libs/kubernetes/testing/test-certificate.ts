import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TestCertificate {
  /** PEM certificate (self-signed: it is its own CA, what ca.crt holds). */
  cert: string;
  key: string;
}

let cached: TestCertificate | undefined;

/**
 * A throwaway self-signed certificate for 127.0.0.1, ::1 and localhost, made with the openssl
 * CLI once per test process (`fresh`: another one, e.g. a CA that signed nothing here).
 */
export function testCertificate(options: { fresh?: boolean } = {}): TestCertificate {
  if (cached && !options.fresh) return cached;
  const dir = mkdtempSync(join(tmpdir(), "kube-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=kubernetes",
        "-addext",
        "subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    const made = {
      cert: readFileSync(join(dir, "cert.pem"), "utf8"),
      key: readFileSync(join(dir, "key.pem"), "utf8"),
    };
    if (!options.fresh) cached = made;
    return made;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
