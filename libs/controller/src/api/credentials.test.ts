import { describe, expect, it } from "vitest";
import { Credentials, LoginThrottle } from "./credentials";

describe("Credentials", () => {
  const credentials = new Credentials("s3cret");

  it("accepts only user-admin with the password", () => {
    expect(credentials.check("user-admin", "s3cret")).toBe(true);
    expect(credentials.check("user-admin", "s3cret ")).toBe(false);
    expect(credentials.check("user-bob", "s3cret")).toBe(false);
    expect(credentials.check(undefined, "s3cret")).toBe(false);
  });

  it("checks Basic authorization headers", () => {
    const basic = (text: string) => `Basic ${Buffer.from(text).toString("base64")}`;
    expect(credentials.checkBasic(basic("user-admin:s3cret"))).toBe(true);
    expect(credentials.checkBasic(basic("user-admin:s3cret:x"))).toBe(false);
    expect(credentials.checkBasic(basic("admin:s3cret"))).toBe(false);
    expect(credentials.checkBasic("Bearer abc")).toBe(false);
    expect(credentials.checkBasic(undefined)).toBe(false);
  });
});

describe("LoginThrottle", () => {
  it("delays a source more after each failure, up to a cap, and forgets it on success", () => {
    const throttle = new LoginThrottle(100, 250);
    expect(throttle.delayFor("a")).toBe(0);
    throttle.failed("a");
    expect(throttle.delayFor("a")).toBe(100);
    throttle.failed("a");
    throttle.failed("a");
    expect(throttle.delayFor("a")).toBe(250);
    expect(throttle.delayFor("b")).toBe(0);
    throttle.succeeded("a");
    expect(throttle.delayFor("a")).toBe(0);
  });
});
