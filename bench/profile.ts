/**
 * Where an SDK call spends its CPU: a loop of calls profiled with the V8 sampling profiler (the same one
 * `node --cpu-prof` uses, started through node:inspector after a warm-up so that module loading is left
 * out), and the top functions by self time, grouped by the package they belong to.
 *
 *   npx tsx bench/profile.ts [json|multipart|image|all] [--server] [--calls N]
 *
 * By default fetch is a stub that answers at once (the client's CPU alone: validation, multipart building,
 * response parsing); with --server the calls go to the bench server on loopback (adds undici and the socket).
 * Writes the .cpuprofile to bench/results/profiles/ (open it in Chrome DevTools or speedscope) and prints a summary.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { Session } from "node:inspector/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { loadSDK, RESULTS_DIR, startServer, type SDK } from "./lib";
import { API_KEY, JSON_PARAMS, PROMPT, V3_FIELDS, pngOfSize } from "./payloads";
import { IMAGE_RESPONSE } from "./server.mjs";

type Case = "json" | "multipart" | "image";
const CASES: Case[] = ["json", "multipart", "image"];

function callOf(sdk: SDK, kind: Case, baseURL: string, stub: boolean): () => Promise<unknown> {
  const fetch = stub ? async () => new Response(IMAGE_RESPONSE, { status: 200, headers: { "content-type": "application/json" } }) : undefined;
  const client = new sdk.Ideogram({ apiKey: API_KEY, baseURL, fetch });
  const image = pngOfSize(100_000);
  if (kind === "json") return () => client.legacy.generate(JSON_PARAMS);
  if (kind === "multipart") return () => client.v3.generate(V3_FIELDS);
  return () => client.v3.remix({ prompt: PROMPT, image, image_weight: 50, rendering_speed: "TURBO" });
}

/** Profiles `calls` calls after a warm-up, with the inspector started and stopped around the loop only. */
async function profileCalls(sdk: SDK, kind: Case, baseURL: string | undefined, calls: number): Promise<{ profile: Profile; usPerCall: number }> {
  const call = callOf(sdk, kind, baseURL ?? "http://127.0.0.1:9/ok", baseURL === undefined);
  for (let index = 0; index < 1000; index++) await call();
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 50 });
  await session.post("Profiler.start");
  const started = performance.now();
  for (let index = 0; index < calls; index++) await call();
  const elapsed = performance.now() - started;
  const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: Profile };
  session.disconnect();
  return { profile, usPerCall: (elapsed / calls) * 1000 };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The package a frame belongs to: zod, form-data-encoder, undici (Node's fetch), the SDK, or node. */
function packageOf(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  if (url.includes("/zod/")) return "zod";
  if (url.includes("/form-data-encoder/")) return "form-data-encoder";
  if (url.includes("/formdata-node/")) return "formdata-node";
  if (url.includes("node:internal/deps/undici")) return "undici (fetch)";
  if (url.includes("/dist/") || url.includes("/src/")) return "ideogram-sdk";
  if (url.includes("/bench/")) return "bench";
  if (url.startsWith("node:")) return "node";
  return "other";
}

export function summarizeProfile(profile: Profile, top = 25): { functions: [string, number][]; packages: [string, number][]; totalMs: number } {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, index) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[index] ?? 0)));
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  let total = 0;
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)" || functionName === "(program)") continue;
    total += micros;
    const file = url.replace(/^.*\/(node_modules|dist|src)\//, "$1/").replace(/^file:\/\//, "");
    const key = `${functionName || "(anonymous)"}  ${file}${url ? `:${lineNumber + 1}` : ""}`;
    functions.set(key, (functions.get(key) ?? 0) + micros);
    const pkg = packageOf(url, functionName);
    packages.set(pkg, (packages.get(pkg) ?? 0) + micros);
  }
  const sorted = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, v]) => [k, v / 1000] as [string, number]);
  return { functions: sorted(functions, top), packages: sorted(packages, 20), totalMs: total / 1000 };
}

async function main(kinds: Case[], useServer: boolean, calls: number): Promise<void> {
  const { sdk, from } = await loadSDK();
  const server = useServer ? await startServer() : undefined;
  const folder = join(RESULTS_DIR, "profiles");
  await mkdir(folder, { recursive: true });
  for (const kind of kinds) {
    const { profile, usPerCall } = await profileCalls(sdk, kind, server && `${server.origin}/ok`, calls);
    const name = `${kind}${useServer ? "-server" : ""}`;
    const file = join(folder, `${name}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    const summary = summarizeProfile(profile);
    await writeFile(join(folder, `${name}.summary.json`), `${JSON.stringify({ from, calls, usPerCall, ...summary }, null, 2)}\n`);
    console.log(`\n${kind}: ${calls} calls, ${usPerCall.toFixed(1)} µs per call while profiled (${server ? "loopback" : "stub fetch"}, ${from})`);
    console.log(`  ${summary.totalMs.toFixed(0)} ms of samples, not idle; ${file}`);
    console.log("  self time by package:");
    for (const [pkg, ms] of summary.packages) console.log(`    ${((ms / summary.totalMs) * 100).toFixed(1).padStart(5)}%  ${pkg}`);
    console.log("  top functions by self time:");
    for (const [fn, ms] of summary.functions) console.log(`    ${((ms / summary.totalMs) * 100).toFixed(1).padStart(5)}%  ${fn}`);
  }
  await server?.close();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args = process.argv.slice(2);
  const which = args.find((arg) => !arg.startsWith("--") && !/^\d+$/.test(arg)) ?? "all";
  const callsIndex = args.indexOf("--calls");
  const calls = callsIndex >= 0 ? Number(args[callsIndex + 1]) : 20_000;
  await main(which === "all" ? CASES : [which as Case], args.includes("--server"), calls);
}
