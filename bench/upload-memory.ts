/**
 * Upload memory: does a string path really stream from disk, and what does an upload hold in memory
 * compared with the same upload written by hand?
 *
 *   npx tsx bench/upload-memory.ts        (also run by `npm run bench`, as part of section 2)
 *
 * Makes FILES files of FILE_MB MB each (a valid PNG header, then filler) in a temp folder, and sends FILES
 * concurrent remix uploads to the bench server (bench/server.mjs, in its own process: the bytes it receives
 * do not count), sampling `process.memoryUsage()` every 10 ms. Each scenario runs in a fresh child process,
 * so that none inherits another's heap:
 *
 *   - sdk-paths: `v3.remix` with string paths (streamed from disk: growth should stay far below the files);
 *   - raw-paths: fetch + FormData with `fs.openAsBlob(path)` (Node's own file-backed Blob), the floor;
 *   - sdk-bytes: `v3.remix` with Uint8Arrays read into memory inside the measured window;
 *   - raw-bytes: fetch + FormData with `new Blob([bytes])` of the same Uint8Arrays.
 *
 * Writes bench/results/upload-memory.json and prints a table.
 */
import { fork } from "node:child_process";
import { openAsBlob } from "node:fs";
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { fmt, loadSDK, MiB, RESULTS_DIR, startServer, type Server } from "./lib";
import { API_KEY, PROMPT } from "./payloads";

export const FILES = 8;
export const FILE_MB = Number(process.env.BENCH_FILE_MB ?? 20);
export const FILE_BYTES = FILE_MB * MiB;
const SAMPLE_MS = 10;

export const SCENARIOS = ["sdk-paths", "raw-paths", "sdk-bytes", "raw-bytes"] as const;
export type Scenario = (typeof SCENARIOS)[number];

export interface MemoryResult {
  scenario: Scenario;
  files: number;
  fileBytes: number;
  totalFileBytes: number;
  baselineRSS: number;
  peakRSS: number;
  peakGrowth: number;
  /** peakGrowth / totalFileBytes */
  ratio: number;
  /** Peak growth of memory held by ArrayBuffers (Buffers, Blobs' JS copies), sampled alongside RSS. */
  peakArrayBuffersGrowth: number;
  durationMs: number;
  samples: number;
  serverBytes: number;
  calls: number;
}

// ── child: one scenario ─────────────────────────────────────────────────────────────────────────

function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  gc();
  gc();
}

async function runScenario(scenario: Scenario, folder: string, origin: string): Promise<Omit<MemoryResult, "serverBytes">> {
  const { sdk } = await loadSDK();
  const paths = Array.from({ length: FILES }, (_, index) => join(folder, `image-${index}.png`));
  const base = `${origin}/ok`;
  const client = new sdk.Ideogram({ apiKey: API_KEY, baseURL: base, maxRetries: 0, timeout: 120_000 });
  const raw = async (image: Blob, name: string) => {
    const form = new FormData();
    form.append("prompt", PROMPT);
    form.append("image", image, name);
    const response = await fetch(`${base}/v1/ideogram-v3/remix`, { method: "POST", headers: { "Api-Key": API_KEY }, body: form });
    if (!response.ok) throw new Error(`${response.status}`);
    return response.json();
  };
  const send = (image: string | Uint8Array<ArrayBuffer>, index: number) => {
    if (scenario.startsWith("sdk")) return client.v3.remix({ prompt: PROMPT, image });
    return typeof image === "string"
      ? openAsBlob(image, { type: "image/png" }).then((blob) => raw(blob, `image-${index}.png`))
      : raw(new Blob([image], { type: "image/png" }), `image-${index}.png`);
  };

  // Warm up the code paths (module code, zod schemas, fetch) so that the baseline does not count them.
  const small = new Uint8Array((await readFile(paths[0]!)).subarray(0, 64 * 1024));
  const smallPath = join(folder, `warm-up-${scenario}.png`);
  await writeFile(smallPath, small);
  await send(scenario.endsWith("paths") ? smallPath : small, 0);

  collectGarbage();
  const baseline = process.memoryUsage();
  let peakRSS = baseline.rss;
  let peakArrayBuffers = baseline.arrayBuffers;
  let samples = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    samples++;
    peakRSS = Math.max(peakRSS, usage.rss);
    peakArrayBuffers = Math.max(peakArrayBuffers, usage.arrayBuffers);
  };
  const sampler = setInterval(sample, SAMPLE_MS);

  const started = performance.now();
  // For bytes, the buffers are read inside the measured window: the growth includes them, as it would for
  // a user who holds the images in memory.
  const inputs: (string | Uint8Array<ArrayBuffer>)[] = scenario.endsWith("paths")
    ? paths
    : await Promise.all(
        paths.map(async (path) => {
          const buffer = await readFile(path);
          return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) as Uint8Array<ArrayBuffer>; // no copy
        }),
      );
  await Promise.all(inputs.map((image, index) => send(image, index)));
  const durationMs = performance.now() - started;
  clearInterval(sampler);
  sample();

  const totalFileBytes = FILES * FILE_BYTES;
  return {
    scenario,
    files: FILES,
    fileBytes: FILE_BYTES,
    totalFileBytes,
    baselineRSS: baseline.rss,
    peakRSS,
    peakGrowth: peakRSS - baseline.rss,
    ratio: (peakRSS - baseline.rss) / totalFileBytes,
    peakArrayBuffersGrowth: peakArrayBuffers - baseline.arrayBuffers,
    durationMs,
    samples,
    calls: inputs.length,
  };
}

// ── parent: make the files, run each scenario in a child ────────────────────────────────────────

/** `count` files of `bytes` bytes each: a valid 1x1 PNG (the SDK sniffs its type), then filler. */
export async function makeImageFiles(folder: string, count: number, bytes: number): Promise<string[]> {
  const header = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC", "base64");
  const filler = new Uint8Array(MiB);
  for (let index = 0; index < filler.length; index++) filler[index] = (index * 2654435761) >>> 24;
  const paths: string[] = [];
  for (let file = 0; file < count; file++) {
    const path = join(folder, `image-${file}.png`);
    const handle = await open(path, "w");
    try {
      await handle.write(header);
      for (let written = header.length; written < bytes; ) {
        const { bytesWritten } = await handle.write(filler, 0, Math.min(filler.length, bytes - written));
        written += bytesWritten;
      }
      await handle.sync(); // written back now, not by the kernel during the measurements
    } finally {
      await handle.close();
    }
    paths.push(path);
  }
  return paths;
}

function runChild(scenario: Scenario, folder: string, origin: string): Promise<Omit<MemoryResult, "serverBytes">> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--child", scenario, folder, origin], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: Omit<MemoryResult, "serverBytes"> | undefined;
    child.on("message", (message) => (result = message as typeof result));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 && result ? resolve(result) : reject(new Error(`${scenario} child exited with ${code}`))));
  });
}

/** Runs every scenario against `server`, with the files in `folder` (made by makeImageFiles). */
export async function runUploadMemory(server: Server, folder: string): Promise<MemoryResult[]> {
  const results: MemoryResult[] = [];
  await server.stats();
  for (const scenario of SCENARIOS) {
    const result = await runChild(scenario, folder, server.origin);
    const { bodyBytes, tooMany, ok, requests } = await server.stats();
    if (tooMany || ok !== requests) throw new Error(`upload-memory ${scenario}: the server answered ${ok} of ${requests}`);
    results.push({ ...result, serverBytes: bodyBytes });
  }
  return results;
}

export function memoryTable(results: MemoryResult[]): Record<string, string | number>[] {
  return results.map((r) => ({
    scenario: r.scenario,
    calls: r.calls,
    "file bytes": fmt.mb(r.totalFileBytes),
    "baseline RSS": fmt.mb(r.baselineRSS),
    "peak RSS growth": fmt.mb(r.peakGrowth),
    "growth / files": r.ratio.toFixed(3),
    "peak ArrayBuffers growth": fmt.mb(r.peakArrayBuffersGrowth),
    time: `${(r.durationMs / 1000).toFixed(2)} s`,
  }));
}

async function main(): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), "ideogram-upload-memory-"));
  const server = await startServer();
  try {
    const made = performance.now();
    await makeImageFiles(folder, FILES, FILE_BYTES);
    console.log(`Made ${FILES} files of ${FILE_MB} MB in ${((performance.now() - made) / 1000).toFixed(1)} s (${folder})`);
    const results = await runUploadMemory(server, folder);
    console.table(memoryTable(results));
    const out = join(RESULTS_DIR, "upload-memory.json");
    await mkdir(RESULTS_DIR, { recursive: true });
    await writeFile(
      out,
      `${JSON.stringify({ date: new Date().toISOString(), node: process.version, platform: `${process.platform} ${process.arch}`, sampleMs: SAMPLE_MS, results }, null, 2)}\n`,
    );
    console.log(`\nWrote ${out}`);
  } finally {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  }
}

if (process.argv[2] === "--child") {
  const result = await runScenario(process.argv[3] as Scenario, process.argv[4]!, process.argv[5]!);
  process.send!(result, () => process.exit(0));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main();
}
