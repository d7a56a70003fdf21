export { type CharmDirDigest, charmDirDigest, digestOf } from "./charm-dir-digest";
export { type SteadyApp, steadyApp } from "./steady-app";
