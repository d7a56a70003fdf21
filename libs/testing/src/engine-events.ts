// The engine's events module. Imported by path until libs/engine/src/index.ts re-exports it
// (`export * from "./events"`); then this file becomes `export * from "@charmarr/engine"`.
export * from "@charmarr/engine";
