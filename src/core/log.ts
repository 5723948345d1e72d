/** The SDK's log: off by default above "warn", every line passed through `redact` so no key is written. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

export interface Logger {
  debug(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };
export const LOG_LEVELS = Object.keys(RANK) as LogLevel[];

export type Log = (level: Exclude<LogLevel, "off">, message: string) => void;

export function createLog(level: LogLevel, logger: Logger, redact: (text: string) => string): Log {
  return (lineLevel, message) => {
    if (RANK[lineLevel] <= RANK[level]) logger[lineLevel](`[ideogram-sdk] ${redact(message)}`);
  };
}

const MIN_SECRET_LENGTH = 6;

/** Replaces every occurrence of the secret (and of the header that carries it) in a text. */
export function redactor(secret: string | undefined): (text: string) => string {
  // A key of a few letters (a test's "k") would mangle every text it occurs in; real keys are long.
  if (!secret || secret.length < MIN_SECRET_LENGTH) return (text) => text;
  // The key as a server may echo it: as is, escaped in JSON (`\/`, `\u002b`), or percent-encoded.
  const forms = [...new Set([secret, JSON.stringify(secret).slice(1, -1), secret.replaceAll("/", "\\/"), encodeURIComponent(secret)])];
  // `includes` first: most texts (every header and body of a normal answer) hold no form of the key.
  return (text) => forms.reduce((redacted, form) => (redacted.includes(form) ? redacted.split(form).join("[redacted]") : redacted), text);
}

/** A copy of an error (and its causes) whose texts are redacted: an error keeps what a server sent. */
export function redactError(error: unknown, redact: (text: string) => string, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 4) return typeof error === "string" ? redact(error) : error;
  const copy = new Error(redact(error.message), error.cause === undefined ? {} : { cause: redactError(error.cause, redact, depth + 1) });
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") Object.assign(copy, { code });
  copy.stack = redact(error.stack ?? "");
  return copy;
}
