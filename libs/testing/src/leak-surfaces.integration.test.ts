import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LeakError } from "./leak-scanner";
import { testModel } from "./test-model";

// A charm of one shell script that reads the password of the user secret in `creds` and, as
// told by `leak`, hands it to juju-log on the command line, writes it to a file in its charm dir,
// or to the file `tmpfile` (left there, or written by install and removed by the next hook).
const DISPATCH = `#!/bin/sh
uri=$(config-get creds)
[ -n "$uri" ] || exit 0
password=$(secret-get "$uri" password)
case "$(config-get leak)" in
  yes) juju-log "connecting with $password" ;;
  charm-dir) printf 'password: %s\n' "$password" > ./cache.yaml ;;
  tmp) printf '%s' "$password" > "$(config-get tmpfile)" ;;
  tmp-transient)
    if [ "$JUJU_DISPATCH_PATH" = hooks/install ]; then printf '%s' "$password" > "$(config-get tmpfile)"
    else rm -f "$(config-get tmpfile)"; fi ;;
esac
status-set active
`;
const PASSWORD = "swordfish-and-chips";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "leaky-sh-"));
  writeFileSync(join(dir, "metadata.yaml"), "name: leakysh\n");
  writeFileSync(
    join(dir, "config.yaml"),
    "options: {creds: {type: secret}, leak: {type: string, default: no}, tmpfile: {type: string, default: ''}}\n",
  );
  writeFileSync(join(dir, "dispatch"), DISPATCH);
  chmodSync(join(dir, "dispatch"), 0o755);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Leak = "yes" | "no" | "charm-dir" | "tmp" | "tmp-transient";

async function run(leak: Leak, tmpfile = "") {
  const m = await testModel();
  m.deploy("leakysh", { charmDir: dir });
  const uri = m.addUserSecret("db-creds", { password: PASSWORD });
  m.grantSecret("db-creds", "leakysh");
  m.config("leakysh", { creds: uri, leak, tmpfile });
  return m;
}

async function report(leak: Leak, tmpfile = ""): Promise<string> {
  const m = await run(leak, tmpfile);
  const error = await m.settle().catch((err: unknown) => err);
  await m.close();
  expect(error).toBeInstanceOf(LeakError);
  const message = (error as LeakError).message;
  expect(message).not.toContain(PASSWORD);
  return message;
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

  it("catches a file a hook writes in its charm dir (the charm's own files are not flagged)", async () => {
    try {
      expect(await report("charm-dir")).toMatch(/in file cache\.yaml in the charm dir of leakysh\n/);
    } finally {
      rmSync(join(dir, "cache.yaml"), { force: true });
    }
  });

  it("catches a file a hook leaves in /tmp, and one install writes and the next hook removes", async () => {
    const tmpfile = join("/tmp", `leakysh-${process.pid}-${Date.now()}`);
    try {
      expect(await report("tmp", tmpfile)).toContain(`in file ${tmpfile} in the host's temp dir`);
      rmSync(tmpfile, { force: true });
      expect(await report("tmp-transient", tmpfile)).toContain(`in file ${tmpfile} in the host's temp dir`);
      expect(existsSync(tmpfile)).toBe(false);
    } finally {
      rmSync(tmpfile, { force: true });
    }
  });

  it("is quiet when the value stays in the process", async () => {
    const m = await run("no");
    await m.settle();
    expect(m.unitStatus("leakysh/0").status).toBe("active");
    expect(m.leaks()).toEqual([]);
    await m.close();
  });
});
