export { type ConsumedSecret, readGrantedSecret } from "./consumed-secret";
export { randomApiKey, randomPassword, randomToken } from "./credential-generators";
export type { CredentialWorkload } from "./credential-workload";
export {
  type EnsureResult,
  OwnedSecret,
  type OwnedSecretSpec,
  type OwnedSecretState,
  ownedSecret,
} from "./owned-secret";
export {
  DEFAULT_ROTATION_INTERVAL,
  ROTATION_INTERVALS,
  type RotationInterval,
  rotationIntervalSchema,
} from "./rotation-interval";
export { publishedSecretId, type SecretContent, sameContent } from "./secret-content";
export { readUserSecret, type UserSecret } from "./user-secret";
