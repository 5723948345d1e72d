/**
 * The Ideogram client: options and their environment defaults, the `v3` and `legacy` namespaces, and the
 * one `call` path every endpoint goes through (validate, build, send, parse).
 */
import { prepareRequest, type PreparedRequest } from "./core/build";
import { isLoopback, readEnv } from "./core/env";
import { APIError, IdeogramError } from "./core/errors";
import { Limiter } from "./core/limiter";
import { LOG_LEVELS, createLog, redactor, type Log, type LogLevel, type Logger } from "./core/log";
import type { RetryPolicy } from "./core/retry";
import { send, type FetchFunction, type RequestOptions, type TransportConfig } from "./core/transport";
import { validate } from "./core/validate";
import { Budget, wasNotCharged, type Usage } from "./pricing/budget";
import { estimateCost, priceOf, roundUSD, type CostEstimate } from "./pricing/estimate";
import { platform } from "#platform";
import { Legacy } from "./resources/legacy";
import { V3 } from "./resources/v3";
import { endpoints, type EndpointName, type ParamsOf, type ResponseOf } from "./schemas/endpoints";
import type { ImageResponse, RemoveBackgroundResponse } from "./schemas/responses";
import type { EditWithPromptParams, RemoveBackgroundParams } from "./schemas/tools";

export type Provider = "aihubmix" | "ideogram";

export const DEFAULT_BASE_URLS: Record<Provider, string> = {
  aihubmix: "https://aihubmix.com/ideogram",
  ideogram: "https://api.ideogram.ai",
};

export interface ClientOptions {
  /** Default: AIHUBMIX_API_KEY, then IDEOGRAM_API_KEY (IDEOGRAM_API_KEY first when provider is "ideogram"). */
  apiKey?: string | undefined;
  /** Picks the default base URL and price table. Default "aihubmix". */
  provider?: Provider | undefined;
  /** Default: IDEOGRAM_BASE_URL, else the provider's. `http:` is refused unless the host is loopback. */
  baseURL?: string | undefined;
  /** Milliseconds per attempt, up to the end of the response body. Default 180 000 (3 minutes). */
  timeout?: number | undefined;
  /** Default 2. Which failures are retried is set by `retryPolicy`. */
  maxRetries?: number | undefined;
  /** "safe" (default): only failures that mean nothing was processed. "all": also those that may have been charged. */
  retryPolicy?: RetryPolicy | undefined;
  /** Requests in flight at once for this client; the rest wait their turn. Default 10 (Ideogram's limit). */
  maxConcurrency?: number | undefined;
  /** A fetch implementation. Default: the global fetch (on Node, through a proxy when HTTP(S)_PROXY is set). */
  fetch?: FetchFunction | typeof fetch | undefined;
  /**
   * Node only: an undici `Dispatcher` (an `Agent`, `ProxyAgent`, ...) for every request. Without it, Node
   * honours HTTPS_PROXY / HTTP_PROXY and NO_PROXY through undici's EnvHttpProxyAgent.
   */
  dispatcher?: unknown;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string> | undefined;
  /** Optional spending cap in US dollars. */
  budgetUSD?: number | undefined;
  /** Default "warn", or IDEOGRAM_LOG. */
  logLevel?: LogLevel | undefined;
  /** Default: console. Every line is redacted. */
  logger?: Logger | undefined;
}

const DEFAULT_TIMEOUT = 180_000;
const DEFAULT_MAX_RETRIES = 2;
const DEFAULT_MAX_CONCURRENCY = 10;

export class Ideogram {
  readonly provider: Provider;
  readonly baseURL: string;
  readonly timeout: number;
  readonly maxRetries: number;
  readonly retryPolicy: RetryPolicy;
  readonly maxConcurrency: number;
  readonly budgetUSD: number | undefined;

  /** Ideogram 3.0 endpoints. */
  readonly v3: V3;
  /** Endpoints of the V_1, V_2 and V_2A models. */
  readonly legacy: Legacy;

  // Private fields: invisible to JSON.stringify, util.inspect and property enumeration, so the key never leaks.
  readonly #apiKey: string;
  readonly #defaultHeaders: Record<string, string>;
  readonly #transport: TransportConfig;
  readonly #log: Log;
  readonly #budget: Budget;
  #usage: Usage = { requests: 0, images: 0, usd: 0 };

  constructor(options: ClientOptions = {}) {
    this.provider = checkProvider(options.provider);
    const apiKey = options.apiKey ?? apiKeyFromEnv(this.provider);
    if (!apiKey) {
      throw new IdeogramError(
        `Missing API key: pass { apiKey } or set ${ENV_KEYS[this.provider].join(" or ")}. (Pricing, buildRequest and the CLI's --dry-run need none.)`,
      );
    }
    // A key a header cannot carry would make every request throw a TypeError that quotes it.
    if (!/^[\x21-\x7e]+$/.test(apiKey)) {
      throw new IdeogramError("apiKey has characters an HTTP header cannot carry (a space, a line break or a non-ASCII letter?); check how it was read.");
    }
    this.#apiKey = apiKey;
    this.baseURL = checkBaseURL(options.baseURL ?? readEnv("IDEOGRAM_BASE_URL") ?? DEFAULT_BASE_URLS[this.provider]);
    this.timeout = positive("timeout", options.timeout ?? DEFAULT_TIMEOUT);
    this.maxRetries = wholeNumber("maxRetries", options.maxRetries ?? DEFAULT_MAX_RETRIES);
    this.retryPolicy = options.retryPolicy ?? "safe";
    if (this.retryPolicy !== "safe" && this.retryPolicy !== "all") {
      throw new IdeogramError(`retryPolicy must be "safe" or "all" (got ${JSON.stringify(this.retryPolicy)})`);
    }
    this.maxConcurrency = wholeNumber("maxConcurrency", options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY, 1);
    this.budgetUSD = options.budgetUSD;
    if (this.budgetUSD !== undefined && !(this.budgetUSD >= 0 && Number.isFinite(this.budgetUSD))) {
      throw new IdeogramError(`budgetUSD must be a number of dollars of at least 0 (got ${this.budgetUSD})`);
    }
    this.#budget = new Budget(this.budgetUSD);
    this.#defaultHeaders = { ...options.defaultHeaders };

    const redact = redactor(apiKey);
    const logger = options.logger ?? console;
    if (options.logLevel !== undefined && !LOG_LEVELS.includes(options.logLevel)) {
      throw new IdeogramError(`logLevel must be one of ${LOG_LEVELS.join(", ")} (got ${JSON.stringify(options.logLevel)})`);
    }
    // The environment's level is read leniently: a typo there should not stop the app.
    const fromEnv = readEnv("IDEOGRAM_LOG")?.toLowerCase() as LogLevel | undefined;
    const envLevel = fromEnv && LOG_LEVELS.includes(fromEnv) ? fromEnv : undefined;
    this.#log = createLog(options.logLevel ?? envLevel ?? "warn", logger, redact);
    if (fromEnv && !envLevel) this.#log("warn", `IDEOGRAM_LOG=${fromEnv} is not one of ${LOG_LEVELS.join(", ")}; using "warn".`);

    const customFetch = (options.fetch as FetchFunction | undefined) ?? platform.proxiedFetch(options.dispatcher);
    this.#transport = {
      // Called as a method of globalThis (Workers throw "Illegal invocation" otherwise), and looked up at call
      // time so that a fetch patched later (msw) is used.
      fetch: customFetch ? (input, init) => customFetch(input, init) : (input, init) => globalThis.fetch(input, init),
      timeout: this.timeout,
      maxRetries: this.maxRetries,
      retryPolicy: this.retryPolicy,
      limiter: new Limiter(this.maxConcurrency),
      log: this.#log,
      redact,
      notFoundHint: (prepared) =>
        this.provider === "aihubmix" && endpoints[prepared.endpoint].documentedBy === "ideogram"
          ? `The AiHubMix gateway does not document ${prepared.endpoint}; it is Ideogram's own API: try new Ideogram({ provider: "ideogram" }).`
          : undefined,
    };

    this.v3 = new V3(this);
    this.legacy = new Legacy(this);
  }

  /** Remove the background of an image. Ideogram's API (not on the gateway's page). */
  removeBackground(params: RemoveBackgroundParams, options?: RequestOptions): Promise<RemoveBackgroundResponse> {
    return this.call("removeBackground", params, options);
  }

  /** Edit up to 10 images with an instruction, without a mask. Ideogram's API (not on the gateway's page). */
  editWithPrompt(params: EditWithPromptParams, options?: RequestOptions): Promise<ImageResponse> {
    return this.call("editWithPrompt", params, options);
  }

  /**
   * Validates, builds and sends a call of any endpoint; resolves to the parsed response. With `budgetUSD`,
   * the call's estimate is reserved before it is sent and refused if it would pass the budget.
   */
  async call<E extends EndpointName>(endpoint: E, params: ParamsOf<E>, options: RequestOptions = {}): Promise<ResponseOf<E>> {
    return (await this.callWithResponse(endpoint, params, options)).data;
  }

  /**
   * Like `call`, and also resolves to the HTTP status and headers of the answer (redacted), for callers
   * that need them (request ids, rate-limit headers, the AI SDK's `response.headers`).
   */
  async callWithResponse<E extends EndpointName>(
    endpoint: E,
    params: ParamsOf<E>,
    options: RequestOptions = {},
  ): Promise<{ data: ResponseOf<E>; response: { status: number; headers: Headers } }> {
    if (options.timeout !== undefined) positive("timeout", options.timeout);
    if (options.maxRetries !== undefined) wholeNumber("maxRetries", options.maxRetries);
    const started = Date.now();
    const prepared = await this.prepare(endpoint, params, options);
    const price = priceOf(endpoint, prepared.params, this.provider);
    const reservation = this.#budget.reserve(price.usd, price.reason);
    let response: ResponseOf<E>;
    let raw: Awaited<ReturnType<typeof send>>;
    try {
      raw = await send(prepared, options, this.#transport, () => reservation.add(price.usd));
      response = parseResponse(endpoint, raw.status, raw.headers, raw.text);
    } catch (error) {
      if (wasNotCharged(error)) reservation.release();
      else reservation.spend();
      this.#log("info", `${endpoint} failed after ${Date.now() - started} ms: ${(error as Error).message.split("\n")[0]}`);
      throw error;
    }
    reservation.spend();
    this.#log("info", `${endpoint} answered in ${Date.now() - started} ms${price.usd === undefined ? "" : `, estimated $${price.usd}`}`);
    // The images the server returned; without a `data` list (layerize, describe), the estimate's count.
    const images = "data" in response && Array.isArray(response.data) ? response.data.length : price.images;
    this.#usage.requests++;
    this.#usage.images += images;
    if (price.unitUSD !== undefined) {
      this.#usage.usd = roundUSD(this.#usage.usd + price.unitUSD * (price.per === "input" ? 1 : images));
    }
    return { data: response, response: { status: raw.status, headers: raw.headers } };
  }

  /** What a call would cost with this client's provider (params without their files will do). */
  estimateCost<E extends EndpointName>(endpoint: E, params: Parameters<typeof estimateCost<E>>[1]): CostEstimate {
    return estimateCost(endpoint, params, { provider: this.provider });
  }

  /** The calls this client has had answered, the images they returned and their estimated cost. */
  get usage(): Usage {
    return { ...this.#usage };
  }

  /** Sets `usage` back to zero (the budget keeps what was spent). */
  resetUsage(): void {
    this.#usage = { requests: 0, images: 0, usd: 0 };
  }

  /** Spent plus reserved against `budgetUSD`, in US dollars. */
  get committedUSD(): number {
    return this.#budget.committedUSD;
  }

  /** The request a call would send, validated but not sent. */
  prepare(endpoint: EndpointName, params: unknown, options: Pick<RequestOptions, "headers"> = {}): Promise<PreparedRequest> {
    const headers = new Headers(this.#defaultHeaders);
    if (options.headers) new Headers(options.headers).forEach((value, name) => headers.set(name, value));
    return prepareRequest(endpoint, params, { baseURL: this.baseURL, apiKey: this.#apiKey, headers });
  }

  toJSON(): Record<string, unknown> {
    return { provider: this.provider, baseURL: this.baseURL, timeout: this.timeout, maxRetries: this.maxRetries, retryPolicy: this.retryPolicy, maxConcurrency: this.maxConcurrency };
  }
}

/** A 2xx body must be the JSON the endpoint returns; anything else is an APIError with the status. */
export function parseResponse<E extends EndpointName>(endpoint: E, status: number, headers: Headers, text: string): ResponseOf<E> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    const what = text.trim() ? (/^\s*</.test(text) ? "an HTML page" : "not valid JSON (truncated?)") : "empty";
    throw new APIError(status, `${status} response body is ${what}, not the JSON ${endpoint} returns.`, { headers, body: text.slice(0, 2000) });
  }
  try {
    return validate(endpoints[endpoint].response, body, endpoint) as ResponseOf<E>;
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n").slice(1).join("; ").trim() : "";
    throw new APIError(status, `${status} response does not have the shape ${endpoint} returns: ${detail}`, { headers, body });
  }
}

/** Where each provider's key is looked for, in order. */
export const ENV_KEYS: Record<Provider, string[]> = {
  aihubmix: ["AIHUBMIX_API_KEY", "IDEOGRAM_API_KEY"],
  ideogram: ["IDEOGRAM_API_KEY", "AIHUBMIX_API_KEY"],
};

export function apiKeyFromEnv(provider: Provider): string | undefined {
  return ENV_KEYS[provider].map(readEnv).find(Boolean);
}

export function checkProvider(provider: Provider | undefined): Provider {
  const value = provider ?? "aihubmix";
  if (!Object.hasOwn(DEFAULT_BASE_URLS, value)) throw new IdeogramError(`provider must be "aihubmix" or "ideogram" (got ${JSON.stringify(value)})`);
  return value;
}

/** A base URL must be https, or http on a loopback host, so the key never travels in clear text. */
export function checkBaseURL(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new IdeogramError(`baseURL is not a URL (got ${JSON.stringify(value)})`);
  }
  const loopback = isLoopback(url);
  if (url.protocol === "http:" && !loopback) {
    throw new IdeogramError(`baseURL must use https: (http: is allowed only for loopback hosts, so the key never travels in clear text); got ${url.origin}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new IdeogramError(`baseURL must be an https: URL (got ${url.protocol})`);
  return value.replace(/\/+$/, "");
}

function positive(name: string, value: number): number {
  if (!(typeof value === "number" && value > 0 && Number.isFinite(value))) throw new IdeogramError(`${name} must be a positive number of milliseconds (got ${value})`);
  return value;
}

function wholeNumber(name: string, value: number, min = 0): number {
  if (!Number.isInteger(value) || value < min) throw new IdeogramError(`${name} must be a whole number of at least ${min} (got ${value})`);
  return value;
}
