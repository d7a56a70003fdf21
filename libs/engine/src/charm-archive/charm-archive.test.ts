import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { packCharm } from "@charmarr/build/pack";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import yazl from "yazl";
import { listCharmArchive, unpackCharmArchive } from "./charm-archive";

const EXAMPLE = resolve(import.meta.dirname, "../../../charm/example");
let work: string;
let charmPath: string;

/** A zip with the given entries: [name, content, unix mode]. */
async function zipOf(path: string, entries: [string, string, number][]): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const [name, content, mode] of entries) zip.addBuffer(Buffer.from(content), name, { mode });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  writeFileSync(path, Buffer.concat(chunks));
  return path;
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), "charm-archive-"));
  const runtime = join(work, "runtime");
  mkdirSync(join(runtime, "bin"), { recursive: true });
  writeFileSync(join(runtime, "bin/node"), `#!/bin/sh\nexec "${process.execPath}" "$@"\n`);
  chmodSync(join(runtime, "bin/node"), 0o755);
  ({ path: charmPath } = await packCharm(EXAMPLE, join(work, "packed"), { runtime }));
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("a packed charm's archive", () => {
  it("lists the hooks/ entries as symlinks and the rest as files", async () => {
    const entries = new Map((await listCharmArchive(charmPath)).map((e) => [e.path, e]));
    for (const hook of ["install", "start", "upgrade-charm"]) {
      expect(entries.get(`hooks/${hook}`)).toMatchObject({ type: "symlink", mode: 0o777 });
    }
    expect(entries.get("dispatch")).toMatchObject({ type: "file", mode: 0o755 });
  });

  it("unpacks hooks/install, start and upgrade-charm as symlinks to ../dispatch, and dispatch executable", async () => {
    const dir = join(work, "unpacked");
    await unpackCharmArchive(charmPath, dir);
    for (const hook of ["install", "start", "upgrade-charm"]) {
      const link = join(dir, "hooks", hook);
      expect(lstatSync(link).isSymbolicLink()).toBe(true);
      expect(readlinkSync(link)).toBe("../dispatch");
      expect(readFileSync(link, "utf8")).toBe(readFileSync(join(dir, "dispatch"), "utf8"));
    }
    expect(statSync(join(dir, "dispatch")).mode & 0o777).toBe(0o755);
    await unpackCharmArchive(charmPath, dir); // again, over the first copy, as on upgrade-charm
    expect(readlinkSync(join(dir, "hooks/install"))).toBe("../dispatch");
    expect(statSync(join(dir, "node/bin/node")).mode & 0o777).toBe(0o755);
  });
});

describe("unpackCharmArchive", () => {
  it("refuses a symlink that points outside the charm directory, relative or absolute", async () => {
    for (const [name, target] of [
      ["up", "../../etc/passwd"],
      ["abs", "/etc/passwd"],
    ]) {
      const zip = await zipOf(join(work, `${name}.zip`), [
        ["dispatch", "#!/bin/sh\n", 0o100755],
        ["hooks/install", target!, 0o120777],
      ]);
      const dir = join(work, `bad-${name}`);
      await expect(unpackCharmArchive(zip, dir)).rejects.toThrow(
        `hooks/install links outside the charm directory (${target})`,
      );
      expect(existsSync(join(dir, "hooks/install"))).toBe(false);
    }
  });

  it("keeps regular files regular even when a name looks like a link's", async () => {
    const zip = await zipOf(join(work, "plain.zip"), [["hooks/install", "#!/bin/sh\necho hi\n", 0o100755]]);
    const dir = join(work, "plain");
    await unpackCharmArchive(zip, dir);
    expect(lstatSync(join(dir, "hooks/install")).isFile()).toBe(true);
    expect(statSync(join(dir, "hooks/install")).mode & 0o777).toBe(0o755);
  });
});
