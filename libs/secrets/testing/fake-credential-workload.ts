import type { CredentialWorkload, SecretRevisionRef } from "../src/credential-workload";

type Token = { token: string };

/**
 * A workload that holds one credential, standing in for an app in these tests. It can be
 * made unable to report its credential (like a password kept as a hash), to fail applying,
 * or to be down; it counts refused checks, as an app's brute-force protection would.
 */
export class FakeCredentialApp {
  credential: string | undefined;
  readable = true;
  up = true;
  failApply = false;
  refusedChecks = 0;
  applied: string[] = [];
  /** The revision each check named (undefined: a value this hook made). */
  checkedRevisions: (SecretRevisionRef | undefined)[] = [];

  workload(): CredentialWorkload<Token> | undefined {
    if (!this.up) return undefined;
    return {
      apply: async (next) => {
        if (this.failApply) throw new Error("the app refused the change");
        this.credential = next.token;
        this.applied.push(next.token);
      },
      accepts: async (value, revision) => {
        this.checkedRevisions.push(revision);
        const ok = this.credential !== undefined && value.token === this.credential;
        if (!ok) this.refusedChecks += 1;
        return ok;
      },
      ...(this.readable
        ? { readLive: async () => (this.credential === undefined ? undefined : { token: this.credential }) }
        : {}),
    };
  }
}

/** The apps of a test, by application name; in-process charms reach theirs through it. */
export const fakeApps = new Map<string, FakeCredentialApp>();

export function fakeApp(name: string): FakeCredentialApp {
  let app = fakeApps.get(name);
  if (!app) {
    app = new FakeCredentialApp();
    fakeApps.set(name, app);
  }
  return app;
}
