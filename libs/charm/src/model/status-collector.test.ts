import { describe, expect, it } from "vitest";
import { bounded, MAX_STATUS_MESSAGE, StatusCollector } from "./status-collector";

describe("StatusCollector", () => {
  it("reports nothing when nothing was said", () => {
    expect(new StatusCollector().worst()).toBeUndefined();
  });

  it("the worst status wins: blocked > waiting > maintenance > active", () => {
    const status = new StatusCollector();
    status.active();
    status.maintenance("installing");
    expect(status.worst()).toEqual({ name: "maintenance", message: "installing" });
    status.waiting("for prowlarr");
    status.active("all good");
    expect(status.worst()).toEqual({ name: "waiting", message: "for prowlarr" });
    status.blocked("bad config");
    status.waiting("for sabnzbd");
    expect(status.worst()).toEqual({ name: "blocked", message: "bad config" });
  });

  it("ties keep the first reported", () => {
    const status = new StatusCollector();
    status.waiting("first");
    status.waiting("second");
    expect(status.worst()?.message).toBe("first");
    expect(status.all()).toHaveLength(2);
  });
});

describe("bounded", () => {
  it("cuts a text longer than the bound, marking the cut", () => {
    const cut = bounded(`refused category ${"x".repeat(300_000)}`, MAX_STATUS_MESSAGE);
    expect(cut.length).toBe(MAX_STATUS_MESSAGE);
    expect(cut.startsWith("refused category xxx")).toBe(true);
    expect(cut.endsWith("…")).toBe(true);
  });

  it("leaves ordinary messages alone", () => {
    expect(bounded("greeting 2 application(s)", MAX_STATUS_MESSAGE)).toBe("greeting 2 application(s)");
  });
});
