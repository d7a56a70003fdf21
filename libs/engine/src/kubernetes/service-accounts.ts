import { randomBytes } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Where Kubernetes mounts a pod's service-account files (client-go's InClusterConfig reads them). */
export const SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";

export interface ServiceAccount {
  readonly app: string;
  readonly namespace: string;
  /** The opaque bearer token: a secret, never logged. */
  readonly token: string;
  /** Host directory with `token`, `ca.crt` and `namespace`, bound read-only at SERVICE_ACCOUNT_DIR. */
  readonly dir: string;
}

/**
 * One service account per application (Juju makes ServiceAccount `<app>`), each with an opaque
 * random token and its in-cluster files, made on first use.
 */
export class ServiceAccounts {
  readonly #byApp = new Map<string, ServiceAccount>();
  readonly #byToken = new Map<string, ServiceAccount>();

  constructor(
    private readonly rootDir: string,
    private readonly namespace: string,
    /** The CA is made on first use (its server names may still grow until then). */
    private readonly caCert: () => string,
    /** Told of every token made (the leak scanner learns it). */
    private readonly onToken: (account: ServiceAccount) => void = () => undefined,
  ) {}

  of(app: string): ServiceAccount {
    let account = this.#byApp.get(app);
    if (!account) {
      const token = randomBytes(32).toString("base64url");
      const dir = join(this.rootDir, app);
      mkdirSync(dir, { recursive: true, mode: 0o755 });
      writeFileSync(join(dir, "token"), token, { mode: 0o600 });
      writeFileSync(join(dir, "ca.crt"), this.caCert(), { mode: 0o644 });
      writeFileSync(join(dir, "namespace"), this.namespace, { mode: 0o644 });
      account = { app, namespace: this.namespace, token, dir };
      this.#byApp.set(app, account);
      this.#byToken.set(token, account);
      this.onToken(account);
    }
    return account;
  }

  /** Who a bearer token belongs to; undefined for an unknown one. */
  byToken(token: string): ServiceAccount | undefined {
    return this.#byToken.get(token);
  }

  all(): ServiceAccount[] {
    return [...this.#byApp.values()];
  }

  /** The app is gone: its token stops working and its files go. */
  remove(app: string): void {
    const account = this.#byApp.get(app);
    if (!account) return;
    this.#byApp.delete(app);
    this.#byToken.delete(account.token);
    rmSync(account.dir, { recursive: true, force: true });
  }
}
