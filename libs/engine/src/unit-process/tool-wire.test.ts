import { describe, expect, it } from "vitest";
import { decodeFrame, encodeFrame, encodeResponse, parseRequest } from "./tool-wire";

describe("hook-tool frames", () => {
  it("round-trips fields byte for byte, empty and non-ASCII ones included", () => {
    const fields = ["hello/0-install-1", "", "a=b c", "ünï\n", "\u0000"];
    const decoded = decodeFrame(encodeFrame(fields));
    expect(decoded?.map((f) => f.toString("utf8"))).toEqual(fields);
  });

  it("waits for the rest of a frame that arrived in pieces", () => {
    const frame = encodeFrame(["ctx", "tool", "/charm", "none", "", "--format=json"]);
    for (let cut = 0; cut < frame.length; cut++) expect(decodeFrame(frame.subarray(0, cut))).toBeUndefined();
    expect(decodeFrame(frame)).toHaveLength(6);
  });

  it("parses a request: stdin only when it was sent, args after the fixed fields", () => {
    const fields = (mode: string) =>
      encodeFrame(["ctx", "relation-set", "/charm", mode, '{"a":"b"}', "--file", "-"]);
    expect(parseRequest(decodeFrame(fields("sent"))!)).toEqual({
      contextId: "ctx",
      tool: "relation-set",
      cwd: "/charm",
      stdinMode: "sent",
      stdin: '{"a":"b"}',
      args: ["--file", "-"],
    });
    expect(parseRequest(decodeFrame(fields("available"))!)).not.toHaveProperty("stdin");
    expect(() => parseRequest(decodeFrame(fields("maybe"))!)).toThrow(/bad stdin mode/);
    expect(() => parseRequest(decodeFrame(encodeFrame(["ctx"]))!)).toThrow(/malformed/);
  });

  it("encodes a result as exit code, stdout, stderr, and a stdin request as status 'stdin'", () => {
    const result = decodeFrame(encodeResponse({ stdout: "out", stderr: "err", exitCode: 2 }))!;
    expect(result.map(String)).toEqual(["2", "out", "err"]);
    expect(decodeFrame(encodeResponse({ wantsStdin: true }))!.map(String)).toEqual(["stdin", "", ""]);
  });
});
