import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeakError } from "./leak-scanner";
import { testModel } from "./test-model";

// A charm of one shell script that reads the password of the user secret in `creds` and, if
// told to, hands it to juju-log on the command line.
const DISPATCH = `#!/bin/sh
uri=$(config-get creds)
[ -n "$uri" ] || exit 0
password=$(secret-get "$uri" password)
if [ "$(config-get leak)" = yes ]; then juju-log "connecting with $password"; fi
status-set active
`;
const PASSWORD = "swordfish-and-chips";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "leaky-sh-"));
  writeFileSync(join(dir, "metadata.yaml"), "name: leakysh\n");
  writeFileSync(
    join(dir, "config.yaml"),
    "options: {creds: {type: secret}, leak: {type: string, default: no}}\n",
  );
  writeFileSync(join(dir, "dispatch"), DISPATCH);
  chmodSync(join(dir, "dispatch"), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(leak: "yes" | "no") {
  const m = await testModel();
  m.deploy("leakysh", { charmDir: dir });
  const uri = m.addUserSecret("db-creds", { password: PASSWORD });
  m.grantSecret("db-creds", "leakysh");
  m.config("leakysh", { creds: uri, leak });
  return m;
}

describe("the leak scanner on process runs", () => {
  it("catches a value on a hook tool's command line and in juju-log", async () => {
    const m = await run("yes");
    const error = await m.settle().catch((err: unknown) => err);
    await m.close();
    expect(error).toBeInstanceOf(LeakError);
    const message = (error as LeakError).message;
    expect(message).toMatch(/in argv of juju-log in leakysh\/0/);
    expect(message).toMatch(/in juju-log of leakysh\/0/);
    expect(message).not.toContain(PASSWORD);
  });

  it("is quiet when the value stays in the process", async () => {
    const m = await run("no");
    await m.settle();
    expect(m.unitStatus("leakysh/0").status).toBe("active");
    expect(m.leaks()).toEqual([]);
    await m.close();
  });
});
