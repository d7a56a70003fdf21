export { type ConsumedSecret, readGrantedSecret } from "./consumed-secret";
export { randomApiKey, randomPassword, randomToken } from "./credential-generators";
export type { CredentialWorkload, SecretRevisionRef } from "./credential-workload";
export { OwnedSecret } from "./owned-secret";
export {
  OwnedSecretDefinition,
  type OwnedSecretResult,
  type OwnedSecretSpec,
  ownedSecret,
  type RotationConfig,
} from "./owned-secret-definition";
export {
  DEFAULT_ROTATION_INTERVAL,
  ROTATION_INTERVALS,
  type RotationInterval,
  rotationIntervalSchema,
} from "./rotation-interval";
export {
  type ApiKeyContent,
  apiKeyContent,
  type CredentialsContent,
  credentialsContent,
  OWNER_APP_KEY,
  publishedSecretId,
  type SecretContent,
  sameContent,
  stampedContent,
} from "./secret-content";
export { newFingerprintSalt, secretFingerprint } from "./secret-fingerprint";
export { readUserSecret, type UserSecret, type UserSecretKeys } from "./user-secret";
