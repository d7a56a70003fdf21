import { describe, expect, it } from "vitest";
import { parseQuantity } from "./quantity";

describe("parseQuantity", () => {
  it("reads binary and decimal suffixes, plain numbers and exponents", () => {
    expect(parseQuantity("2Ti")).toBe(2 * 2 ** 40);
    expect(parseQuantity("100Gi")).toBe(100 * 2 ** 30);
    expect(parseQuantity("500M")).toBe(5e8);
    expect(parseQuantity("1e9")).toBe(1e9);
    expect(parseQuantity(1024)).toBe(1024);
  });

  it("refuses what is not a quantity", () => {
    expect(parseQuantity("2TB")).toBeUndefined();
    expect(parseQuantity("")).toBeUndefined();
    expect(parseQuantity(undefined)).toBeUndefined();
  });
});
