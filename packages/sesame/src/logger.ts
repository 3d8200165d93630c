/**
 * Where Sesame writes warnings and store errors, and how it talks to the loggers people use.
 * Loggers disagree on argument order: console and winston take `(message, details)`, pino (and
 * bunyan) take `(details, message)` and treat a second argument as a printf value, so details
 * passed the console way vanish from a pino record (issue 11). Sesame detects pino and swaps the
 * arguments; {@link objectFirstLogger} does the same for any other logger of that shape.
 *
 * @module
 */

/**
 * The logger Sesame calls: a message, then optional structured details (`code`, `operation`, …).
 * `console` and winston loggers fit as they are; pino loggers are detected and adapted.
 *
 * @example
 * createSessions({ store, secrets, logger: console });
 * createSessions({ store, secrets, logger: pino() }); // details land in the record's fields
 * createSessions({ store, secrets, logger: winston.createLogger({ transports: [...] }) });
 */
export interface Logger {
  /** Something is wrong with the setup but requests are still served (an insecure transport, a missing secret). */
  warn(message: string, details?: Record<string, unknown>): void;
  /** A failure: the store failed or timed out, an `onEvent` handler threw. */
  error(message: string, details?: Record<string, unknown>): void;
}

/** A logger that takes the details object first and the message second (pino, bunyan). */
export interface ObjectFirstLogger {
  /** Log a warning: `details` become fields of the record, `message` its message. */
  warn(details: Record<string, unknown>, message?: string): void;
  /** Log an error: `details` become fields of the record, `message` its message. */
  error(details: Record<string, unknown>, message?: string): void;
}

/**
 * Adapt a logger that takes `(details, message)` to Sesame's `(message, details)`. Pino loggers
 * are recognised without it; use it for bunyan or another logger of that shape.
 *
 * @example
 * import bunyan from 'bunyan';
 * createSessions({ store, secrets, logger: objectFirstLogger(bunyan.createLogger({ name: 'app' })) });
 */
export function objectFirstLogger(target: ObjectFirstLogger): Logger {
  return {
    warn: (message, details) => target.warn(details ?? {}, message),
    error: (message, details) => target.error(details ?? {}, message),
  };
}

/**
 * Pino's loggers, children included, have `bindings()` and a `levels.values` table; neither
 * console nor winston has both. Checked once, at startup.
 */
function isPino(logger: object): boolean {
  const candidate = logger as { bindings?: unknown; levels?: { values?: unknown } };
  return typeof candidate.bindings === 'function' && typeof candidate.levels?.values === 'object';
}

/** The logger to call with `(message, details)`: `logger` itself, or pino wrapped. */
export function toLogger(logger: Logger): Logger {
  return isPino(logger) ? objectFirstLogger(logger as unknown as ObjectFirstLogger) : logger;
}
