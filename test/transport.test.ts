/**
 * The transport against a real local HTTP server (and msw where that is simpler): headers, the retry policy,
 * Retry-After, per-attempt timeouts, aborts, the concurrency limit, redirects and the fetch option.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { http, HttpResponse } from "msw";
import { setupServer } from "msw/node";
import {
  APIConnectionError, APIError, APITimeoutError, APIUserAbortError, IdeogramError, Ideogram, RateLimitError,
  type ClientOptions,
} from "ideogram-sdk";
import { parseRetryAfter, retryDelay } from "../src/core/retry";
import { IMAGE_RESPONSE, json, startCaptureServer, type CaptureServer, type Handler } from "./helpers/capture-server";

const KEY = "sk-test-transport-KEY-42";
const PARAMS = { prompt: "a lighthouse at dusk" };
const GENERATE_PATH = "/v1/ideogram-v3/generate";

// ---------- helpers ----------

const servers: CaptureServer[] = [];
let msw: ReturnType<typeof setupServer> | undefined;

async function server(handler?: Handler): Promise<CaptureServer> {
  const started = await startCaptureServer(handler);
  servers.push(started);
  return started;
}

afterEach(async () => {
  vi.restoreAllMocks();
  msw?.close();
  msw = undefined;
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

function client(baseURL: string, options: ClientOptions = {}): Ideogram {
  return new Ideogram({ apiKey: KEY, baseURL, logLevel: "off", ...options });
}

/** Resolves with the rejection of a promise (fails the test if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it resolved");
}

/** Answers with a status (and a Retry-After: 0 so that allowed retries do not wait). */
function answer(status: number, headers: Record<string, string> = { "retry-after": "0" }): Handler {
  return (_request, res) => json(res, status, { error: `status ${status}` }, headers);
}

/** A handler that holds every request until the test releases it. */
function holding() {
  const held: Array<{ res: ServerResponse; release: () => void }> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const handler: Handler = (_request, res) =>
    new Promise<void>((resolve) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      res.on("close", () => inFlight--);
      held.push({
        res,
        release: () => {
          json(res, 200, IMAGE_RESPONSE);
          resolve();
        },
      });
    });
  return {
    handler,
    held,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A port on 127.0.0.1 with nothing listening. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The client's fetch, counting calls (for failures where no server can count). */
function countingFetch() {
  const calls: string[] = [];
  const fetch = (input: string, init: RequestInit) => {
    calls.push(input);
    return globalThis.fetch(input, init);
  };
  return { fetch, calls };
}

// ---------- headers ----------

describe("headers", () => {
  it("sends the key in Api-Key, the default headers and the call's headers", async () => {
    const s = await server();
    const c = client(s.baseURL, { defaultHeaders: { "X-Team": "imaging", "X-Trace": "default" } });
    const result = await c.v3.generate(PARAMS, { headers: { "X-Call": "one" } });
    expect(result.data[0]?.seed).toBe(12345);
    expect(s.requests).toHaveLength(1);
    const sent = s.requests[0]!;
    expect(sent.method).toBe("POST");
    expect(sent.url).toBe(GENERATE_PATH);
    expect(sent.headers["api-key"]).toBe(KEY);
    expect(sent.headers["x-team"]).toBe("imaging");
    expect(sent.headers["x-trace"]).toBe("default");
    expect(sent.headers["x-call"]).toBe("one");
  });

  it("lets a call's headers override the default headers", async () => {
    const s = await server();
    const c = client(s.baseURL, { defaultHeaders: { "X-Trace": "default" } });
    await c.v3.generate(PARAMS, { headers: new Headers({ "x-trace": "per-call" }) });
    await c.v3.generate(PARAMS);
    expect(s.requests[0]!.headers["x-trace"]).toBe("per-call");
    expect(s.requests[1]!.headers["x-trace"]).toBe("default");
    expect(s.requests[1]!.headers["x-call"]).toBeUndefined();
  });
});

// ---------- the retry policy ----------

describe('retry policy "safe" (default)', () => {
  it.each([408, 429, 503])("retries %i, then fails after maxRetries + 1 attempts", async (status) => {
    const s = await server(answer(status));
    const error = await rejection(client(s.baseURL, { maxRetries: 2 }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(status);
    expect(s.requests).toHaveLength(3);
  });

  it("resolves when a 429 is followed by a success", async () => {
    const s = await server();
    let count = 0;
    s.handle((request, res) => (++count === 1 ? answer(429)(request, res, undefined as never) : json(res, 200, IMAGE_RESPONSE)));
    const result = await client(s.baseURL).v3.generate(PARAMS);
    expect(result).toMatchObject(IMAGE_RESPONSE);
    expect(s.requests).toHaveLength(2);
    // every retry resends the whole request
    expect(s.requests[1]!.body.equals(s.requests[0]!.body)).toBe(true);
    expect(s.requests[1]!.headers["api-key"]).toBe(KEY);
  });

  it.each([400, 401, 403, 404, 409, 422, 500, 502, 504])("does not retry %i (1 attempt)", async (status) => {
    const s = await server(answer(status));
    const error = await rejection(client(s.baseURL, { maxRetries: 3 }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(status);
    expect(s.requests).toHaveLength(1);
  });

  it("retries a refused connection: APIConnectionError with beforeRequestSent after maxRetries + 1 attempts", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999); // shortest backoff
    const port = await closedPort();
    const { fetch, calls } = countingFetch();
    const error = await rejection(client(`http://127.0.0.1:${port}`, { maxRetries: 2, fetch }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect((error as APIConnectionError).beforeRequestSent).toBe(true);
    expect(calls).toHaveLength(3);
  });

  it("does not retry a connection the server dropped after reading the request", async () => {
    const s = await server((_request, _res, raw) => void raw.socket.destroy());
    const error = await rejection(client(s.baseURL, { maxRetries: 2 }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect((error as APIConnectionError).beforeRequestSent).toBe(false);
    expect(s.requests).toHaveLength(1);
  });

  it("does not retry a timeout: APITimeoutError after 1 attempt", async () => {
    const hold = holding();
    const s = await server(hold.handler);
    const error = await rejection(client(s.baseURL, { maxRetries: 2, timeout: 200 }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(s.requests).toHaveLength(1);
  });
});

describe('retry policy "all"', () => {
  beforeEach(() => {
    vi.spyOn(Math, "random").mockReturnValue(0.999); // shortest backoff
  });

  it.each([409, 500, 502, 504, 408, 429, 503])("retries %i", async (status) => {
    const s = await server(answer(status));
    const error = await rejection(client(s.baseURL, { maxRetries: 2, retryPolicy: "all" }).v3.generate(PARAMS));
    expect((error as APIError).status).toBe(status);
    expect(s.requests).toHaveLength(3);
  });

  it.each([400, 401, 403, 404, 422])("still does not retry %i", async (status) => {
    const s = await server(answer(status));
    await rejection(client(s.baseURL, { maxRetries: 2, retryPolicy: "all" }).v3.generate(PARAMS));
    expect(s.requests).toHaveLength(1);
  });

  it("retries a connection the server dropped after reading the request", async () => {
    const s = await server((_request, _res, raw) => void raw.socket.destroy());
    const error = await rejection(client(s.baseURL, { maxRetries: 1, retryPolicy: "all" }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(s.requests).toHaveLength(2);
  });

  it("retries a timeout: APITimeoutError after maxRetries + 1 attempts", async () => {
    const hold = holding();
    const s = await server(hold.handler);
    const error = await rejection(client(s.baseURL, { maxRetries: 1, timeout: 200, retryPolicy: "all" }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(s.requests).toHaveLength(2);
  });
});

describe("maxRetries", () => {
  it("maxRetries: 0 for a call means one attempt, overriding the client's", async () => {
    const s = await server(answer(503));
    const c = client(s.baseURL, { maxRetries: 3 });
    await rejection(c.v3.generate(PARAMS, { maxRetries: 0 }));
    expect(s.requests).toHaveLength(1);
  });

  it("a call's maxRetries overrides the client's upwards too", async () => {
    const s = await server(answer(503));
    const c = client(s.baseURL, { maxRetries: 0 });
    await rejection(c.v3.generate(PARAMS, { maxRetries: 2 }));
    expect(s.requests).toHaveLength(3);
  });

  it("defaults to 2 retries (3 attempts)", async () => {
    const s = await server(answer(429));
    const c = client(s.baseURL);
    expect(c.maxRetries).toBe(2);
    await rejection(c.v3.generate(PARAMS));
    expect(s.requests).toHaveLength(3);
  });
});

// ---------- Retry-After and backoff ----------

describe("Retry-After", () => {
  /** Arrival times of the requests, by the server's clock. */
  function timed(first: Handler, then: Handler) {
    const arrivals: number[] = [];
    const handler: Handler = (request, res, raw) => {
      arrivals.push(performance.now());
      return (arrivals.length === 1 ? first : then)(request, res, raw);
    };
    return { handler, arrivals };
  }
  const ok: Handler = (_request, res) => json(res, 200, IMAGE_RESPONSE);

  it("waits the seconds of Retry-After (longer than the backoff would)", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999); // backoff would be under 0.5 s
    const t = timed(answer(429, { "retry-after": "1" }), ok);
    const s = await server(t.handler);
    await client(s.baseURL).v3.generate(PARAMS);
    expect(s.requests).toHaveLength(2);
    expect(t.arrivals[1]! - t.arrivals[0]!).toBeGreaterThanOrEqual(900);
  });

  it("waits until the HTTP date of Retry-After", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0.999);
    // Whole seconds: 2 s from now is between 1 and 2 s away.
    const t = timed((request, res, raw) => answer(503, { "retry-after": new Date(Date.now() + 2000).toUTCString() })(request, res, raw), ok);
    const s = await server(t.handler);
    await client(s.baseURL).v3.generate(PARAMS);
    expect(s.requests).toHaveLength(2);
    expect(t.arrivals[1]! - t.arrivals[0]!).toBeGreaterThanOrEqual(900);
  });

  it("Retry-After: 0 retries at once", async () => {
    const s = await server(answer(503, { "retry-after": "0" }));
    const started = performance.now();
    await rejection(client(s.baseURL, { maxRetries: 2 }).v3.generate(PARAMS));
    expect(s.requests).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("a Retry-After over 60 s fails at once with RateLimitError carrying retryAfter", async () => {
    const s = await server(answer(429, { "retry-after": "120" }));
    const started = performance.now();
    const error = await rejection(client(s.baseURL, { maxRetries: 2 }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(120);
    expect(s.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("an HTTP-date Retry-After over 60 s away fails at once too", async () => {
    const s = await server((request, res, raw) => answer(429, { "retry-after": new Date(Date.now() + 600_000).toUTCString() })(request, res, raw));
    const error = await rejection(client(s.baseURL, { maxRetries: 2 }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBeGreaterThan(590);
    expect((error as RateLimitError).retryAfter).toBeLessThanOrEqual(600);
    expect(s.requests).toHaveLength(1);
  });
});

describe("parseRetryAfter and retryDelay", () => {
  const now = Date.UTC(2025, 0, 2, 3, 4, 5);

  it("parses seconds", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": "5" }), now)).toBe(5);
    expect(parseRetryAfter(new Headers({ "retry-after": "0" }), now)).toBe(0);
    expect(parseRetryAfter(new Headers({ "retry-after": " 120 " }), now)).toBe(120);
  });

  it("parses an HTTP date relative to now", () => {
    expect(parseRetryAfter(new Headers({ "retry-after": new Date(now + 30_000).toUTCString() }), now)).toBe(30);
    expect(parseRetryAfter(new Headers({ "retry-after": "Thu, 02 Jan 2025 03:05:05 GMT" }), now)).toBe(60);
    // a date in the past means: now
    expect(parseRetryAfter(new Headers({ "retry-after": new Date(now - 30_000).toUTCString() }), now)).toBe(0);
  });

  it("gives undefined when there is none or it is not understood", () => {
    expect(parseRetryAfter(new Headers(), now)).toBeUndefined();
    expect(parseRetryAfter(new Headers({ "retry-after": "soon" }), now)).toBeUndefined();
  });

  it("uses Retry-After as the delay, whatever the jitter", () => {
    expect(retryDelay(0, 7, () => 0.5)).toBe(7);
    expect(retryDelay(3, 0, () => 0.5)).toBe(0);
  });

  it("backs off exponentially, capped", () => {
    const nominal = [0, 1, 2, 3, 4, 5, 6].map((retry) => retryDelay(retry, undefined, () => 0));
    expect(nominal[0]).toBeGreaterThan(0);
    for (let i = 1; i < 5; i++) expect(nominal[i]).toBeCloseTo(nominal[i - 1]! * 2, 10);
    expect(nominal[6]).toBe(nominal[5]); // capped
    expect(nominal[6]).toBeLessThanOrEqual(60);
  });

  it("jitters within 0.75..1 of the nominal delay", () => {
    for (const retry of [0, 1, 2, 3]) {
      const nominal = retryDelay(retry, undefined, () => 0);
      expect(retryDelay(retry, undefined, () => 0.999999) / nominal).toBeCloseTo(0.75, 4);
      expect(retryDelay(retry, undefined, () => 0.5) / nominal).toBeCloseTo(0.875, 10);
      for (const r of [0.1, 0.37, 0.62, 0.9]) {
        const ratio = retryDelay(retry, undefined, () => r) / nominal;
        expect(ratio).toBeGreaterThanOrEqual(0.75);
        expect(ratio).toBeLessThanOrEqual(1);
      }
    }
    // different random values give different delays (there is jitter)
    expect(retryDelay(1, undefined, () => 0.2)).not.toBe(retryDelay(1, undefined, () => 0.8));
  });
});

// ---------- timeout ----------

describe("timeout", () => {
  it("covers the body: headers at once, body stalled -> APITimeoutError", async () => {
    const s = await server((_request, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.write('{"created":"2000-01-23T04:56:07Z","data":[');
      // ...and never ends
    });
    const started = performance.now();
    const error = await rejection(client(s.baseURL, { timeout: 300 }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(s.requests).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(3000);
  });

  it("a call's timeout overrides the client's", async () => {
    const hold = holding();
    const s = await server(hold.handler);
    const started = performance.now();
    const error = await rejection(client(s.baseURL, { timeout: 60_000 }).v3.generate(PARAMS, { timeout: 200 }));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(performance.now() - started).toBeLessThan(3000);
  });
});

// ---------- abort ----------

describe("abort", () => {
  it("aborting while in flight gives APIUserAbortError quickly, not retried", async () => {
    const hold = holding();
    const s = await server(hold.handler);
    const controller = new AbortController();
    const call = rejection(client(s.baseURL, { maxRetries: 2, retryPolicy: "all" }).v3.generate(PARAMS, { signal: controller.signal }));
    await vi.waitFor(() => expect(s.requests).toHaveLength(1));
    const started = performance.now();
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(error).toBeInstanceOf(IdeogramError);
    expect(performance.now() - started).toBeLessThan(2000);
    await pause(100);
    expect(s.requests).toHaveLength(1);
  });

  it("a signal already aborted sends nothing", async () => {
    const s = await server();
    const error = await rejection(client(s.baseURL).v3.generate(PARAMS, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    await pause(50);
    expect(s.requests).toHaveLength(0);
  });

  it("aborting during the wait before a retry stops the retry", async () => {
    const s = await server(answer(429, { "retry-after": "30" }));
    const controller = new AbortController();
    const call = rejection(client(s.baseURL, { maxRetries: 2 }).v3.generate(PARAMS, { signal: controller.signal }));
    await vi.waitFor(() => expect(s.requests).toHaveLength(1));
    await pause(50); // the response is in; the client is waiting 30 s
    const started = performance.now();
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(s.requests).toHaveLength(1);
  });

  it("aborting while queued for a slot leaves the queue and sends nothing", async () => {
    const hold = holding();
    const s = await server(hold.handler);
    const c = client(s.baseURL, { maxConcurrency: 1 });
    const first = c.v3.generate(PARAMS, { headers: { "x-call": "first" } });
    await vi.waitFor(() => expect(hold.held).toHaveLength(1));

    const controller = new AbortController();
    const queued = rejection(c.v3.generate(PARAMS, { signal: controller.signal, headers: { "x-call": "queued" } }));
    const third = c.v3.generate(PARAMS, { headers: { "x-call": "third" } });
    await pause(50);
    const started = performance.now();
    controller.abort();
    const error = await queued;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(s.requests).toHaveLength(1);

    hold.held[0]!.release();
    await first;
    // the slot goes to the next one still waiting, not to the aborted call
    await vi.waitFor(() => expect(hold.held).toHaveLength(2));
    hold.held[1]!.release();
    await third;
    expect(s.requests.map((r) => r.headers["x-call"])).toEqual(["first", "third"]);
  });
});

// ---------- concurrency ----------

describe("concurrency", () => {
  it("never has more than maxConcurrency requests in flight, and all calls succeed", async () => {
    const hold = holding();
    const s = await server(hold.handler);
    const c = client(s.baseURL, { maxConcurrency: 3 });
    const calls = Array.from({ length: 10 }, () => c.v3.generate(PARAMS));
    let released = 0;
    while (released < 10) {
      await vi.waitFor(() => expect(hold.held.length).toBeGreaterThan(released));
      await pause(30); // give extra requests a chance to arrive if the limit leaked
      expect(hold.inFlight).toBeLessThanOrEqual(3);
      hold.held[released++]!.release();
    }
    const results = await Promise.all(calls);
    expect(results).toHaveLength(10);
    for (const result of results) expect(result).toMatchObject(IMAGE_RESPONSE);
    expect(s.requests).toHaveLength(10);
    expect(hold.maxInFlight).toBe(3);
  });

  it("defaults to 10 in flight", async () => {
    const hold = holding();
    const s = await server(hold.handler);
    const c = client(s.baseURL);
    expect(c.maxConcurrency).toBe(10);
    const calls = Array.from({ length: 12 }, () => c.v3.generate(PARAMS));
    await vi.waitFor(() => expect(hold.held).toHaveLength(10));
    await pause(100);
    expect(hold.held).toHaveLength(10);
    for (let i = 0; i < 12; i++) {
      await vi.waitFor(() => expect(hold.held.length).toBeGreaterThan(i));
      hold.held[i]!.release();
    }
    await Promise.all(calls);
    expect(hold.maxInFlight).toBe(10);
    expect(s.requests).toHaveLength(12);
  });
});

// ---------- redirects ----------

describe("redirects", () => {
  it("follows a 307 within the same origin with the Api-Key and the same body", async () => {
    const s = await server((request, res) => {
      if (request.url === GENERATE_PATH) {
        res.writeHead(307, { location: "/moved/generate" });
        res.end();
      } else json(res, 200, IMAGE_RESPONSE);
    });
    const result = await client(s.baseURL).v3.generate(PARAMS);
    expect(result).toMatchObject(IMAGE_RESPONSE);
    // Sent in fetch's "error" redirect mode first (no copy of the body kept), then again in "manual" mode to
    // read the Location (a 307 was not processed, so nothing is charged), then to the new place.
    expect(s.requests.map((r) => r.url)).toEqual([GENERATE_PATH, GENERATE_PATH, "/moved/generate"]);
    const [first, , second] = s.requests;
    expect(second!.method).toBe("POST");
    expect(second!.headers["api-key"]).toBe(KEY);
    expect(second!.headers["content-type"]).toBe(first!.headers["content-type"]);
    expect(second!.body.length).toBeGreaterThan(0);
    expect(second!.body.equals(first!.body)).toBe(true);
  });

  it("does not follow a 307 to another origin: the other server receives nothing", async () => {
    const other = await server();
    const s = await server((_request, res) => {
      res.writeHead(307, { location: `${other.baseURL}${GENERATE_PATH}` });
      res.end();
    });
    const error = await rejection(client(s.baseURL, { maxRetries: 2, retryPolicy: "all" }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(IdeogramError);
    expect(String((error as Error).message)).not.toContain(KEY);
    await pause(50);
    expect(other.requests).toHaveLength(0);
    expect(s.requests).toHaveLength(2); // once to meet the redirect, once to read where it points
  });
});

// ---------- the fetch option ----------

describe("fetch", () => {
  it("calls a custom fetch, as a plain function", async () => {
    const s = await server();
    const seen: string[] = [];
    const custom = function (this: unknown, input: string, init: RequestInit) {
      if (this !== undefined && this !== globalThis) throw new Error("fetch called with a foreign `this`");
      seen.push(input);
      return globalThis.fetch(input, init);
    };
    const result = await client(s.baseURL, { fetch: custom }).v3.generate(PARAMS);
    expect(result).toMatchObject(IMAGE_RESPONSE);
    expect(seen).toEqual([`${s.baseURL}${GENERATE_PATH}`]);
    expect(s.requests).toHaveLength(1);
  });

  it("uses only the custom fetch's answer", async () => {
    const custom = vi.fn(async () => Response.json({ ...IMAGE_RESPONSE, created: "from-custom-fetch" }));
    const result = await client("https://api.example.test", { fetch: custom }).v3.generate(PARAMS);
    expect(custom).toHaveBeenCalledTimes(1);
    expect(result.created).toBe("from-custom-fetch");
  });

  it("looks the global fetch up at call time (msw started after the client was made intercepts)", async () => {
    const c = client("https://msw.example.test/ideogram");
    let apiKey: string | null = null;
    const mock = setupServer(
      http.post("https://msw.example.test/ideogram/v1/ideogram-v3/generate", ({ request }) => {
        apiKey = request.headers.get("api-key");
        return HttpResponse.json({ ...IMAGE_RESPONSE, created: "from-msw" });
      }),
    );
    msw = mock;
    mock.listen({ onUnhandledRequest: "error" });
    const result = await c.v3.generate(PARAMS);
    expect(result.created).toBe("from-msw");
    expect(apiKey).toBe(KEY);
  });
});
