import { secretFingerprint } from "@charmarr/secrets";
import {
  type Application,
  type ApplicationInput,
  fieldValue,
  type MediaManagerApp,
  prowlarrApplication,
  withFieldValues,
} from "@charmarr/workloads";
import type { CharmRecord } from "./charm-record";

/** How a media manager registers itself in Prowlarr: named after its Juju application. */
export interface RegistrationSpec {
  manager: MediaManagerApp;
  /** The manager's Juju application name: the registration's name. */
  name: string;
  /** How the manager reaches Prowlarr (Prowlarr's published api-url). */
  prowlarrUrl: string;
  /** How Prowlarr reaches the manager, URL base included. */
  baseUrl: string;
  /** The manager's own API key. */
  apiKey: string;
}

export type RegistrationPlan =
  | { action: "keep"; id: number }
  | { action: "add"; payload: ApplicationInput }
  | { action: "update"; payload: ApplicationInput & { id: number }; why: string };

/**
 * What a registration was written with, without the key itself: Prowlarr masks the key on every
 * read, so the charm remembers a fingerprint of what it sent to know whether the key changed.
 */
export function registrationFingerprint(salt: string, spec: RegistrationSpec): string {
  return secretFingerprint(salt, "charmarr prowlarr registration", [
    spec.prowlarrUrl,
    spec.baseUrl,
    spec.apiKey,
  ]);
}

/** The settings the charm owns in a registration; the operator's (categories, tags, sync level) are kept. */
const OWNED_FIELDS = ["prowlarrUrl", "baseUrl"] as const;

/**
 * Register, update or keep: compares Prowlarr's applications with what this manager wants.
 * An application with the manager's name is its registration (names are unique in Prowlarr);
 * its key is known to be current only if the record says this very registration was written
 * with this key.
 */
export function planRegistration(
  applications: readonly Application[],
  spec: RegistrationSpec,
  record: CharmRecord["registration"],
  salt: string,
): RegistrationPlan {
  const wanted = prowlarrApplication(spec.manager, spec);
  const found = applications.find((a) => a.name.toLowerCase() === spec.name.toLowerCase());
  if (!found) return { action: "add", payload: wanted };
  const reasons: string[] = [];
  if (found.implementation !== wanted.implementation || found.configContract !== wanted.configContract) {
    reasons.push("implementation");
  }
  for (const name of OWNED_FIELDS) {
    if (fieldValue(found, name) !== spec[name]) reasons.push(name);
  }
  const fingerprint = registrationFingerprint(salt, spec);
  if (
    record?.id !== found.id ||
    record.fingerprint !== fingerprint ||
    record.prowlarrUrl !== spec.prowlarrUrl
  ) {
    reasons.push("apiKey");
  }
  if (reasons.length === 0) return { action: "keep", id: found.id };
  const base = reasons.includes("implementation")
    ? { ...wanted, id: found.id }
    : { ...found, name: spec.name };
  const payload = withFieldValues(base, {
    prowlarrUrl: spec.prowlarrUrl,
    baseUrl: spec.baseUrl,
    apiKey: spec.apiKey,
  }) as ApplicationInput & { id: number };
  return { action: "update", payload, why: reasons.join(", ") };
}
