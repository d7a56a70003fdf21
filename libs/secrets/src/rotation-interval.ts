import { ROTATE_POLICIES, type RotatePolicy } from "@charmarr/charm";
import * as z from "zod";

/** The values of every charm's `rotation-interval` option: Juju's rotate policies, one to one. */
export const ROTATION_INTERVALS = ROTATE_POLICIES;

export type RotationInterval = RotatePolicy;

export const DEFAULT_ROTATION_INTERVAL: RotationInterval = "monthly";

/** The config refinement: anything else is a Blocked status naming the option and these values. */
export const rotationIntervalSchema = z.enum(ROTATION_INTERVALS);

/**
 * The policy a secret should carry. `secret-info-get` leaves `rotation` out when there is
 * none, which is the same as `never`.
 */
export function sameRotation(current: string | undefined, wanted: RotationInterval): boolean {
  return (current ?? "never") === wanted;
}
