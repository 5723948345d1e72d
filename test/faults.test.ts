/**
 * The SDK against a misbehaving network and server: a fault-injection server on 127.0.0.1 (one route per
 * scenario, see helpers/fault-server.ts) and a port with nothing listening. Each scenario asserts the typed
 * error (or the result), the number of attempts, the waits, and that nothing is left running: after every
 * test no socket of the client may still keep the process alive (the servers' own sockets aside), no timer
 * created during the test may still be pending, and no unhandled rejection or uncaught exception may have
 * fired. A child process also meets every kind of fault and must exit by itself. The exact Retry-After and
 * backoff waits are checked on a fake clock (real sockets, fake setTimeout and Date); the others with real
 * time and small values (1 s).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import {
  APIConnectionError, APIError, APITimeoutError, APIUserAbortError, AuthenticationError, BadRequestError, IdeogramError,
  Ideogram, InternalServerError, NotFoundError, PermissionDeniedError, RateLimitError, UnprocessableEntityError,
  buildRequest, type ClientOptions, type Logger,
} from "ideogram-sdk";
import {
  IMAGE_RESPONSE, cutBody, ok, redirect, refusedURL, resetBeforeResponse, resetMidUpload, respond, sequence, startFaultServer,
  type Behaviour, type FaultServer,
} from "./helpers/fault-server";
import { pngBytes } from "./helpers/images";

const KEY = "sk-fault-KEY-7f3a9c2e1b04";
const PARAMS = { prompt: "a lighthouse at dusk" };
const GENERATE = "/v1/ideogram-v3/generate";
const POLICIES = ["safe", "all"] as const;
/** The first two backoff delays with Math.random mocked to 0.999 (0.5 s and 1 s, less 25 % jitter). */
const BACKOFF_MS = [375, 750];
/** Timer slack: a wait may end a few ms early by the server's clock (clock granularity). */
const SLACK_MS = 25;

let server: FaultServer;
/** A second origin, for redirects to another origin: it must never receive anything. */
let other: FaultServer;

// ---------- process-level guards ----------

const crashes: unknown[] = [];
const onCrash = (reason: unknown) => void crashes.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onCrash);
  process.on("uncaughtException", onCrash);
  [server, other] = await Promise.all([startFaultServer(), startFaultServer()]);
});

afterAll(async () => {
  await Promise.all([server.close(), other.close()]);
  process.off("unhandledRejection", onCrash);
  process.off("uncaughtException", onCrash);
});

/**
 * Sockets that keep the event loop alive, the fault servers' own left out. Idle keep-alive sockets of
 * fetch's pool are unref'd: they do not keep a process alive, so they do not count.
 */
function clientSockets(): number {
  const sockets = process.getActiveResourcesInfo().filter((kind) => kind === "TCPSocketWrap").length;
  return sockets - server.openSockets - other.openSockets;
}

/** Every timer created during a test (by the SDK, fetch or the test), to find those still pending after it. */
const realSetTimeout = globalThis.setTimeout;
const timersCreated = new Set<ReturnType<typeof setTimeout>>();
function trackingSetTimeout(...args: Parameters<typeof setTimeout>) {
  const timer = realSetTimeout(...args);
  timersCreated.add(timer);
  return timer;
}
const pendingTimers = () =>
  [...timersCreated].filter((timer) => !(timer as unknown as { _destroyed: boolean })._destroyed && timer.hasRef());

beforeAll(() => {
  globalThis.setTimeout = trackingSetTimeout as typeof setTimeout;
});
afterAll(() => {
  globalThis.setTimeout = realSetTimeout;
});

let baselineSockets = 0;

beforeEach(async () => {
  await Promise.all([server.dropConnections(), other.dropConnections()]);
  server.resetCounts();
  other.resetCounts();
  baselineSockets = clientSockets();
  timersCreated.clear();
  crashes.length = 0;
});

afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  // Every call has settled: no socket of the client may still be open (it may take a few ms to close) and
  // no timer may be pending, before the server lets go of its connections.
  let sockets = clientSockets();
  for (let i = 0; i < 100 && sockets > baselineSockets; i++) {
    await new Promise((resolve) => realSetTimeout(resolve, 10));
    sockets = clientSockets();
  }
  const timers = pendingTimers().length;
  await Promise.all([server.dropConnections(), other.dropConnections()]);
  expect({ sockets, timers }, "a socket or timer was left running").toEqual({ sockets: baselineSockets, timers: 0 });
  expect(crashes, "an unhandled rejection or uncaught exception fired").toEqual([]);
});

// ---------- helpers ----------

function client(scenario: string, options: ClientOptions = {}): Ideogram {
  return new Ideogram({ apiKey: KEY, baseURL: server.url(scenario), logLevel: "off", ...options });
}

/** The rejection of a call (fails the test if the call resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it resolved");
}

/** The shortest backoff (0.375 s, then 0.75 s): Math.random mocked to 0.999. */
function shortestBackoff() {
  vi.spyOn(Math, "random").mockReturnValue(0.999);
}

/** A custom fetch that counts calls and their times (for failures no server sees). */
function countingFetch() {
  const times: number[] = [];
  const fetch = (input: string, init: RequestInit) => {
    times.push(performance.now());
    return globalThis.fetch(input, init);
  };
  return { fetch, times };
}

/** Polls without timers (safe under fake timers, which vi.waitFor would advance). */
async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** Lets pending I/O and microtasks run (a few event-loop turns, no timers). */
async function turns(count = 20): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
}

/** A logger that keeps every line (and its extra arguments, inspected). */
function captureLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const line = (level: string) => (message: string, ...rest: unknown[]) =>
    void lines.push(`${level} ${[message, ...rest].map((part) => (typeof part === "string" ? part : inspect(part, { depth: 10 }))).join(" ")}`);
  return { lines, logger: { debug: line("debug"), info: line("info"), warn: line("warn"), error: line("error") } };
}

/** A remix call whose upload is several MB, so that it is still being sent when the server resets. */
const BIG_IMAGE = new Uint8Array(Buffer.concat([pngBytes(2, 2), randomBytes(4 * 1024 * 1024)]));
const bigRemix = () => ({ prompt: "remix", image: new File([BIG_IMAGE], "big.png", { type: "image/png" }) });
let tempDir = "";
let bigImagePath = "";
beforeAll(async () => {
  tempDir = await mkdtemp(join(tmpdir(), "ideogram-faults-"));
  bigImagePath = join(tempDir, "big.png");
  await writeFile(bigImagePath, BIG_IMAGE);
});
afterAll(() => rm(tempDir, { recursive: true, force: true }));

function expectGapsAtLeast(gaps: number[], minimums: number[]) {
  expect(gaps).toHaveLength(minimums.length);
  gaps.forEach((gap, index) => expect(gap, `wait before retry ${index + 1}`).toBeGreaterThanOrEqual(minimums[index]! - SLACK_MS));
}

// ---------- connection refused ----------

describe("connection refused", () => {
  it.each(POLICIES)('is retried (nothing was sent) under "%s": APIConnectionError after maxRetries + 1 attempts, with backoff', async (retryPolicy) => {
    shortestBackoff();
    const { fetch, times } = countingFetch();
    const c = new Ideogram({ apiKey: KEY, baseURL: await refusedURL(), logLevel: "off", maxRetries: 2, retryPolicy, fetch });
    const error = await rejection(c.v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect((error as APIConnectionError).beforeRequestSent).toBe(true);
    expect((error as Error).message).toMatch(/ECONNREFUSED|refused/i);
    expect(times).toHaveLength(3);
    expectGapsAtLeast([times[1]! - times[0]!, times[2]! - times[1]!], BACKOFF_MS);
    expect(c.committedUSD).toBe(0);
  });
});

// ---------- socket resets ----------

describe("socket reset before the response (the request was received)", () => {
  it('"safe": not retried (it may have been processed): APIConnectionError after 1 attempt', async () => {
    const error = await rejection(client("reset-before-response", { maxRetries: 2 }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect((error as APIConnectionError).beforeRequestSent).toBe(false);
    expect(server.count("reset-before-response")).toBe(1);
    expect(server.attempts("reset-before-response")[0]!.complete).toBe(true);
  });

  it('"all": retried with backoff, maxRetries + 1 attempts', async () => {
    shortestBackoff();
    const error = await rejection(client("reset-before-response", { maxRetries: 2, retryPolicy: "all" }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(server.count("reset-before-response")).toBe(3);
    expectGapsAtLeast(server.gaps("reset-before-response"), BACKOFF_MS);
  });

  it('"all": a retry after a reset succeeds and resends the whole body', async () => {
    shortestBackoff();
    server.define("reset-then-ok", sequence(resetBeforeResponse, ok));
    const result = await client("reset-then-ok", { retryPolicy: "all" }).v3.generate(PARAMS);
    expect(result).toMatchObject(IMAGE_RESPONSE);
    const [first, second] = server.attempts("reset-then-ok");
    expect(second!.complete).toBe(true);
    expect(second!.bytes).toBe(first!.bytes);
    expect(second!.headers["api-key"]).toBe(KEY);
  });
});

describe("socket reset while the upload is still being sent", () => {
  it('"safe": not retried (the server may have started): APIConnectionError after 1 attempt', async () => {
    const error = await rejection(client("reset-mid-upload", { maxRetries: 2 }).v3.remix(bigRemix()));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error).not.toBeInstanceOf(APITimeoutError);
    expect((error as APIConnectionError).beforeRequestSent).toBe(false);
    expect(server.count("reset-mid-upload")).toBe(1);
    const [attempt] = server.attempts("reset-mid-upload");
    expect(attempt!.complete).toBe(false);
    expect(attempt!.bytes).toBeGreaterThanOrEqual(64 * 1024);
    expect(attempt!.bytes).toBeLessThan(Number(attempt!.headers["content-length"]));
  });

  it('"all": retried with backoff; every retry sends the whole body again', async () => {
    shortestBackoff();
    server.define("mid-upload-then-ok", sequence(resetMidUpload(64 * 1024), resetMidUpload(256 * 1024), ok));
    const result = await client("mid-upload-then-ok", { maxRetries: 2, retryPolicy: "all" }).v3.remix(bigRemix());
    expect(result).toMatchObject(IMAGE_RESPONSE);
    const attempts = server.attempts("mid-upload-then-ok");
    expect(attempts).toHaveLength(3);
    const length = Number(attempts[0]!.headers["content-length"]);
    expect(length).toBeGreaterThan(BIG_IMAGE.length);
    expect(attempts.map((attempt) => attempt.complete)).toEqual([false, false, true]);
    expect(attempts[2]!.bytes).toBe(length);
    expect(attempts.every((attempt) => attempt.headers["content-length"] === String(length))).toBe(true);
    expectGapsAtLeast(server.gaps("mid-upload-then-ok"), BACKOFF_MS);
  });

  it('a file path (streamed from disk, opened again for each attempt): "safe" 1 attempt, "all" resends it whole', async () => {
    shortestBackoff();
    const error = await rejection(client("reset-mid-upload", { maxRetries: 2 }).v3.remix({ prompt: "remix", image: bigImagePath }));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(server.count("reset-mid-upload")).toBe(1);

    server.define("path-then-ok", sequence(resetMidUpload(64 * 1024), ok));
    const result = await client("path-then-ok", { maxRetries: 2, retryPolicy: "all" }).v3.remix({ prompt: "remix", image: bigImagePath });
    expect(result).toMatchObject(IMAGE_RESPONSE);
    const [first, second] = server.attempts("path-then-ok");
    const length = Number(first!.headers["content-length"]);
    expect(length).toBeGreaterThan(BIG_IMAGE.length);
    expect(first!.complete).toBe(false);
    expect(second!.complete).toBe(true);
    expect(second!.bytes).toBe(length);
  });

  it('"all": gives up after maxRetries + 1 attempts', async () => {
    shortestBackoff();
    const error = await rejection(client("reset-mid-upload", { maxRetries: 1, retryPolicy: "all" }).v3.remix(bigRemix()));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(server.count("reset-mid-upload")).toBe(2);
  });
});

describe("socket destroyed after the headers", () => {
  it.each(POLICIES)('a 200 whose body is cut off is an APIError 200 (processed, charged), never retried ("%s")', async (retryPolicy) => {
    shortestBackoff();
    const error = await rejection(client("reset-after-headers", { maxRetries: 2, retryPolicy }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect((error as APIError).status).toBe(200);
    expect((error as Error).message).toMatch(/cut off/);
    expect(server.count("reset-after-headers")).toBe(1);
  });

  it.each(POLICIES)('a 503 whose body is cut off is still a 503 and retried ("%s")', async (retryPolicy) => {
    server.define("503-cut", cutBody(503, "<html><head><title>503", { "retry-after": "0", "content-type": "text/html" }));
    const error = await rejection(client("503-cut", { maxRetries: 2, retryPolicy }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as APIError).status).toBe(503);
    expect(server.count("503-cut")).toBe(3);
  });
});

// ---------- timeouts ----------

describe.each([
  ["headers that never come", "headers-never"],
  ["a body that stalls after the headers", "stall-body"],
])("%s", (_name, scenario) => {
  it('"safe": APITimeoutError after `timeout` ms, not retried (it may have been processed)', async () => {
    const started = performance.now();
    const error = await rejection(client(scenario, { maxRetries: 2, timeout: 200 }).v3.generate(PARAMS));
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect((error as Error).message).toContain("200 ms");
    expect(elapsed).toBeGreaterThanOrEqual(200 - SLACK_MS);
    expect(elapsed).toBeLessThan(2000);
    expect(server.count(scenario)).toBe(1);
  });

  it('"all": retried, each attempt with its own timeout, then APITimeoutError', async () => {
    shortestBackoff();
    const error = await rejection(client(scenario, { maxRetries: 1, timeout: 150, retryPolicy: "all" }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(server.count(scenario)).toBe(2);
    expectGapsAtLeast(server.gaps(scenario), [150 + BACKOFF_MS[0]!]);
  });

  it("a call's timeout overrides the client's; aborting ends it at once", async () => {
    const started = performance.now();
    const error = await rejection(client(scenario, { timeout: 60_000 }).v3.generate(PARAMS, { timeout: 150 }));
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(performance.now() - started).toBeLessThan(2000);

    const controller = new AbortController();
    const call = rejection(client(scenario, { timeout: 60_000, retryPolicy: "all" }).v3.generate(PARAMS, { signal: controller.signal }));
    await until(() => server.count(scenario) === 2, "the second request");
    await turns();
    controller.abort();
    const aborted = await call;
    expect(aborted).toBeInstanceOf(APIUserAbortError);
    expect((aborted as APIUserAbortError).beforeRequestSent).toBe(false);
    await turns();
    expect(server.count(scenario)).toBe(2);
  });
});

// ---------- Retry-After ----------

describe("429 with Retry-After (real clock)", () => {
  it.each(POLICIES)('in seconds ("1"): waits at least 0.9 s, then succeeds ("%s")', async (retryPolicy) => {
    const result = await client("429-retry-after-seconds", { retryPolicy }).v3.generate(PARAMS);
    expect(result).toMatchObject(IMAGE_RESPONSE);
    expect(server.count("429-retry-after-seconds")).toBe(2);
    const [gap] = server.gaps("429-retry-after-seconds");
    expect(gap).toBeGreaterThanOrEqual(900);
    expect(gap).toBeLessThan(3000);
  });

  it("as an HTTP date (2 s ahead, whole seconds): waits until then, then succeeds", async () => {
    shortestBackoff(); // the backoff alone would be 0.375 s
    const result = await client("429-retry-after-date").v3.generate(PARAMS);
    expect(result).toMatchObject(IMAGE_RESPONSE);
    expect(server.count("429-retry-after-date")).toBe(2);
    const [gap] = server.gaps("429-retry-after-date");
    expect(gap).toBeGreaterThanOrEqual(900);
    expect(gap).toBeLessThan(3000);
  });

  it.each(POLICIES)('too long to wait (120 s): RateLimitError at once, carrying retryAfter, 1 attempt ("%s")', async (retryPolicy) => {
    const started = performance.now();
    const error = await rejection(client("429-retry-after-too-long", { maxRetries: 5, retryPolicy }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).status).toBe(429);
    expect((error as RateLimitError).retryAfter).toBe(120);
    expect((error as Error).message).toContain("Daily quota reached");
    expect(performance.now() - started).toBeLessThan(1000);
    expect(server.count("429-retry-after-too-long")).toBe(1);
  });
});

describe("waits on a fake clock (real sockets, fake setTimeout and Date)", () => {
  /** The start of a whole second, so that HTTP dates (whole seconds) are exact. */
  const NOW = Date.UTC(2030, 0, 2, 3, 4, 5);

  function fakeClock() {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"], now: NOW });
  }

  /** A client that reports when it starts waiting to retry (the warn line), and how many waits began. */
  function watchedClient(scenario: string, options: ClientOptions = {}) {
    const { logger, lines } = captureLogger();
    const c = client(scenario, { logLevel: "warn", logger, ...options });
    return { c, waits: () => lines.filter((line) => line.includes("retrying in")).length, lines };
  }

  /** Advances the fake clock to 1 ms before `ms`, checks nothing was retried, then the last ms. */
  async function expectRetryAfterExactly(scenario: string, ms: number, countBefore: number) {
    await vi.advanceTimersByTimeAsync(ms - 1);
    await turns();
    expect(server.count(scenario), `retried before ${ms} ms`).toBe(countBefore);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => server.count(scenario) === countBefore + 1, `the retry at ${ms} ms`);
  }

  it("Retry-After: 60 (the longest honoured) is waited for, to the millisecond", async () => {
    server.define("429-60", sequence(respond(429, { error: "slow down" }, { "retry-after": "60" }), ok));
    fakeClock();
    const { c, waits } = watchedClient("429-60");
    const call = c.v3.generate(PARAMS);
    await until(() => waits() === 1, "the wait to begin");
    await expectRetryAfterExactly("429-60", 60_000, 1);
    expect(await call).toMatchObject(IMAGE_RESPONSE);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("Retry-After: 61 is not waited for: RateLimitError at once", async () => {
    server.define("429-61", respond(429, { error: "slow down" }, { "retry-after": "61" }));
    fakeClock();
    const error = await rejection(client("429-61", { maxRetries: 3 }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(61);
    expect(server.count("429-61")).toBe(1);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("Retry-After as an HTTP date 30 s ahead waits exactly 30 s (503, retried under safe)", async () => {
    server.define("503-date", sequence(async (ctx) => respond(503, { error: "maintenance" }, { "retry-after": new Date(Date.now() + 30_000).toUTCString() })(ctx), ok));
    fakeClock();
    const { c, waits } = watchedClient("503-date");
    const call = c.v3.generate(PARAMS);
    await until(() => waits() === 1, "the wait to begin");
    await expectRetryAfterExactly("503-date", 30_000, 1);
    expect(await call).toMatchObject(IMAGE_RESPONSE);
  });

  it("an HTTP date more than 60 s ahead is not waited for", async () => {
    server.define("429-date-far", async (ctx) => respond(429, { error: "quota" }, { "retry-after": new Date(Date.now() + 90_000).toUTCString() })(ctx));
    fakeClock();
    const error = await rejection(client("429-date-far").v3.generate(PARAMS));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).retryAfter).toBe(90);
    expect(server.count("429-date-far")).toBe(1);
  });

  it("without Retry-After (503 HTML): exponential backoff, 375 ms then 750 ms with the jitter at its shortest", async () => {
    shortestBackoff();
    fakeClock();
    const { c, waits } = watchedClient("503-html", { maxRetries: 2 });
    const call = rejection(c.v3.generate(PARAMS));
    await until(() => waits() === 1, "the first wait");
    await expectRetryAfterExactly("503-html", 375, 1);
    await until(() => waits() === 2, "the second wait");
    await expectRetryAfterExactly("503-html", 750, 2);
    const error = await call;
    expect(error).toBeInstanceOf(InternalServerError);
    expect(server.count("503-html")).toBe(3);
  });

  it("backoff with the jitter at its longest: 500 ms then 1000 ms", async () => {
    vi.spyOn(Math, "random").mockReturnValue(0);
    server.define("503-json", respond(503, { error: "busy" }));
    fakeClock();
    const { c, waits } = watchedClient("503-json", { maxRetries: 2 });
    const call = rejection(c.v3.generate(PARAMS));
    await until(() => waits() === 1, "the first wait");
    await expectRetryAfterExactly("503-json", 500, 1);
    await until(() => waits() === 2, "the second wait");
    await expectRetryAfterExactly("503-json", 1000, 2);
    expect(await call).toBeInstanceOf(InternalServerError);
  });

  it("aborting during a 60 s wait ends the call at once and leaves no timer", async () => {
    server.define("429-60-abort", respond(429, { error: "slow down" }, { "retry-after": "60" }));
    fakeClock();
    const { c, waits } = watchedClient("429-60-abort");
    const controller = new AbortController();
    const call = rejection(c.v3.generate(PARAMS, { signal: controller.signal }));
    await until(() => waits() === 1, "the wait to begin");
    controller.abort();
    const error = await call;
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect((error as APIUserAbortError).beforeRequestSent).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
    expect(server.count("429-60-abort")).toBe(1);
  });
});

// ---------- 5xx ----------

describe("5xx pages", () => {
  it('503 with an HTML page: InternalServerError 503 with a short summary; retried under "safe" (not processed)', async () => {
    shortestBackoff();
    const error = await rejection(client("503-html", { maxRetries: 2 }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as APIError).status).toBe(503);
    const message = (error as Error).message;
    expect(message).toContain("503 Service Temporarily Unavailable");
    expect(message).not.toContain("<");
    expect(message).not.toContain("upstream detail line");
    expect(message.length).toBeLessThan(300);
    expect(server.count("503-html")).toBe(3);
    expectGapsAtLeast(server.gaps("503-html"), BACKOFF_MS);
  });

  it.each([
    ["safe", 1],
    ["all", 2],
  ] as const)('502 with an HTML page under "%s": %i attempt(s)', async (retryPolicy, attempts) => {
    shortestBackoff();
    const error = await rejection(client("502-html", { maxRetries: 1, retryPolicy }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as APIError).status).toBe(502);
    expect((error as Error).message).toContain("502 Bad Gateway");
    expect((error as Error).message.length).toBeLessThan(300);
    expect(server.count("502-html")).toBe(attempts);
    if (attempts > 1) expectGapsAtLeast(server.gaps("502-html"), [BACKOFF_MS[0]!]);
  });

  it.each([
    ["safe", 1],
    ["all", 2],
  ] as const)('500 JSON under "%s": %i attempt(s), the server\'s message in the error', async (retryPolicy, attempts) => {
    shortestBackoff();
    const error = await rejection(client("500-json", { maxRetries: 1, retryPolicy }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(InternalServerError);
    expect((error as APIError).status).toBe(500);
    expect((error as Error).message).toContain("Internal error while generating");
    expect((error as APIError).body).toEqual({ error: { message: "Internal error while generating", type: "server_error" } });
    expect(server.count("500-json")).toBe(attempts);
  });
});

// ---------- 200 that is not the endpoint's JSON ----------

describe("a 200 that is not the endpoint's JSON", () => {
  it.each([
    ["truncated JSON", "200-truncated-json", /not valid JSON/],
    ["an HTML page", "200-html", /HTML/],
    ["an empty body", "200-empty", /empty/],
  ])("%s: APIError 200 (never a SyntaxError), 1 attempt under both policies", async (_name, scenario, text) => {
    for (const retryPolicy of POLICIES) {
      server.resetCounts();
      const error = await rejection(client(scenario, { maxRetries: 2, retryPolicy }).v3.generate(PARAMS));
      expect(error).toBeInstanceOf(APIError);
      expect(error).not.toBeInstanceOf(SyntaxError);
      expect((error as APIError).status).toBe(200);
      expect((error as Error).message).toMatch(text);
      expect((error as Error).message.length).toBeLessThan(300);
      expect(server.count(scenario)).toBe(1);
    }
  });
});

// ---------- redirects ----------

describe("redirects", () => {
  it.each([307, 308])("a %i within the same origin is followed, with the Api-Key and the same body", async (status) => {
    server.define(`same-${status}`, async (ctx) => {
      if (ctx.attempt.path.startsWith("/moved/")) return ok(ctx);
      return redirect(status, `/scenario/same-${status}/moved${ctx.attempt.path}`)(ctx);
    });
    const result = await client(`same-${status}`).v3.generate(PARAMS);
    expect(result).toMatchObject(IMAGE_RESPONSE);
    const attempts = server.attempts(`same-${status}`);
    // "error" mode meets the redirect, "manual" mode reads its Location, then the new place.
    expect(attempts.map((attempt) => attempt.path)).toEqual([GENERATE, GENERATE, `/moved${GENERATE}`]);
    expect(attempts[2]!.headers["api-key"]).toBe(KEY);
    expect(attempts[2]!.complete).toBe(true);
    expect(attempts[2]!.bytes).toBe(attempts[0]!.bytes);
  });

  it("a same-origin 307 resends a body streamed from a file path whole", async () => {
    server.define("same-path", async (ctx) => {
      if (ctx.attempt.path.startsWith("/moved/")) return ok(ctx);
      return redirect(307, `/scenario/same-path/moved${ctx.attempt.path}`)(ctx);
    });
    const result = await client("same-path").v3.remix({ prompt: "remix", image: bigImagePath });
    expect(result).toMatchObject(IMAGE_RESPONSE);
    const attempts = server.attempts("same-path");
    expect(attempts.map((attempt) => attempt.path)).toEqual(["/v1/ideogram-v3/remix", "/v1/ideogram-v3/remix", "/moved/v1/ideogram-v3/remix"]);
    expect(attempts[2]!.complete).toBe(true);
    expect(attempts[2]!.bytes).toBe(Number(attempts[2]!.headers["content-length"]));
    expect(attempts[2]!.bytes).toBeGreaterThan(BIG_IMAGE.length);
  });

  it.each([301, 302, 303, 307, 308])("a %i to another origin is not followed: the other server gets nothing (no Api-Key)", async (status) => {
    server.define(`cross-${status}`, redirect(status, `${other.url("ok")}${GENERATE}`));
    for (const retryPolicy of POLICIES) {
      server.resetCounts();
      const error = await rejection(client(`cross-${status}`, { maxRetries: 2, retryPolicy }).v3.generate(PARAMS));
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBe(status);
      expect((error as Error).message).toContain("another origin");
      expect((error as Error).message).not.toContain(KEY);
      expect(server.count(`cross-${status}`)).toBe(2); // met in "error" mode, read in "manual" mode; not retried
    }
    await turns();
    expect(other.total).toBe(0);
  });

  it("the same server under another name (localhost instead of 127.0.0.1) is another origin", async () => {
    const port = new URL(server.origin).port;
    server.define("cross-name", async (ctx) => {
      if (ctx.attempt.path.startsWith("/moved/")) return ok(ctx);
      return redirect(307, `http://localhost:${port}/scenario/cross-name/moved${ctx.attempt.path}`)(ctx);
    });
    const error = await rejection(client("cross-name").v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIError);
    expect(server.attempts("cross-name").map((attempt) => attempt.path)).toEqual([GENERATE, GENERATE]);
  });

  it("a same-origin redirect that then points to another origin is refused there", async () => {
    server.define("chain", async (ctx) => {
      if (ctx.attempt.path.startsWith("/moved/")) return redirect(307, `${other.url("ok")}${GENERATE}`)(ctx);
      return redirect(307, `/scenario/chain/moved${ctx.attempt.path}`)(ctx);
    });
    const error = await rejection(client("chain").v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIError);
    expect((error as Error).message).toContain("another origin");
    await turns();
    expect(other.total).toBe(0);
  });

  it("a redirect loop ends with an APIError after a bounded number of requests", async () => {
    server.define("loop", async (ctx) => redirect(307, `/scenario/loop/again/${ctx.attempt.number}${GENERATE}`)(ctx));
    const error = await rejection(client("loop", { retryPolicy: "all" }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(307);
    expect((error as Error).message).toMatch(/too many redirects/);
    expect(server.count("loop")).toBeGreaterThan(2);
    expect(server.count("loop")).toBeLessThanOrEqual(8);
  });
});

// ---------- API error bodies ----------

describe("error bodies in the shapes the API uses", () => {
  it.each([
    ["401", AuthenticationError, "Invalid token"],
    ["403", PermissionDeniedError, "Not authorized to generate an image"],
    ["404", NotFoundError, "Not Found"],
    ["422", UnprocessableEntityError, "failed safety check"],
  ] as const)("%s -> %o with the server's words, 1 attempt under both policies", async (scenario, ErrorClass, words) => {
    for (const retryPolicy of POLICIES) {
      server.resetCounts();
      const error = await rejection(client(scenario, { maxRetries: 2, retryPolicy }).v3.generate(PARAMS));
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toBeInstanceOf(APIError);
      expect((error as APIError).status).toBe(Number(scenario));
      expect((error as Error).message).toContain(words);
      expect((error as APIError).body).toBeTypeOf("object");
      expect(server.count(scenario)).toBe(1);
    }
  });
});

// ---------- the attempt matrix ----------

describe("attempts for every status under both policies (maxRetries 2, Retry-After 0)", () => {
  const SAFE = [408, 429, 503];
  const RISKY = [409, 500, 502, 504];
  const classes: Record<number, new (...args: never[]) => APIError> = {
    400: BadRequestError, 401: AuthenticationError, 403: PermissionDeniedError, 404: NotFoundError, 422: UnprocessableEntityError,
    429: RateLimitError, 500: InternalServerError, 502: InternalServerError, 503: InternalServerError, 504: InternalServerError,
  };
  const statuses = [400, 401, 402, 403, 404, 408, 409, 413, 422, 429, 500, 502, 503, 504];
  const cases = statuses.flatMap((status) =>
    POLICIES.map((policy) => [status, policy, SAFE.includes(status) || (policy === "all" && RISKY.includes(status)) ? 3 : 1] as const),
  );

  it.each(cases)("%i under %s: %i attempt(s)", async (status, retryPolicy, attempts) => {
    server.define(`status-${status}`, respond(status, { error: `status ${status}` }, { "retry-after": "0" }));
    const error = await rejection(client(`status-${status}`, { maxRetries: 2, retryPolicy }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(classes[status] ?? APIError);
    expect((error as APIError).status).toBe(status);
    expect((error as Error).message).toContain(`status ${status}`);
    expect(server.count(`status-${status}`)).toBe(attempts);
  });
});

// ---------- good responses ----------

describe("responses", () => {
  it("unknown fields are kept, at the top and in each item", async () => {
    const result = (await client("unknown-fields").v3.generate(PARAMS)) as unknown as Record<string, unknown> & { data: Record<string, unknown>[] };
    expect(result.request_cost).toEqual({ usd: 0.03 });
    expect(result.data[0]!.aesthetic_score).toBe(7.5);
    expect(result.data[0]!.new_field).toEqual([1, 2, 3]);
    expect(server.count("unknown-fields")).toBe(1);
  });

  it("images withheld by the safety check (url null or missing) parse, and count as billed images", async () => {
    const c = client("unsafe-images");
    const result = await c.v3.generate(PARAMS);
    expect(result.data).toHaveLength(3);
    expect(result.data[0]!.url).toBeNull();
    expect(result.data[0]!.is_image_safe).toBe(false);
    expect(result.data[1]!.url).toBeUndefined();
    expect(result.data[2]!.url).toBe(IMAGE_RESPONSE.data[0]!.url);
    expect(c.usage).toMatchObject({ requests: 1, images: 3 });
  });
});

// ---------- in-flight limit ----------

describe("a server that answers 429 past 3 requests in flight", () => {
  it("maxConcurrency 3: never more than 3 in flight, no 429, every call succeeds", async () => {
    const c = client("inflight-limit", { maxConcurrency: 3 });
    const results = await Promise.allSettled(Array.from({ length: 9 }, () => c.v3.generate(PARAMS)));
    expect(results.every((result) => result.status === "fulfilled")).toBe(true);
    expect(server.count("inflight-limit")).toBe(9);
    expect(server.maxInFlight("inflight-limit")).toBe(3);
  });

  it("maxConcurrency 6: the 3 refused wait their Retry-After (1 s) and succeed on the retry", async () => {
    const started = performance.now();
    const c = client("inflight-limit", { maxConcurrency: 6 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => c.v3.generate(PARAMS)));
    expect(results.map((result) => result.status)).toEqual(Array(6).fill("fulfilled"));
    expect(server.count("inflight-limit")).toBe(9);
    expect(performance.now() - started).toBeGreaterThanOrEqual(900);
    expect(c.usage.requests).toBe(6);
  });

  it("maxRetries 0: the 3 refused fail with RateLimitError (retryAfter 1, the body's reject_reason), the rest succeed", async () => {
    const c = client("inflight-limit", { maxConcurrency: 6, maxRetries: 0 });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => c.v3.generate(PARAMS)));
    const failures = results.flatMap((result) => (result.status === "rejected" ? [result.reason as unknown] : []));
    expect(failures).toHaveLength(3);
    for (const failure of failures) {
      expect(failure).toBeInstanceOf(RateLimitError);
      expect((failure as RateLimitError).retryAfter).toBe(1);
      expect((failure as RateLimitError).body).toMatchObject({ reject_reason: "inflight_limit" });
    }
    expect(server.count("inflight-limit")).toBe(6);
    // Rejected before they ran: nothing charged, and the usage counts only the 3 answered.
    expect(c.usage.requests).toBe(3);
  });
});

// ---------- secrets ----------

/** Every way a user could print or serialise an error (the cause chain included). */
function renderings(error: unknown): Record<string, string> {
  const e = error as Error & { body?: unknown; headers?: Headers; cause?: unknown };
  const headers: string[] = [];
  e.headers?.forEach?.((value, name) => headers.push(`${name}: ${value}`));
  const causes: string[] = [];
  for (let cause = e.cause, depth = 0; cause && depth < 5; depth++) {
    causes.push(String((cause as Error).message), String((cause as Error).stack));
    cause = (cause as Error).cause;
  }
  return {
    message: String(e.message),
    stack: String(e.stack),
    string: String(e),
    json: JSON.stringify(e) ?? "",
    inspect: inspect(e, { depth: Infinity, showHidden: true }),
    body: typeof e.body === "string" ? e.body : JSON.stringify(e.body) ?? "",
    headers: headers.join("\n"),
    causes: causes.join("\n"),
    properties: JSON.stringify(Object.fromEntries(Object.getOwnPropertyNames(e).map((name) => [name, String((e as unknown as Record<string, unknown>)[name])]))),
  };
}

function expectNoSecret(error: unknown, secret = KEY) {
  for (const [where, text] of Object.entries(renderings(error))) expect(text, `the key leaked in ${where}`).not.toContain(secret);
}

/** Echoes the key it received: in the body (JSON, nested JSON, text or HTML) and in headers. */
function echoKey(status: number, shape: "json" | "nested" | "text" | "html" | "json-escaped-slashes", extra: Record<string, string> = {}): Behaviour {
  return async (ctx) => {
    await ctx.body();
    const key = String(ctx.attempt.headers["api-key"]);
    const headers = { "x-echo-key": key, "x-request-id": `req-${key}`, "www-authenticate": `ApiKey ${key}`, ...extra };
    if (shape === "json") return ctx.json(status, { error: `invalid key ${key}`, key }, headers);
    if (shape === "nested") return ctx.json(status, { error: { message: `key ${key} is revoked`, api_key: key } }, headers);
    // PHP's json_encode (and others) escape "/" as "\/": the key's bytes differ on the wire.
    if (shape === "json-escaped-slashes") return ctx.json(status, JSON.stringify({ error: `invalid key ${key}` }).replaceAll("/", "\\/"), headers);
    if (shape === "html") return ctx.send(status, `<html><head><title>Denied ${key}</title></head><body>${key}</body></html>`, { ...headers, "content-type": "text/html" });
    ctx.send(status, `bad key: ${key}`, { ...headers, "content-type": "text/plain" });
  };
}

describe("the API key never leaks", () => {
  it.each([
    [401, "json"],
    [403, "nested"],
    [500, "text"],
    [502, "html"],
    [422, "json"],
    [200, "text"],
    [200, "html"],
  ] as const)("a %i (%s) that echoes the key: redacted in every rendering of the error", async (status, shape) => {
    server.define(`echo-${status}-${shape}`, echoKey(status, shape));
    const error = await rejection(client(`echo-${status}-${shape}`, { maxRetries: 0 }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIError);
    expect((error as APIError).status).toBe(status);
    expectNoSecret(error);
    expect(server.attempts(`echo-${status}-${shape}`)[0]!.headers["api-key"]).toBe(KEY); // the echo was real
  });

  it("a 429 that echoes the key, retried until maxRetries: the final error is redacted", async () => {
    server.define("echo-429", echoKey(429, "json", { "retry-after": "0" }));
    const error = await rejection(client("echo-429", { maxRetries: 2 }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(RateLimitError);
    expect(server.count("echo-429")).toBe(3);
    expectNoSecret(error);
  });

  it("a key with / and + echoed by a server that escapes / as \\/ in JSON is redacted too", async () => {
    const secret = "sk-fault/KEY+base64/9f8e7d==";
    server.define("echo-escaped", echoKey(401, "json-escaped-slashes"));
    const c = new Ideogram({ apiKey: secret, baseURL: server.url("echo-escaped"), logLevel: "off", maxRetries: 0 });
    const error = await rejection(c.v3.generate(PARAMS));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(server.attempts("echo-escaped")[0]!.headers["api-key"]).toBe(secret);
    expectNoSecret(error, secret);
  });

  it("a malformed response that echoes the key (the HTTP parser fails on it): the connection error does not carry it", async () => {
    server.define("malformed-echo", async (ctx) => {
      await ctx.body();
      const key = String(ctx.attempt.headers["api-key"]);
      // Not HTTP/1.1: the client's parser gives up, keeping the bytes it could not read.
      ctx.socket.write(`HTTP/1.1 401 Unauthorized\r\nContent-Type: text/plain\r\nbad header line ${key}\r\n\r\ninvalid key ${key}`);
      ctx.later(10, () => ctx.socket.destroy());
    });
    const error = await rejection(client("malformed-echo", { maxRetries: 0 }).v3.generate(PARAMS));
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(server.attempts("malformed-echo")[0]!.headers["api-key"]).toBe(KEY);
    expectNoSecret(error);
  });

  it("connection, timeout, abort and cross-origin errors, and the client itself, never show it", async () => {
    const errors: unknown[] = [];
    errors.push(await rejection(new Ideogram({ apiKey: KEY, baseURL: await refusedURL(), logLevel: "off", maxRetries: 0 }).v3.generate(PARAMS)));
    errors.push(await rejection(client("reset-before-response").v3.generate(PARAMS)));
    errors.push(await rejection(client("headers-never", { timeout: 100 }).v3.generate(PARAMS)));
    errors.push(await rejection(client("headers-never").v3.generate(PARAMS, { signal: AbortSignal.timeout(100) })));
    server.define("cross-echo", async (ctx) => {
      await ctx.body();
      ctx.res.writeHead(307, { location: `${other.url("ok")}${GENERATE}`, "x-echo-key": String(ctx.attempt.headers["api-key"]) });
      ctx.res.end();
    });
    errors.push(await rejection(client("cross-echo").v3.generate(PARAMS)));
    expect(errors.map((error) => (error as Error).constructor)).toEqual([APIConnectionError, APIConnectionError, APITimeoutError, APIUserAbortError, APIError]);
    for (const error of errors) expectNoSecret(error);
    expect(other.total).toBe(0);

    const c = client("ok", { defaultHeaders: { "X-Team": "imaging" } });
    for (const text of [JSON.stringify(c), String(c), inspect(c, { depth: Infinity, showHidden: true }), JSON.stringify(Object.entries(c))]) {
      expect(text).not.toContain(KEY);
    }
  });

  it("the opt-in debug log writes many lines, none with the key, through faults of every kind", async () => {
    shortestBackoff();
    const { logger, lines } = captureLogger();
    const consoleSpies = (["log", "debug", "info", "warn", "error"] as const).map((method) => vi.spyOn(console, method).mockImplementation(() => {}));
    const debug = (scenario: string, options: ClientOptions = {}) => client(scenario, { logLevel: "debug", logger, ...options });

    server.define("echo-429-then-ok", sequence(echoKey(429, "json", { "retry-after": "0" }), async (ctx) => {
      await ctx.body();
      ctx.json(200, IMAGE_RESPONSE, { "x-echo-key": String(ctx.attempt.headers["api-key"]) });
    }));
    server.define("echo-500", echoKey(500, "nested", { "retry-after": "0" }));
    server.define("cross-echo-log", redirect(307, `${other.url("ok")}${GENERATE}?key=${KEY}`));
    await debug("echo-429-then-ok").v3.generate(PARAMS);
    await rejection(debug("echo-500", { retryPolicy: "all", maxRetries: 1 }).v3.generate(PARAMS));
    await rejection(debug("reset-before-response", { retryPolicy: "all", maxRetries: 1 }).v3.generate(PARAMS));
    await rejection(debug("cross-echo-log").v3.generate(PARAMS));
    await rejection(debug("headers-never", { timeout: 100 }).v3.generate(PARAMS));

    expect(lines.length).toBeGreaterThan(10);
    expect(lines.some((line) => line.startsWith("debug"))).toBe(true);
    expect(lines.some((line) => line.startsWith("warn") && line.includes("retrying in"))).toBe(true);
    for (const line of lines) expect(line).not.toContain(KEY);
    // The logger given is the only place the SDK writes to.
    for (const spy of consoleSpies) expect(spy).not.toHaveBeenCalled();
    expect(other.total).toBe(0);
  });

  it("the default logger (console, level warn) writes retry warnings without the key", async () => {
    const warnings: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((...args: unknown[]) => void warnings.push(args.map(String).join(" ")));
    server.define("echo-503", echoKey(503, "json", { "retry-after": "0" }));
    const c = new Ideogram({ apiKey: KEY, baseURL: server.url("echo-503"), maxRetries: 1 });
    await rejection(c.v3.generate(PARAMS));
    expect(warnings.length).toBeGreaterThan(0);
    for (const warning of warnings) expect(warning).not.toContain(KEY);
  });

  it.each(["http://api.example.com", "http://10.0.0.5:8080/ideogram", "http://0.0.0.0:8080", "http://127.0.0.1.nip.io", "http://[::ffff:a00:5]"])(
    "an http: base URL off loopback is refused at construction, and by buildRequest (%s)",
    async (baseURL) => {
      expect(() => new Ideogram({ apiKey: KEY, baseURL })).toThrow(IdeogramError);
      vi.stubEnv("IDEOGRAM_BASE_URL", baseURL);
      expect(() => new Ideogram({ apiKey: KEY })).toThrow(IdeogramError);
      await expect(buildRequest("v3.generate", PARAMS, { apiKey: KEY, baseURL })).rejects.toBeInstanceOf(IdeogramError);
      let error: unknown;
      try {
        new Ideogram({ apiKey: KEY, baseURL });
      } catch (caught) {
        error = caught;
      }
      expectNoSecret(error);
    },
  );

  it.each(["http://127.0.0.1:9", "http://127.0.0.2:9", "http://localhost:9", "http://[::1]:9"])("an http: loopback base URL is accepted (%s)", (baseURL) => {
    expect(new Ideogram({ apiKey: KEY, baseURL }).baseURL).toBe(baseURL);
  });

  it("a key that is not a valid header value is refused with an IdeogramError that does not show it", async () => {
    const secret = "sk-fault-KEY\n-pasted-over-two-lines";
    let error: unknown;
    try {
      const c = new Ideogram({ apiKey: secret, baseURL: server.url("ok"), logLevel: "off" });
      await c.v3.generate(PARAMS);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IdeogramError);
    expectNoSecret(error, secret);
    expectNoSecret(error, "sk-fault-KEY");
    expect(server.total).toBe(0);
  });
});

// ---------- the process can exit ----------

describe("nothing keeps the process alive", () => {
  it("a script that meets every kind of fault exits by itself, with unhandled rejections as errors", async () => {
    server.define("child-429-then-ok", sequence(respond(429, { error: "slow" }, { "retry-after": "0" }), ok));
    server.define("child-429-long", respond(429, { error: "slow" }, { "retry-after": "30" }));
    server.define("child-cross", redirect(307, `${other.url("ok")}${GENERATE}`));
    const dir = await mkdtemp(join(tmpdir(), "ideogram-faults-"));
    const script = join(dir, "faults-child.mts");
    const sdk = fileURLToPath(new URL("../src/index.ts", import.meta.url));
    await writeFile(
      script,
      `import { Ideogram } from ${JSON.stringify(sdk)};
const urls = JSON.parse(process.env.FAULT_URLS);
const make = (url, options = {}) => new Ideogram({ apiKey: "sk-child-KEY-123456", baseURL: url, logLevel: "off", ...options });
const params = { prompt: "a lighthouse" };
const outcome = (promise) => promise.then(() => "ok", (error) => error.name);
const waiting = new AbortController();
setTimeout(() => waiting.abort(), 300);
const results = await Promise.all([
  outcome(make(urls.ok).v3.generate(params)),
  outcome(make(urls.refused, { maxRetries: 0 }).v3.generate(params)),
  outcome(make(urls.reset, { retryPolicy: "all", maxRetries: 1 }).v3.generate(params)),
  outcome(make(urls.never, { timeout: 200 }).v3.generate(params)),
  outcome(make(urls.stall, { timeout: 200 }).v3.generate(params)),
  outcome(make(urls.retry).v3.generate(params)),
  outcome(make(urls.cross).v3.generate(params)),
  outcome(make(urls.truncated).v3.generate(params)),
  outcome(make(urls.long, { maxRetries: 1 }).v3.generate(params, { signal: waiting.signal })),
  outcome(make(urls.never).v3.generate(params, { signal: AbortSignal.timeout(150) })),
]);
console.log("RESULTS " + JSON.stringify(results));
`,
    );
    const urls = {
      ok: server.url("ok"), refused: await refusedURL(), reset: server.url("reset-before-response"), never: server.url("headers-never"),
      stall: server.url("stall-body"), retry: server.url("child-429-then-ok"), cross: server.url("child-cross"),
      truncated: server.url("200-truncated-json"), long: server.url("child-429-long"),
    };
    try {
      const child = spawn(process.execPath, ["--unhandled-rejections=strict", "--import", "tsx", script], {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        env: { ...process.env, FAULT_URLS: JSON.stringify(urls), IDEOGRAM_LOG: "off" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      let printedAt = 0;
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk.toString();
        if (!printedAt && stdout.includes("RESULTS")) printedAt = performance.now();
      });
      child.stderr.on("data", (chunk: Buffer) => void (stderr += chunk.toString()));
      const killer = setTimeout(() => child.kill("SIGKILL"), 15_000);
      const code = await new Promise<number | null>((resolve) => child.on("exit", (exitCode) => resolve(exitCode)));
      clearTimeout(killer);
      const exitedAfter = performance.now() - printedAt;
      expect(stderr).toBe("");
      expect(code).toBe(0);
      const results = JSON.parse(/RESULTS (.*)/.exec(stdout)![1]!) as string[];
      expect(results).toEqual([
        "ok", "APIConnectionError", "APIConnectionError", "APITimeoutError", "APITimeoutError", "ok", "APIError", "APIError",
        "APIUserAbortError", "APIUserAbortError",
      ]);
      // Once the work is done the process ends by itself: no timer (a 30 s wait, a 180 s timeout) or socket holds it.
      expect(exitedAfter).toBeLessThan(2000);
      expect(other.total).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
