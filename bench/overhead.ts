/**
 * 1. Per-request overhead: SDK calls against hand-written fetch (+ FormData) of the same request, one request
 * at a time, after a warm-up, in interleaved rounds of a few calls each. The time of a call is the whole
 * call: validating, building the body, the round trip on loopback, reading and parsing the response. The
 * client process's CPU time per call is read as well: it is what the SDK adds in work, and it is far less
 * disturbed by other load on the machine than the wall time.
 */
import { compare, interleaved, summarize, type Comparison, type SDK, type Server, type Summary } from "./lib";
import { API_KEY, pngOfSize, smallPairs } from "./payloads";

export interface OverheadRow extends Comparison {
  name: string;
  /** median SDK - median baseline wall time, ms: what the SDK adds per call. */
  addedMs: number;
}

export interface OverheadOptions {
  rounds: number;
  perRound: number;
  warmup: number;
  imageBytes: number;
}

export async function runOverhead(sdk: SDK, server: Server, options: OverheadOptions): Promise<OverheadRow[]> {
  const base = `${server.origin}/ok`;
  const client = new sdk.Ideogram({ apiKey: API_KEY, baseURL: base });
  const rows: OverheadRow[] = [];
  for (const pair of smallPairs(client, base, pngOfSize(options.imageBytes))) {
    for (let index = 0; index < options.warmup; index++) {
      await pair.sdk();
      await pair.raw();
    }
    const times = await interleaved(options.rounds, options.perRound, { sdk: pair.sdk, raw: pair.raw });
    const comparison = compare(times.sdk, times.raw);
    rows.push({ name: pair.name, ...comparison, addedMs: comparison.sdk.median - comparison.baseline.median });
  }
  const stats = await server.stats();
  if (stats.tooMany || stats.requests !== stats.ok) throw new Error(`overhead: the server answered ${stats.ok} of ${stats.requests} requests`);
  return rows;
}

export interface CpuRow {
  name: string;
  /** Microseconds per SDK call with a fetch that answers at once (no network), minus the stub's own cost. */
  sdkUs: Summary;
  /** The stub alone: making the Response and parsing it, µs. */
  stubUs: number;
}

/**
 * The client's own CPU per call in a tight loop: the same calls with a fetch stub that returns a ready
 * Response, so that only validation, building the body, the transport's bookkeeping and response parsing
 * are timed (and nothing of undici's request path). A floor: on a real socket the same code runs with colder
 * caches between network events, and costs more.
 */
export async function runClientCpu(sdk: SDK, options: { rounds: number; perRound: number; imageBytes: number }): Promise<CpuRow[]> {
  const { IMAGE_RESPONSE } = await import("./server.mjs");
  const stub = async () => new Response(IMAGE_RESPONSE, { status: 200, headers: { "content-type": "application/json" } });
  const client = new sdk.Ideogram({ apiKey: API_KEY, baseURL: "http://127.0.0.1:9/ok", fetch: stub });
  const stubOnly = async () => (await stub()).json();
  const rows: CpuRow[] = [];
  for (const pair of smallPairs(client, "http://127.0.0.1:9/ok", pngOfSize(options.imageBytes))) {
    for (let index = 0; index < options.perRound * 3; index++) {
      await pair.sdk();
      await stubOnly();
    }
    const times = await interleaved(options.rounds, options.perRound, { sdk: pair.sdk, stub: stubOnly });
    const stubUs = summarize(times.stub.cpu).median * 1000;
    rows.push({ name: pair.name, sdkUs: summarize(times.sdk.cpu.map((ms) => ms * 1000 - stubUs)), stubUs });
  }
  return rows;
}
