import {
  type DownloadClient,
  type DownloadClientInput,
  fieldValue,
  MASKED_VALUE,
  qbittorrentDownloadClient,
  sabnzbdDownloadClient,
} from "@charmarr/workloads";
import { describe, expect, it } from "vitest";
import { credentialFingerprint } from "./credential-fingerprint";
import { type ClientStep, planDownloadClients, type WantedClient } from "./download-client-plan";
import type { ManagedClient } from "./managed-download-clients";

const SALT = "0123456789abcdef0123456789abcdef";

const qbit = (password = "first-password-0001", host = "127.0.1.5", name = "qbittorrent") =>
  qbittorrentDownloadClient("radarr", {
    name,
    host,
    port: 8080,
    category: "radarr",
    username: "charm",
    password,
  });
const sab = (apiKey = "0123456789abcdef0123456789abcdef", name = "sabnzbd") =>
  sabnzbdDownloadClient("radarr", { name, host: "127.0.1.6", port: 8080, category: "radarr", apiKey });

const want = (relationId: number, payload: DownloadClientInput): WantedClient => ({
  relationId,
  remoteApp: payload.name,
  payload,
  credential: credentialFingerprint(SALT, payload.fields),
});

/** The client as the app lists it: id, every field, secrets masked. */
const stored = (
  id: number,
  payload: DownloadClientInput,
  extra: Record<string, unknown> = {},
): DownloadClient =>
  ({
    ...payload,
    ...extra,
    id,
    fields: payload.fields.map((f) =>
      (f.name === "password" || f.name === "apiKey") && f.value ? { ...f, value: MASKED_VALUE } : f,
    ),
  }) as DownloadClient;

const managed = (id: number, relation: number, payload: DownloadClientInput): ManagedClient => ({
  id,
  relation,
  name: payload.name,
  credential: credentialFingerprint(SALT, payload.fields),
});

const plan = (input: {
  live?: DownloadClient[];
  wanted?: WantedClient[];
  relations?: number[];
  managed?: ManagedClient[];
}) =>
  planDownloadClients({
    live: input.live ?? [],
    wanted: input.wanted ?? [],
    relations: input.relations ?? (input.wanted ?? []).map((w) => w.relationId),
    managed: input.managed ?? [],
    appName: "Radarr",
  });

const actions = (steps: ClientStep[]) => steps.map((s) => s.action);

describe("planDownloadClients", () => {
  it("adds a client for a new relation, with the credential and category", () => {
    const p = plan({ wanted: [want(3, qbit())] });
    expect(p.steps).toEqual([{ relationId: 3, action: "add", payload: qbit() }]);
    expect(p.remove).toEqual([]);
  });

  it("keeps a client it registered when nothing changed, masked password included", () => {
    const p = plan({
      live: [stored(7, qbit())],
      wanted: [want(3, qbit())],
      managed: [managed(7, 3, qbit())],
    });
    expect(p.steps).toEqual([{ relationId: 3, action: "keep", id: 7 }]);
  });

  it("updates after a rotation although the app shows the same masked value", () => {
    const p = plan({
      live: [stored(7, qbit("first-password-0001"))],
      wanted: [want(3, qbit("second-password-002"))],
      managed: [managed(7, 3, qbit("first-password-0001"))],
    });
    const [step] = p.steps;
    expect(step).toMatchObject({ action: "update", id: 7, why: ["password"], adopted: false });
    if (step?.action !== "update") throw new Error("expected an update");
    expect(fieldValue(step.payload, "password")).toBe("second-password-002");
    expect(step.payload.id).toBe(7);
  });

  it("follows a rotated SABnzbd key the same way", () => {
    const rotated = sab("fedcba9876543210fedcba9876543210");
    const p = plan({ live: [stored(4, sab())], wanted: [want(2, rotated)], managed: [managed(4, 2, sab())] });
    expect(p.steps[0]).toMatchObject({ action: "update", why: ["apiKey"] });
  });

  it("updates a moved downloader and keeps what the operator tuned", () => {
    const live = stored(7, qbit(), { priority: 5, enable: false });
    live.fields.push({ name: "initialState", value: 2 });
    const p = plan({
      live: [live],
      wanted: [want(3, qbit("first-password-0001", "127.0.1.9"))],
      managed: [managed(7, 3, qbit())],
    });
    const [step] = p.steps;
    if (step?.action !== "update") throw new Error("expected an update");
    expect(step.why).toEqual(["host"]);
    expect(step.payload).toMatchObject({ id: 7, priority: 5, enable: false });
    expect(fieldValue(step.payload, "host")).toBe("127.0.1.9");
    expect(fieldValue(step.payload, "initialState")).toBe(2);
    // The real credential goes with it, not the mask.
    expect(fieldValue(step.payload, "password")).toBe("first-password-0001");
  });

  it("re-asserts a category or username the operator changed", () => {
    const live = stored(7, qbit());
    live.fields = live.fields.map((f) => (f.name === "movieCategory" ? { ...f, value: "movies" } : f));
    const p = plan({ live: [live], wanted: [want(3, qbit())], managed: [managed(7, 3, qbit())] });
    expect(p.steps[0]).toMatchObject({ action: "update", why: ["movieCategory"] });
  });

  it("takes over a client of the wanted name it does not know, sending the credential", () => {
    const p = plan({ live: [stored(9, qbit("whatever-was-there"))], wanted: [want(3, qbit())] });
    expect(p.steps[0]).toMatchObject({ action: "update", id: 9, adopted: true, why: ["password"] });
  });

  it("never repoints a client of the wanted name it did not add: it is a clash that names it", () => {
    // A hand-made "qbittorrent" at the operator's seedbox; a related app of that name elsewhere.
    const hand = stored(12, qbit("operator-password-1", "10.0.0.9"));
    const p = plan({ live: [hand], wanted: [want(3, qbit())] });
    expect(p.steps).toEqual([
      {
        relationId: 3,
        action: "clash",
        reason:
          'Radarr already has a download client named "qbittorrent" (one the charm did not add, for 10.0.0.9:8080: rename or delete it)',
      },
    ]);
  });

  it("re-adds a client that was deleted by hand", () => {
    const p = plan({ live: [], wanted: [want(3, qbit())], managed: [managed(7, 3, qbit())] });
    expect(actions(p.steps)).toEqual(["add"]);
    expect(p.remove).toEqual([]);
  });

  it("removes the clients of relations that are gone, the last one included", () => {
    const p = plan({
      live: [stored(7, qbit()), stored(8, sab())],
      relations: [],
      managed: [managed(7, 3, qbit()), managed(8, 4, sab())],
    });
    expect(p.steps).toEqual([]);
    expect(p.remove.map((e) => e.id)).toEqual([7, 8]);
  });

  it("never removes or changes a client the operator added by hand", () => {
    const hand = stored(12, qbit("operator-password-1", "10.0.0.9", "seedbox"));
    const p = plan({
      live: [hand, stored(7, qbit())],
      wanted: [want(3, qbit())],
      managed: [managed(7, 3, qbit())],
    });
    expect(p.steps).toEqual([{ relationId: 3, action: "keep", id: 7 }]);
    expect(p.remove).toEqual([]);
    const gone = plan({ live: [hand], relations: [], managed: [] });
    expect(gone.remove).toEqual([]);
  });

  it("keeps the client of a relation whose data is unusable for now", () => {
    const entry = managed(7, 3, qbit());
    const p = plan({ live: [stored(7, qbit())], relations: [3], managed: [entry] });
    expect(p.remove).toEqual([]);
    expect(p.carry).toEqual([entry]);
  });

  it("forgets, without a call, clients that no longer exist", () => {
    const p = plan({ live: [], relations: [], managed: [managed(7, 3, qbit())] });
    expect(p.remove).toEqual([]);
    expect(p.carry).toEqual([]);
  });

  it("hands the client of a gone relation to a new relation with the same downloader", () => {
    const p = plan({
      live: [stored(7, qbit())],
      wanted: [want(5, qbit("second-password-002"))],
      managed: [managed(7, 3, qbit())],
    });
    expect(p.steps[0]).toMatchObject({ action: "update", id: 7, adopted: true });
    expect(p.remove).toEqual([]);
  });

  it("refuses a name that a hand-made client already has when its own client exists", () => {
    const p = plan({
      live: [stored(7, qbit("first-password-0001", "127.0.1.5", "old-name")), stored(12, qbit())],
      wanted: [want(3, qbit())],
      managed: [managed(7, 3, qbit("first-password-0001", "127.0.1.5", "old-name"))],
    });
    expect(p.steps[0]).toMatchObject({ action: "clash" });
    expect((p.steps[0] as { reason: string }).reason).toContain(
      'Radarr already has a download client named "qbittorrent"',
    );
  });

  it("lets only the first of two relations with the same downloader name register it", () => {
    const p = plan({ wanted: [want(4, qbit()), want(3, qbit("other-password-003"))] });
    expect(p.steps.map((s) => [s.relationId, s.action])).toEqual([
      [3, "add"],
      [4, "clash"],
    ]);
  });

  it("does not take a client held by a relation that waits", () => {
    const p = plan({
      live: [stored(7, qbit())],
      wanted: [want(5, qbit())],
      relations: [3, 5],
      managed: [managed(7, 3, qbit())],
    });
    expect(p.steps[0]).toMatchObject({ action: "clash" });
    expect(p.carry.map((e) => e.id)).toEqual([7]);
  });

  it("starts afresh when a relation's downloader changed kind", () => {
    const p = plan({
      live: [stored(7, qbit("first-password-0001", "127.0.1.5", "downloader"))],
      wanted: [want(3, sab(undefined, "downloader"))],
      managed: [managed(7, 3, qbit("first-password-0001", "127.0.1.5", "downloader"))],
    });
    const [step] = p.steps;
    if (step?.action !== "update") throw new Error("expected an update");
    expect(step.payload).toMatchObject({
      id: 7,
      implementation: "Sabnzbd",
      configContract: "SabnzbdSettings",
    });
    expect(fieldValue(step.payload, "password")).toBeUndefined();
  });
});
