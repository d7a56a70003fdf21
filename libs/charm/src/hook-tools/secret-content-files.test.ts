import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "./hook-tool-error";
import { isValidSecretKey, withSecretContentFiles } from "./secret-content-files";

describe("withSecretContentFiles", () => {
  it("passes key#file= args to private files holding the values, then removes them", async () => {
    let seen: { args: string[]; dir: string } | undefined;
    const result = await withSecretContentFiles(
      { username: "admin", "api-key": "s3cr3t\nline" },
      async (args) => {
        const dir = dirname(args[0]!.split("#file=")[1]!);
        seen = { args, dir };
        expect(statSync(dir).mode & 0o777).toBe(0o700);
        for (const arg of args) {
          const path = arg.split("#file=")[1]!;
          expect(statSync(path).mode & 0o777).toBe(0o600);
        }
        expect(readFileSync(`${dir}/username`, "utf8")).toBe("admin");
        expect(readFileSync(`${dir}/api-key`, "utf8")).toBe("s3cr3t\nline");
        return "done";
      },
    );
    expect(result).toBe("done");
    expect(seen!.args).toEqual([`username#file=${seen!.dir}/username`, `api-key#file=${seen!.dir}/api-key`]);
    expect(seen!.args.join(" ")).not.toContain("s3cr3t");
    expect(existsSync(seen!.dir)).toBe(false);
  });

  it("removes the directory when the call fails", async () => {
    let dir = "";
    await expect(
      withSecretContentFiles({ password: "pw" }, async (args) => {
        dir = dirname(args[0]!.split("#file=")[1]!);
        throw new Error("tool failed");
      }),
    ).rejects.toThrow("tool failed");
    expect(dir).not.toBe("");
    expect(existsSync(dir)).toBe(false);
  });

  it("makes no directory for empty content", async () => {
    await expect(withSecretContentFiles({}, async (args) => args)).resolves.toEqual([]);
  });

  it("rejects a bad key before writing anything, naming the key and not the value", async () => {
    let called = false;
    const attempt = withSecretContentFiles({ good: "x", Bad_Key: "topsecret" }, async () => {
      called = true;
    });
    await expect(attempt).rejects.toThrow(InvalidArgumentError);
    await expect(attempt).rejects.toThrow(/"Bad_Key"/);
    await attempt.catch((err: Error) => expect(err.message).not.toContain("topsecret"));
    expect(called).toBe(false);
  });

  it("rejects a value that is not a string", async () => {
    await expect(withSecretContentFiles({ count: 3 as unknown as string }, async () => 0)).rejects.toThrow(
      /"count" is not a string/,
    );
  });

  it.each([
    ["abc", true],
    ["api-key", true],
    ["a1b2", true],
    ["ab", false],
    ["1abc", false],
    ["a--b", false],
    ["abc-", false],
    ["Abc", false],
    ["a_b_c", false],
  ])("key %j valid: %s", (key, valid) => {
    expect(isValidSecretKey(key)).toBe(valid);
  });
});
