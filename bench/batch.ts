/**
 * 3. A batch of calls on a client with the default concurrency (10), against a server that allows 10
 * requests in flight (one more gets 429 at once) and holds each for HOLD ms. The ideal is
 * ceil(calls / 10) x HOLD; the SDK's wall time is compared with it and with a hand-written baseline
 * (fetch with a 10-slot queue), in alternating rounds. For contrast, the same batch sent with a bare
 * `Promise.all` over fetch, which a limit-less client does, shows what the limit is for.
 */
import { summarize, type SDK, type Server, type Summary } from "./lib";
import { API_KEY, JSON_PARAMS } from "./payloads";

export interface BatchResult {
  calls: number;
  holdMs: number;
  serverLimit: number;
  maxConcurrency: number;
  idealMs: number;
  /** Wall time of each round, ms. */
  sdk: Summary;
  raw: Summary;
  /** SDK wall time / ideal, per round. */
  sdkVsIdeal: Summary;
  rawVsIdeal: Summary;
  /** 429s the server sent during the SDK's rounds (all rounds together), and the most in flight it saw. */
  sdk429: number;
  sdkMaxInFlight: number;
  raw429: number;
  /** The bare Promise.all: its 429s out of `calls`, and its wall time. */
  unlimited429: number;
  unlimitedMs: number;
}

export interface BatchOptions {
  calls: number;
  holdMs: number;
  rounds: number;
}

const SERVER_LIMIT = 10;

export async function runBatch(sdk: SDK, server: Server, options: BatchOptions): Promise<BatchResult> {
  const base = `${server.origin}/hold/${options.holdMs}/${SERVER_LIMIT}`;
  const client = new sdk.Ideogram({ apiKey: API_KEY, baseURL: base }); // default maxConcurrency, retries
  const body = JSON.stringify(JSON_PARAMS);
  const rawCall = async () => {
    const response = await fetch(`${base}/generate`, { method: "POST", headers: { "Api-Key": API_KEY, "Content-Type": "application/json" }, body });
    await response.json();
    return response.status;
  };
  /** The hand-written baseline: `calls` calls through a FIFO of `limit` slots. */
  const rawBatch = async (limit: number) => {
    let next = 0;
    const worker = async () => {
      while (next < options.calls) {
        next++;
        if ((await rawCall()) !== 200) throw new Error("raw batch got an error status");
      }
    };
    await Promise.all(Array.from({ length: limit }, worker));
  };
  const sdkBatch = () => Promise.all(Array.from({ length: options.calls }, () => client.legacy.generate(JSON_PARAMS)));
  const time = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    return performance.now() - started;
  };

  // Warm-up: connections open, code compiled.
  await sdkBatch();
  await rawBatch(SERVER_LIMIT);
  await server.stats();

  const sdkTimes: number[] = [];
  const rawTimes: number[] = [];
  let sdk429 = 0;
  let sdkMaxInFlight = 0;
  let raw429 = 0;
  for (let round = 0; round < options.rounds; round++) {
    for (const side of round % 2 ? (["raw", "sdk"] as const) : (["sdk", "raw"] as const)) {
      if (side === "sdk") {
        sdkTimes.push(await time(sdkBatch));
        const stats = await server.stats();
        sdk429 += stats.tooMany;
        sdkMaxInFlight = Math.max(sdkMaxInFlight, stats.maxInFlight);
      } else {
        rawTimes.push(await time(() => rawBatch(SERVER_LIMIT)));
        raw429 += (await server.stats()).tooMany;
      }
    }
  }

  const unlimitedMs = await time(() => Promise.all(Array.from({ length: options.calls }, rawCall)));
  const unlimited429 = (await server.stats()).tooMany;

  const idealMs = Math.ceil(options.calls / SERVER_LIMIT) * options.holdMs;
  return {
    calls: options.calls,
    holdMs: options.holdMs,
    serverLimit: SERVER_LIMIT,
    maxConcurrency: client.maxConcurrency,
    idealMs,
    sdk: summarize(sdkTimes),
    raw: summarize(rawTimes),
    sdkVsIdeal: summarize(sdkTimes.map((ms) => ms / idealMs)),
    rawVsIdeal: summarize(rawTimes.map((ms) => ms / idealMs)),
    sdk429,
    sdkMaxInFlight,
    raw429,
    unlimited429,
    unlimitedMs,
  };
}
