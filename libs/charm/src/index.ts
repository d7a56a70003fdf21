export type { ToolOutput, ToolRunner } from "./hook-tools/tool-runner";
