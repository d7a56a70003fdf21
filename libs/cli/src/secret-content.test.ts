import { describe, expect, it } from "vitest";
import { cliErrorOf } from "../testing/cli-error-of";
import { parseSecretContent } from "./secret-content";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const sources = {
  readFile: (path: string) => {
    if (path === "/keys/wg") return Buffer.from("wg-private\n");
    throw new Error("ENOENT: no such file");
  },
  readStdin: () => Buffer.from("from-stdin\n"),
};

describe("parseSecretContent", () => {
  it("reads key=value, key#file=, key#base64= and key=- (stdin, newline dropped)", () => {
    expect(
      parseSecretContent(
        ["user-name=me", "private-key#file=/keys/wg", "raw-bytes#base64=AAEC", "password=-"],
        sources,
      ),
    ).toEqual({
      "user-name": b64("me"),
      "private-key": b64("wg-private\n"),
      "raw-bytes": "AAEC",
      password: b64("from-stdin"),
    });
  });

  it("refuses bad keys, empty values, unreadable files and two stdin keys in one line each", () => {
    expect(cliErrorOf(() => parseSecretContent(["Key=x"], sources))).toMatch(
      /^ERROR secret key "Key" is not valid/,
    );
    expect(cliErrorOf(() => parseSecretContent(["key=x", "key=y"], sources))).toBe(
      "ERROR secret key key given twice",
    );
    expect(cliErrorOf(() => parseSecretContent(["token="], sources))).toBe(
      "ERROR secret key token has an empty value",
    );
    expect(cliErrorOf(() => parseSecretContent(["token#file=/nope"], sources))).toBe(
      "ERROR cannot read token's file /nope: ENOENT: no such file",
    );
    expect(cliErrorOf(() => parseSecretContent(["aaa=-", "bbb=-"], sources))).toMatch(/only one key/);
    expect(cliErrorOf(() => parseSecretContent([], sources))).toMatch(/at least one key=value/);
    expect(cliErrorOf(() => parseSecretContent(["token#gz=x"], sources))).toMatch(/only #file and #base64/);
  });
});
