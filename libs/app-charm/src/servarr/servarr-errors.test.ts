import { ServarrAuthError, ServarrHttpError, ServarrUnreachableError } from "@charmarr/workloads";
import { describe, expect, it } from "vitest";
import { describeCallFailure } from "./servarr-errors";

const request = { app: "prowlarr" as const, method: "GET", path: "/api/v1/applications" };

describe("describeCallFailure", () => {
  it("says what the charm waits for, per failure, never with a key", () => {
    expect(describeCallFailure(new ServarrAuthError(request), "prowlarr", "http://p:9696")).toContain(
      "refused its own API key",
    );
    expect(
      describeCallFailure(
        new ServarrUnreachableError(request, "connection", "ECONNREFUSED"),
        "prowlarr",
        "http://p:9696",
      ),
    ).toBe("cannot reach prowlarr at http://p:9696 (ECONNREFUSED)");
    const invalid = new ServarrHttpError(request, 400, [
      { propertyName: "BaseUrl", errorMessage: "Unable to connect" },
    ]);
    expect(describeCallFailure(invalid, "prowlarr", "u", "the registration")).toBe(
      "prowlarr refused the registration: BaseUrl: Unable to connect",
    );
    expect(describeCallFailure(new Error("bug"), "prowlarr", "u")).toBeUndefined();
  });
});
