/**
 * Upload memory: does a string path really stream from disk?
 *
 *   npx tsx bench/upload-memory.ts
 *
 * Makes FILES files of FILE_MB MB each (a valid PNG header, then filler) in a temp folder, starts a local
 * server that reads and discards request bodies, and sends FILES concurrent `v3.remix` calls through the SDK,
 * sampling `process.memoryUsage().rss` every 10 ms. Two scenarios, each in a fresh child process so that
 * neither inherits the other's heap:
 *
 *   - paths: the calls get string paths (streamed from disk: growth should stay far below the file bytes);
 *   - bytes: the calls get Uint8Array bytes already in memory (growth includes the buffers themselves).
 *
 * Writes bench/results/upload-memory.json and prints a table.
 */
import { fork } from "node:child_process";
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Ideogram } from "ideogram-sdk";

const FILES = 8;
const FILE_MB = 20;
const FILE_BYTES = FILE_MB * 1024 * 1024;
const SAMPLE_MS = 10;
const MiB = 1024 * 1024;

type Scenario = "paths" | "bytes";

interface Result {
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

async function runScenario(scenario: Scenario, folder: string): Promise<Result> {
  const paths = Array.from({ length: FILES }, (_, index) => join(folder, `image-${index}.png`));
  let serverBytes = 0;
  const server = createServer((req, res) => {
    req.on("data", (chunk: Buffer) => (serverBytes += chunk.length));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ created: "2025-01-01T00:00:00Z", data: [{ url: null, prompt: "p", resolution: "1024x1024", is_image_safe: false, seed: 1 }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const client = new Ideogram({ apiKey: "bench-key", baseURL: `http://127.0.0.1:${port}`, maxRetries: 0, timeout: 120_000, logLevel: "off" });

  // Warm up the SDK (module code, zod schemas, fetch) so that the baseline does not count it.
  const small = new Uint8Array((await readFile(paths[0]!)).subarray(0, 64 * 1024));
  const smallPath = join(folder, `warm-up-${scenario}.png`);
  await writeFile(smallPath, small);
  await client.v3.remix({ prompt: "warm up", image: scenario === "paths" ? smallPath : small });
  serverBytes = 0;

  collectGarbage();
  const baseline = process.memoryUsage();
  const baselineRSS = baseline.rss;
  let peakRSS = baselineRSS;
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
  // For "bytes", the buffers are read inside the measured window: the growth includes them, as it would
  // for a user who holds the images in memory.
  const inputs: (string | Uint8Array)[] =
    scenario === "paths"
      ? paths
      : await Promise.all(
          paths.map(async (path) => {
            const buffer = await readFile(path);
            return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength); // no copy
          }),
        );
  await Promise.all(inputs.map((image, index) => client.v3.remix({ prompt: `call ${index}`, image })));
  const durationMs = performance.now() - started;
  clearInterval(sampler);
  sample();
  await new Promise<void>((resolve) => server.close(() => resolve()));

  const totalFileBytes = FILES * FILE_BYTES;
  return {
    scenario,
    files: FILES,
    fileBytes: FILE_BYTES,
    totalFileBytes,
    baselineRSS,
    peakRSS,
    peakGrowth: peakRSS - baselineRSS,
    ratio: (peakRSS - baselineRSS) / totalFileBytes,
    peakArrayBuffersGrowth: peakArrayBuffers - baseline.arrayBuffers,
    durationMs,
    samples,
    serverBytes,
    calls: inputs.length,
  };
}

// ── parent: make the files, run each scenario in a child, report ───────────────────────────────

async function makeFiles(folder: string): Promise<void> {
  const header = await pngHeader();
  const filler = new Uint8Array(MiB);
  for (let index = 0; index < filler.length; index++) filler[index] = (index * 2654435761) >>> 24;
  for (let file = 0; file < FILES; file++) {
    const handle = await open(join(folder, `image-${file}.png`), "w");
    try {
      await handle.write(header);
      for (let written = header.length; written < FILE_BYTES; ) {
        const { bytesWritten } = await handle.write(filler, 0, Math.min(filler.length, FILE_BYTES - written));
        written += bytesWritten;
      }
    } finally {
      await handle.close();
    }
  }
}

/** A 1x1 PNG: the SDK sniffs the type from these bytes. */
async function pngHeader(): Promise<Uint8Array> {
  return new Uint8Array(
    Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC", "base64"),
  );
}

function runChild(scenario: Scenario, folder: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ["--child", scenario, folder], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: Result | undefined;
    child.on("message", (message) => (result = message as Result));
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 && result ? resolve(result) : reject(new Error(`${scenario} child exited with ${code}`))));
  });
}

const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MB`;

async function main(): Promise<void> {
  if (process.argv[2] === "--child") {
    const result = await runScenario(process.argv[3] as Scenario, process.argv[4]!);
    process.send!(result, () => process.exit(0));
    return;
  }
  const folder = await mkdtemp(join(tmpdir(), "ideogram-upload-memory-"));
  try {
    const made = performance.now();
    await makeFiles(folder);
    console.log(`Made ${FILES} files of ${FILE_MB} MB in ${((performance.now() - made) / 1000).toFixed(1)} s (${folder})`);
    const results: Result[] = [];
    for (const scenario of ["paths", "bytes"] as const) results.push(await runChild(scenario, folder));

    console.log();
    console.table(
      results.map((r) => ({
        input: r.scenario === "paths" ? "string paths" : "Uint8Array in memory",
        calls: r.calls,
        "file bytes": mb(r.totalFileBytes),
        "server got": mb(r.serverBytes),
        "baseline RSS": mb(r.baselineRSS),
        "peak RSS": mb(r.peakRSS),
        "peak growth": mb(r.peakGrowth),
        "growth / files": r.ratio.toFixed(3),
        "peak ArrayBuffers growth": mb(r.peakArrayBuffersGrowth),
        "time": `${(r.durationMs / 1000).toFixed(2)} s`,
        samples: r.samples,
      })),
    );
    const out = join(dirname(fileURLToPath(import.meta.url)), "results", "upload-memory.json");
    await mkdir(dirname(out), { recursive: true });
    await writeFile(
      out,
      `${JSON.stringify({ date: new Date().toISOString(), node: process.version, platform: `${process.platform} ${process.arch}`, sampleMs: SAMPLE_MS, results }, null, 2)}\n`,
    );
    console.log(`\nWrote ${out}`);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

await main();
