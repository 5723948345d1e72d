/**
 * Sends a prepared request: the concurrency limit, a timeout per attempt (up to the end of the body),
 * abort signals, redirects (same origin only), and retries as the retry policy allows.
 */
import { bodyInit, type PreparedRequest } from "./build";
import {
  APIConnectionError, APIError, APITimeoutError, APIUserAbortError, IdeogramError, RateLimitError, makeAPIError,
} from "./errors";
import type { Limiter } from "./limiter";
import { redactError, type Log } from "./log";
import { MAX_RETRY_AFTER_SECONDS, isRetryable, parseRetryAfter, retryDelay, type RetryPolicy } from "./retry";

/** Options for one call. */
export interface RequestOptions {
  /** Aborts the call, including a wait for a free slot or before a retry. */
  signal?: AbortSignal | undefined;
  /** Milliseconds for each attempt, up to the end of the response body. */
  timeout?: number | undefined;
  /** Retries for this call (the client's `maxRetries` otherwise). */
  maxRetries?: number | undefined;
  /** Extra headers for this call. */
  headers?: HeadersInit | undefined;
}

export type FetchFunction = (input: string, init: RequestInit & { duplex?: "half" }) => Promise<Response>;

export interface TransportConfig {
  fetch: FetchFunction;
  timeout: number;
  maxRetries: number;
  retryPolicy: RetryPolicy;
  limiter: Limiter;
  log: Log;
  /** Removes the API key from any text that goes into an error or a log. */
  redact: (text: string) => string;
  /** Added to the message of a 404 (e.g. which provider documents the endpoint). */
  notFoundHint?: (prepared: PreparedRequest) => string | undefined;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

const MAX_REDIRECTS = 5;

/** Called before a retry of a failure that may have been charged (only under the "all" policy). */
export type BeforeRiskyRetry = (error: IdeogramError) => void;

export async function send(
  prepared: PreparedRequest,
  options: RequestOptions,
  config: TransportConfig,
  beforeRiskyRetry?: BeforeRiskyRetry,
): Promise<RawResponse> {
  const maxRetries = options.maxRetries ?? config.maxRetries;
  const timeout = options.timeout ?? config.timeout;
  for (let retry = 0; ; retry++) {
    const attempt = retry + 1;
    try {
      await config.limiter.acquire(options.signal).catch((reason) => {
        throw new APIUserAbortError("Request was aborted while waiting for a free slot.", { cause: reason, beforeRequestSent: true });
      });
      let result: RawResponse;
      try {
        config.log("debug", `${prepared.method} ${prepared.url} (attempt ${attempt} of ${maxRetries + 1})`);
        result = await sendOnce(prepared, timeout, options.signal, config);
      } finally {
        config.limiter.release();
      }
      if (result.status >= 200 && result.status < 300) {
        config.log("debug", `${result.status} from ${prepared.url}`);
        return result;
      }
      throw makeAPIError(result.status, result.headers, result.text, {
        retryAfter: parseRetryAfter(result.headers),
        hint: result.status === 404 ? config.notFoundHint?.(prepared) : undefined,
      });
    } catch (error) {
      if (!(error instanceof IdeogramError)) throw error;
      const retryAfter = error instanceof APIError ? error.retryAfter : undefined;
      if (retry >= maxRetries || !isRetryable(error, config.retryPolicy)) throw error;
      if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_SECONDS) {
        if (error instanceof RateLimitError) {
          error.message += ` (Retry-After ${Math.round(retryAfter)} s is longer than the ${MAX_RETRY_AFTER_SECONDS} s the SDK waits)`;
        }
        throw error;
      }
      if (!isRetryable(error, "safe")) beforeRiskyRetry?.(error); // may buy twice: the budget counts it again, or stops here
      const delay = retryDelay(retry, retryAfter);
      config.log("warn", `${error.message.split("\n")[0]}; retrying in ${delay.toFixed(1)} s (retry ${attempt} of ${maxRetries})`);
      await sleep(delay * 1000, options.signal);
    }
  }
}

/** One attempt, following same-origin redirects. */
async function sendOnce(prepared: PreparedRequest, timeout: number, signal: AbortSignal | undefined, config: TransportConfig): Promise<RawResponse> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeout);
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) onAbort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const abortedBefore = signal?.aborted ?? false;
  const failure = (error: unknown, phase: "request" | "body"): IdeogramError => {
    // The cause is a redacted copy: a parser error, for one, keeps the bytes a server sent (an echoed key).
    const cause = redactError(error, config.redact);
    if (signal?.aborted) return new APIUserAbortError("Request was aborted.", { cause, beforeRequestSent: abortedBefore });
    if (timedOut) return new APITimeoutError(`Request timed out after ${timeout} ms.`, { cause });
    return new APIConnectionError(`Connection error: ${config.redact(describeCause(error))}`, {
      cause,
      beforeRequestSent: phase === "request" && isConnectFailure(error),
    });
  };
  try {
    let url = prepared.url;
    // "error" first: with any other mode fetch keeps a copy of the whole body while sending it (to replay it
    // on a redirect). Only when the server does redirect is the request sent again in "manual" mode.
    let redirect: RequestRedirect = "error";
    for (let redirects = 0; ; redirects++) {
      let response: Response;
      try {
        response = await config.fetch(url, {
          method: prepared.method,
          headers: prepared.headers,
          ...bodyInit(prepared),
          signal: controller.signal,
          redirect,
        });
      } catch (error) {
        if (redirect === "error" && isRedirectRefusal(error) && !controller.signal.aborted) {
          redirect = "manual";
          redirects--; // sent again to read the Location: not a redirect followed
          continue;
        }
        throw failure(error, "request");
      }
      // Every header that can reach an error or a log is redacted (a server may echo the key back).
      const headers = redactHeaders(response.headers, config.redact);
      const location = response.headers.get("location");
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel().catch(() => {});
        const next = new URL(location, url);
        if (next.origin !== new URL(prepared.url).origin) {
          throw new APIError(response.status, `${response.status} redirect to another origin (${next.origin}) not followed, so the API key is not sent there.`, { headers });
        }
        if (redirects >= MAX_REDIRECTS) throw new APIError(response.status, `${response.status} too many redirects.`, { headers });
        url = next.href;
        continue;
      }
      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        const cut = failure(error, "body");
        if (cut instanceof APIUserAbortError || cut instanceof APITimeoutError) throw cut;
        // The status came but the body was cut off: keep the status (a 200 here was processed, and charged).
        if (response.status >= 200 && response.status < 300) {
          throw new APIError(response.status, `${response.status} response body was cut off: ${config.redact(describeCause(error))}`, { headers });
        }
        text = "";
      }
      return { status: response.status, headers, text: config.redact(text) };
    }
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}

function redactHeaders(headers: Headers, redact: (text: string) => string): Headers {
  const copy = new Headers();
  headers.forEach((value, name) => copy.append(name, redact(value)));
  return copy;
}

/** Codes and messages (Node/undici, Bun, Deno) that mean no connection was made: nothing reached the server. */
const CONNECT_CODES = new Set([
  "ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT", "ConnectionRefused", "FailedToOpenSocket",
]);

function isConnectFailure(error: unknown): boolean {
  for (let current = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
    if (typeof current.code === "string" && CONNECT_CODES.has(current.code)) return true;
    if (typeof current.message === "string" && /connection refused|dns error|failed to lookup|getaddrinfo/i.test(current.message)) return true;
    current = current.cause as typeof current;
  }
  return false;
}

/** fetch's refusal of a redirect in "error" mode (undici: "unexpected redirect"; Deno, Bun: "redirect ..."). */
function isRedirectRefusal(error: unknown): boolean {
  return /redirect/i.test(describeCause(error));
}

function describeCause(error: unknown): string {
  const parts: string[] = [];
  for (let current = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined, depth = 0; current && depth < 4; depth++) {
    const text = [typeof current.code === "string" ? current.code : "", typeof current.message === "string" ? current.message : ""]
      .filter(Boolean)
      .join(" ");
    if (text && !parts.includes(text)) parts.push(text);
    current = current.cause as typeof current;
  }
  return parts.join(": ") || String(error);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new APIUserAbortError("Request was aborted.", { cause: signal.reason, beforeRequestSent: true }));
    const onAbort = () => {
      clearTimeout(timer);
      reject(new APIUserAbortError("Request was aborted while waiting to retry.", { cause: signal?.reason, beforeRequestSent: true }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
