import { describe, expect, it } from "vitest";
import { quantityBytes } from "./quantity";

describe("quantityBytes", () => {
  it.each([
    ["100Gi", 100 * 2 ** 30],
    ["2Ti", 2 * 2 ** 40],
    ["1.5Ti", 1.5 * 2 ** 40],
    ["500G", 500e9],
    ["1024", 1024],
  ])("%s", (q, bytes) => expect(quantityBytes(q)).toBe(bytes));

  it.each(["", "Gi", "-1Gi", "1e3", "100 Gi", "100gi", "100m", "1.Gi"])("refuses %j", (q) =>
    expect(quantityBytes(q)).toBeUndefined());
});
