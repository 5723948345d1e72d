/**
 * Which failures are retried, and how long to wait. Every call is a paid request: under the default "safe"
 * policy only failures that mean the request was not processed are retried.
 */
import { APIConnectionError, APIError, APITimeoutError } from "./errors";

export type RetryPolicy = "safe" | "all";

/** Statuses that say the request was not processed (nothing charged). */
const SAFE_STATUSES = new Set([408, 429, 503]);
/** Statuses that may follow a processed (charged) request; retried only under "all". */
const RISKY_STATUSES = new Set([409, 500, 502, 504]);

export const MAX_RETRY_AFTER_SECONDS = 60;
const INITIAL_DELAY = 0.5;
const MAX_DELAY = 8;

export function isRetryable(error: unknown, policy: RetryPolicy): boolean {
  if (error instanceof APIError) {
    return SAFE_STATUSES.has(error.status) || (policy === "all" && RISKY_STATUSES.has(error.status));
  }
  if (error instanceof APITimeoutError) return policy === "all";
  if (error instanceof APIConnectionError) return error.beforeRequestSent || policy === "all";
  return false;
}

/** Seconds to wait before retry number `retry` (0-based): Retry-After when given, else backoff with jitter. */
export function retryDelay(retry: number, retryAfter: number | undefined, random = Math.random): number {
  if (retryAfter !== undefined) return retryAfter;
  const delay = Math.min(INITIAL_DELAY * 2 ** retry, MAX_DELAY);
  return delay * (1 - random() * 0.25);
}

/** Retry-After as seconds (`"5"`) or an HTTP date, and the `retry-after-ms` some gateways send. */
export function parseRetryAfter(headers: Headers, now = Date.now()): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms) / 1000;
  const value = headers.get("retry-after")?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  if (/^[-+\d.]+$/.test(value)) return undefined; // a negative or malformed number, not a date
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, (date - now) / 1000);
}
