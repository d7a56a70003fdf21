import { describe, expect, it } from "vitest";
import {
  encodeMultipart,
  multipartBoundary,
  multipartContentType,
  newBoundary,
  parseHeaderValue,
  parseMultipart,
} from "./multipart";
import { PebbleProtocolError } from "./pebble-errors";

describe("encodeMultipart", () => {
  it("writes RFC 2046 framing with a 32-hex-digit boundary, quoted in the header", () => {
    const { boundary, body } = encodeMultipart([
      { name: "request", contentType: "application/json", body: '{"action":"write"}' },
      { name: "files", filename: "/etc/app.conf", contentType: "application/octet-stream", body: "a=1\n" },
    ]);
    expect(boundary).toMatch(/^[0-9a-f]{32}$/);
    expect(multipartContentType(boundary)).toBe(`multipart/form-data; boundary="${boundary}"`);
    expect(body.toString()).toBe(
      `--${boundary}\r\nContent-Type: application/json\r\nContent-Disposition: form-data; name="request"\r\n\r\n` +
        `{"action":"write"}\r\n` +
        `--${boundary}\r\nContent-Type: application/octet-stream\r\n` +
        `Content-Disposition: form-data; name="files"; filename="/etc/app.conf"\r\n\r\n` +
        `a=1\n\r\n--${boundary}--\r\n`,
    );
  });

  it("escapes quotes and backslashes in file names and refuses line breaks", () => {
    const { body } = encodeMultipart([
      { name: "files", filename: '/tmp/a"b\\c', contentType: "application/octet-stream", body: "" },
    ]);
    expect(body.toString()).toContain('filename="/tmp/a\\"b\\\\c"');
    expect(() =>
      encodeMultipart([{ name: "files", filename: "/tmp/a\r\nb", contentType: "text/plain", body: "" }]),
    ).toThrow(TypeError);
  });

  it("keeps binary bodies byte for byte and round-trips through the parser", () => {
    const bytes = Buffer.from([0, 255, 13, 10, 45, 45, 1, 2]);
    const { boundary, body } = encodeMultipart([
      { name: "files", filename: "/bin/blob", contentType: "application/octet-stream", body: bytes },
    ]);
    const [part] = parseMultipart(body, boundary);
    expect(part?.filename).toBe("/bin/blob");
    expect(part?.body.equals(bytes)).toBe(true);
  });

  it("draws fresh boundaries", () => {
    expect(newBoundary()).not.toBe(newBoundary());
  });
});

describe("parseMultipart", () => {
  // As Go's mime/multipart writes it: unquoted long boundary, sorted part headers.
  const boundary = "9051914041544843365972754266d3f6bbb0f1a6a8d7f8e95d2d3b5f6e71";
  const goBody = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="/a \\"q\\".txt"\r\n` +
      `Content-Type: application/octet-stream\r\n\r\nline1\r\nline2\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="response"\r\nContent-Type: application/json\r\n\r\n` +
      `{"type":"sync"}\r\n--${boundary}--\r\n`,
  );

  it("splits parts, reads Content-Disposition parameters and keeps inner CRLFs", () => {
    const parts = parseMultipart(goBody, boundary);
    expect(parts.map((p) => p.name)).toEqual(["files", "response"]);
    expect(parts[0]?.filename).toBe('/a "q".txt');
    expect(parts[0]?.body.toString()).toBe("line1\r\nline2");
    expect(parts[0]?.headers["content-type"]).toBe("application/octet-stream");
    expect(parts[1]?.body.toString()).toBe('{"type":"sync"}');
  });

  it("skips a preamble and tolerates a part without headers", () => {
    const body = Buffer.from(`preamble\r\n--${boundary}\r\n\r\nbare\r\n--${boundary}--`);
    const [part] = parseMultipart(body, boundary);
    expect(part?.headers).toEqual({});
    expect(part?.body.toString()).toBe("bare");
  });

  it("rejects bodies without a delimiter or a closing delimiter", () => {
    expect(() => parseMultipart(Buffer.from("nothing here"), boundary)).toThrow(PebbleProtocolError);
    expect(() => parseMultipart(Buffer.from(`--${boundary}\r\n\r\nunterminated`), boundary)).toThrow(
      /no closing delimiter/,
    );
  });
});

describe("header values", () => {
  it("parses media types with quoted and bare parameters", () => {
    expect(parseHeaderValue('Multipart/Form-Data; boundary="ab\\"c"; Charset=utf-8')).toEqual({
      value: "multipart/form-data",
      params: { boundary: 'ab"c', charset: "utf-8" },
    });
  });

  it("extracts the boundary of a multipart content type, or fails", () => {
    expect(multipartBoundary("multipart/form-data; boundary=xyz")).toBe("xyz");
    expect(() => multipartBoundary("application/json")).toThrow(
      /expected Content-Type "multipart\/form-data"/,
    );
    expect(() => multipartBoundary("multipart/form-data")).toThrow(/no boundary/);
  });
});
