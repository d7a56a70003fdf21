import type { Application } from "@charmarr/workloads";
import { describe, expect, it } from "vitest";
import { planRegistration, type RegistrationSpec, registrationFingerprint } from "./registration-plan";

const spec: RegistrationSpec = {
  manager: "radarr",
  name: "radarr",
  prowlarrUrl: "http://10.0.0.1:9696",
  baseUrl: "http://10.0.0.2:7878",
  apiKey: "0123456789abcdef0123456789abcdef",
};

/** A registration as Prowlarr lists it: the key masked. */
function listed(overrides: Partial<Application> = {}, fields: Record<string, unknown> = {}): Application {
  const values = { prowlarrUrl: spec.prowlarrUrl, baseUrl: spec.baseUrl, apiKey: "********", ...fields };
  return {
    id: 7,
    name: "radarr",
    implementation: "Radarr",
    configContract: "RadarrSettings",
    syncLevel: "fullSync",
    tags: [3],
    fields: [
      ...Object.entries(values).map(([name, value]) => ({ name, value })),
      { name: "syncCategories", value: [2000] },
    ],
    ...overrides,
  };
}

const SALT = "0123456789abcdef0123456789abcdef";
const record = {
  prowlarrUrl: spec.prowlarrUrl,
  id: 7,
  fingerprint: registrationFingerprint(SALT, spec),
  salt: SALT,
};

describe("planRegistration", () => {
  it("adds a registration named after the app when there is none", () => {
    const plan = planRegistration([listed({ name: "other", id: 1 })], spec, undefined, SALT);
    expect(plan.action).toBe("add");
    if (plan.action !== "add") return;
    expect(plan.payload).toMatchObject({ name: "radarr", implementation: "Radarr", syncLevel: "fullSync" });
    expect(plan.payload.fields.find((f) => f.name === "apiKey")?.value).toBe(spec.apiKey);
  });

  it("keeps a registration written with this very URL pair and key: no call", () => {
    expect(planRegistration([listed()], spec, record, SALT)).toEqual({ action: "keep", id: 7 });
  });

  it("updates when the key changed, since Prowlarr masks it: the record's fingerprint tells", () => {
    const rotated = { ...spec, apiKey: "fedcba9876543210fedcba9876543210" };
    const plan = planRegistration([listed()], rotated, record, SALT);
    expect(plan).toMatchObject({ action: "update", why: "apiKey" });
    if (plan.action !== "update") return;
    expect(plan.payload.id).toBe(7);
    expect(plan.payload.fields.find((f) => f.name === "apiKey")?.value).toBe(rotated.apiKey);
  });

  it("updates a registration it has no record of, or one replaced by another id", () => {
    expect(planRegistration([listed()], spec, undefined, SALT)).toMatchObject({ action: "update" });
    expect(planRegistration([listed({ id: 8 })], spec, record, SALT)).toMatchObject({ action: "update" });
  });

  it("updates moved URLs and keeps what the operator set (categories, tags, sync level)", () => {
    const moved = { ...spec, baseUrl: "http://10.0.0.3:7878" };
    const plan = planRegistration([listed({ syncLevel: "addOnly" })], moved, record, SALT);
    expect(plan).toMatchObject({ action: "update", why: "baseUrl, apiKey" });
    if (plan.action !== "update") return;
    expect(plan.payload).toMatchObject({ syncLevel: "addOnly", tags: [3] });
    expect(plan.payload.fields.find((f) => f.name === "syncCategories")?.value).toEqual([2000]);
    expect(plan.payload.fields.find((f) => f.name === "baseUrl")?.value).toBe(moved.baseUrl);
  });

  it("replaces a registration of the wrong kind under its name", () => {
    const plan = planRegistration(
      [listed({ implementation: "Sonarr", configContract: "SonarrSettings" })],
      spec,
      record,
      SALT,
    );
    expect(plan).toMatchObject({ action: "update", payload: { id: 7, implementation: "Radarr" } });
  });

  it("finds its registration whatever the case of the name (Prowlarr's names are case-insensitive)", () => {
    expect(planRegistration([listed({ name: "Radarr" })], spec, record, SALT)).toEqual({
      action: "keep",
      id: 7,
    });
  });

  it("fingerprints never contain the key, and differ by salt", () => {
    expect(registrationFingerprint(SALT, spec)).not.toContain(spec.apiKey);
    expect(registrationFingerprint(SALT, spec)).toMatch(/^[0-9a-f]{32}$/);
    expect(registrationFingerprint(SALT, spec)).not.toBe(registrationFingerprint(`${SALT}0`, spec));
  });

  it("updates once a record from before the salt: its fingerprint no longer matches", () => {
    const old = { prowlarrUrl: spec.prowlarrUrl, id: 7, fingerprint: "0".repeat(32) };
    expect(planRegistration([listed()], spec, old, SALT)).toMatchObject({ action: "update", why: "apiKey" });
  });
});
