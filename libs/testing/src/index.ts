export { toolsAfterAgentRestart } from "./agent-restart-tools";
export type { CharmSource, DeployCommon, DeploySpec } from "./charm-deployment";
export * from "./fake-hook-tools";
export {
  LeakError,
  type LeakFinding,
  LeakScanner,
  MIN_SECRET_LENGTH,
  type SecretValueSource,
} from "./leak-scanner";
export type { SecretView } from "./secret-view";
export { type ActionResult, TestModel, type TestModelOptions, testModel } from "./test-model";
