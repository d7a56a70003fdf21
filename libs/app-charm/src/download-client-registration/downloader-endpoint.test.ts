import { describe, expect, it } from "vitest";
import { downloaderEndpoint } from "./downloader-endpoint";

describe("downloaderEndpoint", () => {
  it("takes host and port from the URL", () => {
    expect(downloaderEndpoint("http://127.0.1.3:8080")).toEqual({
      host: "127.0.1.3",
      port: 8080,
      useSsl: false,
      urlBase: "",
    });
  });

  it("defaults the port from the scheme and sets SSL for https", () => {
    expect(downloaderEndpoint("https://sab.example.com")).toEqual({
      host: "sab.example.com",
      port: 443,
      useSsl: true,
      urlBase: "",
    });
    expect(downloaderEndpoint("http://qbittorrent").port).toBe(80);
  });

  it("keeps a URL base without its trailing slash", () => {
    expect(downloaderEndpoint("http://sabnzbd:8080/sabnzbd/").urlBase).toBe("/sabnzbd");
    expect(downloaderEndpoint("http://sabnzbd:8080/").urlBase).toBe("");
  });

  it("gives an IPv6 address without brackets", () => {
    expect(downloaderEndpoint("http://[fd00::7]:8080")).toMatchObject({ host: "fd00::7", port: 8080 });
  });
});
