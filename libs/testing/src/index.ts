export * from "./fake-hook-tools";
