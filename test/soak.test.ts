/**
 * Soak: a few thousand calls against the fault server on 127.0.0.1, each with its own random plan of faults
 * per attempt (429 and 503 with Retry-After 0, 500, resets, a 200 cut off, stalls past the timeout, slow and
 * quick successes), through two clients (retry policy "safe" and "all", 10 in flight each), all fired at once so
 * that the concurrency queue holds hundreds of waiting calls.
 *
 * It checks that every call settled (resolved, or rejected with an IdeogramError of the class its plan
 * predicts), that the server saw exactly the attempts the retry policy allows for each call, that no more
 * than 20 requests were ever in flight, that nothing was left running, that no unhandled rejection fired,
 * and that the heap after the second half is not bigger than after the first (no growth per call).
 * The numbers are printed for the README's reliability section (SOAK_CALLS changes the count).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import {
  APIConnectionError, APIError, APITimeoutError, IdeogramError, Ideogram, InternalServerError, RateLimitError,
} from "ideogram-sdk";
import { IMAGE_RESPONSE, cutBody, startFaultServer, type Behaviour, type FaultServer } from "./helpers/fault-server";

const CALLS = Number(process.env.SOAK_CALLS ?? 3000);
const MAX_RETRIES = 2;
const PER_CLIENT_CONCURRENCY = 10;
/** Long enough that only the planned stalls time out, even on a loaded machine. */
const TIMEOUT_MS = 1500;
const SEED = 0x5eed;
/** Heap growth allowed between the end of the first half and the end of the second. */
const MAX_GROWTH_MB = 30;

type Fault = "ok" | "slow" | "429" | "503" | "500" | "reset" | "cut" | "stall";
const WEIGHTS: [Fault, number][] = [
  ["ok", 47], ["slow", 14], ["429", 11], ["503", 10], ["500", 8], ["reset", 6], ["cut", 3], ["stall", 1],
];

/** A small seeded PRNG (mulberry32), so that a run can be replayed. */
function prng(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick(random: () => number): Fault {
  const total = WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [fault, weight] of WEIGHTS) {
    roll -= weight;
    if (roll < 0) return fault;
  }
  return "ok";
}

/** What a failed attempt becomes, and whether each policy retries it (as the public surface says). */
const FAILURES: Record<Exclude<Fault, "ok" | "slow">, { error: string; safe: boolean; all: boolean }> = {
  "429": { error: "RateLimitError", safe: true, all: true },
  "503": { error: "InternalServerError", safe: true, all: true },
  "500": { error: "InternalServerError", safe: false, all: true },
  reset: { error: "APIConnectionError", safe: false, all: true },
  stall: { error: "APITimeoutError", safe: false, all: true },
  cut: { error: "APIError", safe: false, all: false }, // a 200 cut off: processed and charged, never retried
};

function predict(plan: Fault[], policy: "safe" | "all"): { attempts: number; outcome: string } {
  for (let attempt = 1; ; attempt++) {
    const fault = plan[attempt - 1]!;
    if (fault === "ok" || fault === "slow") return { attempts: attempt, outcome: "ok" };
    const failure = FAILURES[fault];
    if (!failure[policy] || attempt === MAX_RETRIES + 1) return { attempts: attempt, outcome: failure.error };
  }
}

const CLASSES: Record<string, new (...args: never[]) => IdeogramError> = {
  RateLimitError, InternalServerError, APIConnectionError, APITimeoutError, APIError,
};

/** A full garbage collection where the runtime allows it (Node: by turning on --expose-gc at run time). */
function collector(): (() => void) | undefined {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  try {
    setFlagsFromString("--expose-gc");
    return runInNewContext("gc") as () => void;
  } catch {
    return undefined;
  }
}

async function settledHeapMB(gc: (() => void) | undefined): Promise<number> {
  for (let round = 0; round < 5; round++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    gc?.();
  }
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

let server: FaultServer;
const crashes: unknown[] = [];
const onCrash = (reason: unknown) => void crashes.push(reason);

beforeAll(async () => {
  process.on("unhandledRejection", onCrash);
  process.on("uncaughtException", onCrash);
  server = await startFaultServer({ record: "count" });
});

afterAll(async () => {
  await server.close();
  process.off("unhandledRejection", onCrash);
  process.off("uncaughtException", onCrash);
});

it(`${CALLS} calls with random faults all settle, with the attempts the policy allows and no memory growth`, async () => {
  const random = prng(SEED);
  const plans = Array.from({ length: CALLS }, () => Array.from({ length: MAX_RETRIES + 1 }, () => pick(random)));
  const seen = new Uint16Array(CALLS);

  const behaviours: Record<Fault, Behaviour> = {
    ok: async (ctx) => {
      await ctx.body();
      ctx.json(200, IMAGE_RESPONSE);
    },
    slow: async (ctx) => {
      await ctx.body();
      ctx.later(5 + Math.floor(random() * 20), () => ctx.json(200, IMAGE_RESPONSE));
    },
    "429": async (ctx) => {
      await ctx.body();
      ctx.json(429, { error: "Too many requests in flight", reject_reason: "inflight_limit" }, { "retry-after": "0" });
    },
    "503": async (ctx) => {
      await ctx.body();
      ctx.send(503, "<html><head><title>503 Service Unavailable</title></head></html>", { "content-type": "text/html", "retry-after": "0" });
    },
    "500": async (ctx) => {
      await ctx.body();
      ctx.json(500, { error: "internal" }, { "retry-after": "0" });
    },
    reset: async (ctx) => {
      await ctx.body();
      ctx.reset();
    },
    cut: cutBody(200),
    stall: async (ctx) => {
      await ctx.body();
      await ctx.hold();
    },
  };
  server.define("soak", (ctx) => {
    if (ctx.attempt.headers["x-soak-warm"]) return behaviours.ok(ctx);
    const id = Number(ctx.attempt.headers["x-soak-call"]);
    const attempt = ++seen[id]!;
    return behaviours[plans[id]![attempt - 1]!](ctx);
  });

  // Requests in flight as the client sees them: from fetch's call until it settles (a slot is held longer,
  // until the body is read, so this can never pass the clients' limits if the limiter holds).
  let fetching = 0;
  let maxFetching = 0;
  const countingFetch = async (input: string, init: RequestInit) => {
    maxFetching = Math.max(maxFetching, ++fetching);
    try {
      return await fetch(input, init);
    } finally {
      fetching--;
    }
  };
  const options = {
    apiKey: "sk-soak-KEY-271828", baseURL: server.url("soak"), logLevel: "off", maxRetries: MAX_RETRIES, timeout: TIMEOUT_MS,
    maxConcurrency: PER_CLIENT_CONCURRENCY, fetch: countingFetch,
  } as const;
  const clients = { safe: new Ideogram({ ...options, retryPolicy: "safe" }), all: new Ideogram({ ...options, retryPolicy: "all" }) };
  const policyOf = (id: number) => (id % 2 === 0 ? "safe" : "all");

  const outcomes: string[] = new Array(CALLS);
  const strays: unknown[] = [];
  const run = async (from: number, to: number) => {
    const calls: Promise<void>[] = [];
    for (let id = from; id < to; id++) {
      calls.push(
        clients[policyOf(id)].v3.generate({ prompt: `soak ${id}` }, { headers: { "x-soak-call": String(id) } }).then(
          (result) => {
            outcomes[id] = result.data.length === 1 ? "ok" : "bad result";
          },
          (error: unknown) => {
            if (!(error instanceof IdeogramError)) strays.push(error);
            outcomes[id] = error instanceof IdeogramError ? error.name : `not an IdeogramError: ${String(error)}`;
          },
        ),
      );
    }
    await Promise.all(calls);
  };

  // Cold start (module compilation, the first connections) outside the plans and the clock.
  const WARM_CALLS = 2 * PER_CLIENT_CONCURRENCY;
  await Promise.all(
    Array.from({ length: WARM_CALLS }, (_, index) => clients[policyOf(index)].v3.generate({ prompt: "warm" }, { headers: { "x-soak-warm": "1" } })),
  );

  const gc = collector();
  const timersBefore = process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length;
  const started = performance.now();
  // A warm-up (not counted in the heap comparison): JIT, sockets, caches.
  const half = Math.floor(CALLS / 2);
  const warm = Math.min(200, half);
  await run(0, warm);
  const heapStart = await settledHeapMB(gc);
  await run(warm, half);
  const heapHalf = await settledHeapMB(gc);
  await run(half, CALLS);
  const elapsed = performance.now() - started;
  const heapEnd = await settledHeapMB(gc);

  // Every call settled, with the outcome its plan predicts, after exactly the attempts the policy allows.
  expect(strays).toEqual([]);
  const mismatches: string[] = [];
  let expectedAttempts = 0;
  const tally: Record<string, number> = {};
  for (let id = 0; id < CALLS; id++) {
    const { attempts, outcome } = predict(plans[id]!, policyOf(id));
    expectedAttempts += attempts;
    tally[outcomes[id]!] = (tally[outcomes[id]!] ?? 0) + 1;
    if (outcomes[id] !== outcome || seen[id] !== attempts) {
      mismatches.push(`call ${id} (${policyOf(id)}, plan ${plans[id]!.join(",")}): ${outcomes[id]} after ${seen[id]} attempts, expected ${outcome} after ${attempts}`);
    }
  }
  expect(mismatches.slice(0, 10)).toEqual([]);
  expect(outcomes.filter(Boolean)).toHaveLength(CALLS);
  for (const name of Object.keys(tally)) if (name !== "ok") expect(CLASSES[name], `unexpected outcome ${name}`).toBeDefined();
  expect(server.count("soak")).toBe(expectedAttempts + WARM_CALLS);
  expect(maxFetching).toBeLessThanOrEqual(2 * PER_CLIENT_CONCURRENCY);
  expect(fetching).toBe(0);
  // The server learns that an aborted or reset connection is gone a moment after the client has moved on, so
  // its own count may briefly pass the limit by a request or two.
  expect(server.maxInFlight("soak")).toBeLessThanOrEqual(2 * PER_CLIENT_CONCURRENCY + 3);
  expect(server.inFlight("soak")).toBe(0);
  expect(crashes).toEqual([]);
  // Usage counts exactly the calls answered.
  expect(clients.safe.usage.requests + clients.all.usage.requests).toBe(tally.ok! + WARM_CALLS);

  // Nothing left running: no timer of the SDK (the server's own are cleared by dropConnections).
  await server.dropConnections();
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(process.getActiveResourcesInfo().filter((kind) => kind === "Timeout").length).toBeLessThanOrEqual(timersBefore);

  const growth = heapEnd - heapHalf;
  const summary = {
    calls: CALLS,
    attempts: server.count("soak") - WARM_CALLS,
    outcomes: tally,
    seconds: Number((elapsed / 1000).toFixed(2)),
    callsPerSecond: Math.round(CALLS / (elapsed / 1000)),
    maxInFlight: { client: maxFetching, server: server.maxInFlight("soak") },
    heapMB: { afterWarmUp: Number(heapStart.toFixed(1)), afterFirstHalf: Number(heapHalf.toFixed(1)), afterSecondHalf: Number(heapEnd.toFixed(1)) },
    growthSecondHalfMB: Number(growth.toFixed(1)),
    gc: gc ? "forced" : "not available",
  };
  console.log(`[soak] ${JSON.stringify(summary)}`);
  expect(growth).toBeLessThan(MAX_GROWTH_MB);
}, 60_000);
