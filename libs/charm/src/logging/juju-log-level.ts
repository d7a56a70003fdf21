/** pino's numeric levels mapped to the levels `juju-log` knows (contract §5). */
export type JujuLogLevel = "TRACE" | "DEBUG" | "INFO" | "WARNING" | "ERROR";

export function jujuLogLevel(pinoLevel: number): JujuLogLevel {
  if (pinoLevel >= 50) return "ERROR";
  if (pinoLevel >= 40) return "WARNING";
  if (pinoLevel >= 30) return "INFO";
  if (pinoLevel >= 20) return "DEBUG";
  return "TRACE";
}

/** Records at or above this go to `juju-log` as well as stdout (pino's `warn`). */
export const JUJU_LOG_THRESHOLD = 40;
