import pino from "pino";

/**
 * The one logger. Structured JSON to stderr by default (stdout stays free for command output);
 * LOG_LEVEL picks the level, LOG_PRETTY=1 makes it human-readable.
 */
export const log = pino(
  {
    level: process.env.LOG_LEVEL ?? "info",
    base: undefined,
  },
  process.env.LOG_PRETTY === "1"
    ? pino.transport({ target: "pino-pretty", options: { destination: 2 } })
    : pino.destination(2),
);

export type Logger = typeof log;
