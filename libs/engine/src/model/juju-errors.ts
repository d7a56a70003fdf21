// Error texts Juju uses in several places, kept in one spot so the tool side and the
// controller side of the engine say exactly the same thing.

/** ErrIsNotLeader (uniter runner/context). */
export const NOT_LEADER = "this unit is not the leader";

/** apiservererrors.ErrPerm. */
export const PERMISSION_DENIED = "permission denied";

/** Granting an application while unit-level grants exist on the same relation. */
export const UNIT_GRANTS_FIRST =
  "any unit level grants need to be revoked before granting access to the corresponding application";
