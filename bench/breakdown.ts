/**
 * Where the per-request overhead of a JSON call goes: a chain of hand-written calls, each adding one thing
 * the SDK does, from the bare fetch to the SDK call, in interleaved rounds against the bench server.
 *
 *   npx tsx bench/breakdown.ts [--rounds N]
 *
 * Every line is a ratio to `fetch, redirect "error"` (the bare request as the SDK sends it):
 *
 *   fetch (default)       what a user writes: redirect "follow" (fetch then keeps a copy of the body to replay)
 *   fetch, redirect error the floor: the same request, the body not kept
 *   + abort signal        an AbortController and a timer per attempt (the SDK's per-attempt timeout)
 *   + zod both ways       the params validated before, the response after (the SDK's schemas)
 *   + redaction           the response headers copied with the key redacted, the body redacted, then parsed
 *   SDK                   legacy.generate: all the above plus headers, pricing and budget, limiter, logging
 */
import { API_KEY, JSON_PARAMS } from "./payloads";
import { interleaved, loadSDK, median, quantile, ROOT, startServer } from "./lib";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const roundsIndex = args.indexOf("--rounds");
const rounds = roundsIndex >= 0 ? Number(args[roundsIndex + 1]) : 600;

const { sdk, from } = await loadSDK();
const schemas = (await import(pathToFileURL(join(ROOT, process.env.BENCH_SDK === "src" ? "src/schemas/index.ts" : "dist/schemas.node.mjs")).href)) as typeof import("ideogram-sdk/schemas");
const server = await startServer();
const base = `${server.origin}/ok`;
const url = `${base}/generate`;
const client = new sdk.Ideogram({ apiKey: API_KEY, baseURL: base });
const headers = { "Api-Key": API_KEY, "Content-Type": "application/json" };
const redact = (text: string) => (text.includes(API_KEY) ? text.split(API_KEY).join("[redacted]") : text);

const withSignal = async <T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 180_000);
  try {
    return await run(controller.signal);
  } finally {
    clearTimeout(timer);
  }
};

const variants: Record<string, () => Promise<unknown>> = {
  "fetch (default)": async () => (await fetch(url, { method: "POST", headers, body: JSON.stringify(JSON_PARAMS) })).json(),
  'fetch, redirect "error"': async () => (await fetch(url, { method: "POST", headers, body: JSON.stringify(JSON_PARAMS), redirect: "error" })).json(),
  "+ abort signal": () =>
    withSignal(async (signal) => (await fetch(url, { method: "POST", headers, body: JSON.stringify(JSON_PARAMS), redirect: "error", signal })).json()),
  "+ zod both ways": () =>
    withSignal(async (signal) => {
      schemas.LegacyGenerateParams.parse(JSON_PARAMS);
      const response = await fetch(url, { method: "POST", headers, body: JSON.stringify(JSON_PARAMS), redirect: "error", signal });
      return schemas.ImageResponse.parse(await response.json());
    }),
  "+ redaction": () =>
    withSignal(async (signal) => {
      schemas.LegacyGenerateParams.parse(JSON_PARAMS);
      const response = await fetch(url, { method: "POST", headers: new Headers(headers), body: JSON.stringify(JSON_PARAMS), redirect: "error", signal });
      const copy = new Headers();
      response.headers.forEach((value, name) => copy.append(name, redact(value)));
      return schemas.ImageResponse.parse(JSON.parse(redact(await response.text())));
    }),
  SDK: () => client.legacy.generate(JSON_PARAMS),
};

for (const run of Object.values(variants)) for (let index = 0; index < 300; index++) await run();
const times = await interleaved(rounds, 3, variants);
const floor = times['fetch, redirect "error"']!;
console.log(`${from}; ${rounds} rounds of 3 calls; floor ${(median(floor.wall) * 1000).toFixed(0)} µs per call\n`);
console.log("| step | wall / floor (median) | p90 / floor p90 | client CPU per call |");
console.log("| --- | --- | --- | --- |");
for (const [name, timing] of Object.entries(times)) {
  console.log(
    `| ${name} | ${(median(timing.wall) / median(floor.wall)).toFixed(3)}× | ${(quantile(timing.wall, 0.9) / quantile(floor.wall, 0.9)).toFixed(3)}× | ${(median(timing.cpu) * 1000).toFixed(0)} µs |`,
  );
}
await server.close();
