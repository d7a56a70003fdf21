import { describe, expect, it } from "vitest";
import { type Delta, UnitBoard, unitLine } from "./all-watcher";

const unit = (name: string, workload: string, message = "", agent = "idle"): Delta => [
  "unit",
  "change",
  {
    name,
    application: name.split("/")[0],
    "private-address": "10.1.0.2",
    "workload-status": { current: workload, message },
    "agent-status": { current: agent, message: "" },
  },
];

describe("UnitBoard", () => {
  it("reports only units whose status changed and settles on active or blocked with a message", () => {
    const board = new UnitBoard();
    expect(board.apply([unit("radarr/0", "waiting", "installing", "executing")]).map((u) => u.name)).toEqual([
      "radarr/0",
    ]);
    expect(board.apply([unit("radarr/0", "waiting", "installing", "executing")])).toEqual([]);
    expect(board.settled(["radarr"])).toBe(false);
    board.apply([unit("radarr/0", "active")]);
    expect(board.settled(["radarr"])).toBe(true);
    expect(board.settled(["radarr", "plex"])).toBe(false);
    board.apply([unit("plex/0", "blocked", "claim-token is not set")]);
    expect(board.settled(["radarr", "plex"])).toBe(true);
    board.apply([unit("plex/0", "blocked", "")]);
    expect(board.settled(["radarr", "plex"])).toBe(false);
    board.apply([["unit", "remove", { name: "plex/0" }]]);
    expect(board.units.has("plex/0")).toBe(false);
  });

  it("collects units in error and prints one line per change", () => {
    const board = new UnitBoard();
    const [u] = board.apply([unit("sonarr/0", "error", "hook failed: install", "error")]);
    expect(board.errors().map((e) => e.name)).toEqual(["sonarr/0"]);
    expect(unitLine(u!)).toBe("  sonarr/0         error        error      hook failed: install");
  });
});
