import { describe, expect, it } from "vitest";
import { StatusCollector } from "./status-collector";

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
