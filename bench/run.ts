/**
 * The benchmark suite: `npm run bench` (options after `--`).
 *
 *   npm run bench                     everything, about 1.5 to 2 minutes on a 2-core machine
 *   npm run bench -- --quick          fewer rounds (a smoke run, about 40 s; the numbers are noisier)
 *   npm run bench -- --only 1,3       some sections: 1 overhead, 2 uploads, 3 batch, 4 import and bundle
 *   npm run bench -- --build          run `npm run build` first even when dist/ exists
 *
 * Every number is a ratio against a baseline measured in the same run (absolute times on a shared machine
 * are noise), from interleaved rounds after a warm-up, as medians and p90s. The server (bench/server.mjs) is
 * node:http on 127.0.0.1 in a child process. The SDK measured is the built package, dist/ (built first if
 * missing); BENCH_SDK=src measures src/ through tsx instead.
 *
 * Prints a table and writes bench/results/latest.json (all the numbers) and bench/results/latest.md (the
 * table, as pasted into docs/benchmarks.md).
 */
import { execSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { runBatch, type BatchResult } from "./batch";
import { runBundleSize, runColdImport, type BundleRow, type ImportRow } from "./cold-import";
import { distIsStale, fmt, loadSDK, MiB, RESULTS_DIR, ROOT, startServer } from "./lib";
import { runClientCpu, runOverhead, type CpuRow, type OverheadRow } from "./overhead";
import { FILE_BYTES, FILES, makeImageFiles, runUploadMemory, type MemoryResult } from "./upload-memory";
import { runUploads, type UploadRow } from "./uploads";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyIndex = args.indexOf("--only");
const only = new Set(onlyIndex >= 0 ? (args[onlyIndex + 1] ?? "").split(",").map(Number) : [1, 2, 3, 4]);
const scale = (full: number, small: number) => (quick ? small : full);

const SETTINGS = {
  overhead: { rounds: scale(300, 100), perRound: 5, warmup: scale(300, 100), imageBytes: 100 * 1024 },
  clientCpu: { rounds: scale(20, 8), perRound: scale(200, 100), imageBytes: 100 * 1024 },
  uploads: { rounds: scale(20, 6), perRound: 1, fileBytes: FILE_BYTES },
  batch: { calls: 200, holdMs: 100, rounds: scale(5, 2) },
  coldImport: { runs: scale(15, 5) },
};

// The benchmark talks to 127.0.0.1 only: a proxy from the environment would put undici's proxy agent (a
// different fetch) on the SDK's side and not on the baseline's.
for (const name of ["HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"]) delete process.env[name];

function machine() {
  const model = (() => {
    try {
      return /model name\s*:\s*(.+)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim();
    } catch {
      return undefined;
    }
  })();
  return {
    cpuModel: model ?? cpus()[0]?.model,
    cores: availableParallelism(),
    memoryGB: Number((totalmem() / 1024 ** 3).toFixed(1)),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((value) => Number(value.toFixed(2))),
  };
}

function ensureBuilt(): string {
  const force = args.includes("--build");
  if (process.env.BENCH_SDK === "src") return "src/ (tsx)";
  if (force || !existsSync(join(ROOT, "dist", "index.node.mjs")) || !existsSync(join(ROOT, "dist", "index.cjs"))) {
    console.log(force ? "Building (--build) ..." : "dist/ is missing: npm run build ...");
    execSync("npm run build", { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  } else if (distIsStale()) {
    console.warn("Warning: some file in src/ is newer than dist/: measuring the built dist/ as it is (pass --build to rebuild).");
  }
  return "dist/";
}

interface Row {
  section: string;
  measure: string;
  sdk: string;
  baseline: string;
  ratio: string;
  p90: string;
  target: string;
  met: string;
}

const yes = (ok: boolean) => (ok ? "yes" : "**no**");

function overheadRows(rows: OverheadRow[], cpu: CpuRow[]): Row[] {
  return rows.map((row) => {
    const cpuRow = cpu.find((entry) => entry.name === row.name);
    return {
      section: "1 per-request overhead",
      measure:
        `${row.name}: SDK / fetch${row.name.startsWith("JSON") ? "" : " + FormData"}, one at a time, wall time per call. ` +
        `Client CPU per call ${fmt.us(row.cpu.sdk)} vs ${fmt.us(row.cpu.baseline)} (${fmt.ratio(row.cpu.ratio)})` +
        (cpuRow ? `; SDK CPU with a stub fetch ${fmt.us(cpuRow.sdkUs.median / 1000)}` : ""),
      sdk: fmt.us(row.sdk.median),
      baseline: fmt.us(row.baseline.median),
      ratio: fmt.ratio(row.ratio),
      p90: fmt.ratio(row.ratioP90),
      target: "≤ 1.05×",
      met: yes(row.ratio <= 1.05),
    };
  });
}

function uploadRows(rows: UploadRow[], memory: MemoryResult[] | undefined): Row[] {
  const out: Row[] = [];
  for (const row of rows) {
    out.push({
      section: "2 uploads",
      measure: `${fmt.mb(row.bytes)} image ${row.name}: throughput, SDK vs fetch + FormData (raw time / SDK time)`,
      sdk: `${row.MBps.sdk.toFixed(0)} MB/s`,
      baseline: `${row.MBps.raw.toFixed(0)} MB/s`,
      ratio: fmt.ratio(row.vsRaw.median),
      p90: fmt.ratio(row.vsRaw.p90),
      target: "≥ 0.95×",
      met: yes(row.vsRaw.median >= 0.95),
    });
    out.push({
      section: "2 uploads",
      measure: `${fmt.mb(row.bytes)} image ${row.name}: throughput, SDK vs fetch of a hand-made one-Blob body, redirect "error" (the floor)`,
      sdk: `${row.MBps.sdk.toFixed(0)} MB/s`,
      baseline: `${row.MBps.floor.toFixed(0)} MB/s`,
      ratio: fmt.ratio(row.vsFloor.median),
      p90: fmt.ratio(row.vsFloor.p90),
      target: "≥ 0.95×",
      met: yes(row.vsFloor.median >= 0.95),
    });
  }
  const find = (scenario: string) => memory?.find((entry) => entry.scenario === scenario);
  for (const kind of ["paths", "bytes"] as const) {
    const sdk = find(`sdk-${kind}`);
    const raw = find(`raw-${kind}`);
    if (!sdk || !raw) continue;
    out.push({
      section: "2 uploads",
      measure: `peak RSS growth, ${sdk.calls} concurrent uploads ${kind === "paths" ? "from paths" : "from bytes (read inside the window)"}, ${fmt.mb(sdk.totalFileBytes)} of files; ratio = growth / file bytes (baseline: fetch + FormData${kind === "paths" ? " + fs.openAsBlob" : ""})`,
      sdk: fmt.mb(sdk.peakGrowth),
      baseline: fmt.mb(raw.peakGrowth),
      ratio: `${sdk.ratio.toFixed(2)} (baseline ${raw.ratio.toFixed(2)})`,
      p90: "–",
      target: kind === "paths" ? "≤ 0.5 (far below the files)" : "– (holds the bytes)",
      met: kind === "paths" ? yes(sdk.ratio <= 0.5) : "–",
    });
  }
  return out;
}

function batchRows(result: BatchResult): Row[] {
  return [
    {
      section: "3 batch",
      measure: `${result.calls} calls, maxConcurrency ${result.maxConcurrency} (default), server allows ${result.serverLimit} in flight and holds each ${result.holdMs} ms: wall time / ideal (${fmt.ms(result.idealMs)})`,
      sdk: fmt.ms(result.sdk.median),
      baseline: `${fmt.ms(result.idealMs)} ideal`,
      ratio: fmt.ratio(result.sdkVsIdeal.median),
      p90: fmt.ratio(result.sdkVsIdeal.p90),
      target: "≤ 1.05×",
      met: yes(result.sdkVsIdeal.median <= 1.05),
    },
    {
      section: "3 batch",
      measure: "the same batch: 429s the server sent to the SDK (all rounds), most in flight it saw",
      sdk: `${result.sdk429} × 429, ${result.sdkMaxInFlight} in flight`,
      baseline: `${result.raw429} × 429 (hand-written 10-slot queue)`,
      ratio: "–",
      p90: "–",
      target: "0",
      met: yes(result.sdk429 === 0),
    },
    {
      section: "3 batch",
      measure: "the same batch by hand: fetch through a 10-slot queue: wall time / ideal (the floor of this server)",
      sdk: "–",
      baseline: fmt.ms(result.raw.median),
      ratio: fmt.ratio(result.rawVsIdeal.median),
      p90: fmt.ratio(result.rawVsIdeal.p90),
      target: "–",
      met: "–",
    },
    {
      section: "3 batch",
      measure: "the same batch with no limit (Promise.all over fetch), for contrast",
      sdk: "–",
      baseline: `${result.unlimited429} × 429 of ${result.calls}`,
      ratio: "–",
      p90: "–",
      target: "–",
      met: "–",
    },
  ];
}

function importRows(rows: ImportRow[], bundles: BundleRow[]): Row[] {
  const ms = (name: string) => rows.find((row) => row.name === name)!;
  const sdkImport = ms("ideogram-sdk");
  const sdkRequire = ms("ideogram-sdk (require)");
  const out: Row[] = [];
  for (const [name, base] of [["zod", "zod"], ["form-data-encoder", "form-data-encoder"], ["zod + form-data-encoder + formdata-node", "its dependencies"]] as const) {
    const row = ms(name);
    out.push({
      section: "4 cold import",
      measure: `import("ideogram-sdk") vs import of ${base} alone (fresh node process each, import time)`,
      sdk: fmt.ms(sdkImport.ms.median),
      baseline: fmt.ms(row.ms.median),
      ratio: fmt.ratio(sdkImport.ms.median / row.ms.median),
      p90: `${fmt.ms(sdkImport.ms.p90)} / ${fmt.ms(row.ms.p90)}`,
      target: "– (reported)",
      met: "–",
    });
  }
  const zodRequire = ms("zod (require)");
  out.push({
    section: "4 cold import",
    measure: `require("ideogram-sdk") vs require("zod")`,
    sdk: fmt.ms(sdkRequire.ms.median),
    baseline: fmt.ms(zodRequire.ms.median),
    ratio: fmt.ratio(sdkRequire.ms.median / zodRequire.ms.median),
    p90: `${fmt.ms(sdkRequire.ms.p90)} / ${fmt.ms(zodRequire.ms.p90)}`,
    target: "– (reported)",
    met: "–",
  });
  const [sdkBundle, zodBundle] = bundles;
  if (sdkBundle && zodBundle) {
    out.push({
      section: "4 edge bundle",
      measure: `${sdkBundle.name}, minified + gzip; baseline: ${zodBundle.name}`,
      sdk: `${fmt.kb(sdkBundle.gzipBytes)} (${fmt.kb(sdkBundle.minifiedBytes)} min)`,
      baseline: `${fmt.kb(zodBundle.gzipBytes)} (${fmt.kb(zodBundle.minifiedBytes)} min)`,
      ratio: fmt.ratio(sdkBundle.gzipBytes / zodBundle.gzipBytes),
      p90: "–",
      target: "< 52 kB (test budget)",
      met: yes(sdkBundle.gzipBytes < 52 * 1024),
    });
  }
  return out;
}

function markdown(rows: Row[]): string {
  const header = ["section", "measure", "SDK", "baseline", "ratio (median)", "p90", "target", "met"];
  const lines = [`| ${header.join(" | ")} |`, `| ${header.map(() => "---").join(" | ")} |`];
  for (const row of rows) lines.push(`| ${[row.section, row.measure, row.sdk, row.baseline, row.ratio, row.p90, row.target, row.met].join(" | ")} |`);
  return lines.join("\n");
}

async function main(): Promise<void> {
  const started = performance.now();
  const info = machine();
  const built = ensureBuilt();
  const { sdk, from } = await loadSDK();
  console.log(`ideogram-sdk bench: ${from}; ${info.cpuModel}, ${info.cores} cores, ${info.memoryGB} GB, Node ${info.node}; load ${info.loadAverageAtStart.join(" ")}${quick ? "; --quick" : ""}`);
  const server = await startServer();
  const folder = await mkdtemp(join(tmpdir(), "ideogram-bench-"));
  const results: Record<string, unknown> = {};
  const rows: Row[] = [];
  const step = (name: string) => console.log(`  ${name} ... (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  try {
    if (only.has(1)) {
      step("1 per-request overhead");
      const overhead = await runOverhead(sdk, server, SETTINGS.overhead);
      step("1 client CPU per call (stub fetch)");
      const clientCpu = await runClientCpu(sdk, SETTINGS.clientCpu);
      results.overhead = overhead;
      results.clientCpu = clientCpu;
      rows.push(...overheadRows(overhead, clientCpu));
    }
    if (only.has(2)) {
      step("2 uploads: throughput");
      const [path] = await makeImageFiles(folder, FILES, SETTINGS.uploads.fileBytes);
      const uploads = await runUploads(sdk, server, path!, SETTINGS.uploads);
      step("2 uploads: memory (a child process per scenario)");
      const memory = await runUploadMemory(server, folder);
      results.uploads = uploads;
      results.uploadMemory = memory;
      rows.push(...uploadRows(uploads, memory));
    }
    if (only.has(3)) {
      step("3 batch");
      const batch = await runBatch(sdk, server, SETTINGS.batch);
      results.batch = batch;
      rows.push(...batchRows(batch));
    }
    if (only.has(4)) {
      step("4 cold import");
      const coldImport = runColdImport(SETTINGS.coldImport.runs);
      step("4 edge bundle");
      const bundle = await runBundleSize();
      results.coldImport = coldImport;
      results.bundle = bundle;
      rows.push(...importRows(coldImport, bundle));
    }
  } finally {
    await server.close();
    await rm(folder, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const table = markdown(rows);
  console.log(`\n${table}\n`);
  await mkdir(RESULTS_DIR, { recursive: true });
  const report = {
    date: new Date().toISOString(),
    machine: { ...info, loadAverageAtEnd: loadavg().map((value) => Number(value.toFixed(2))) },
    sdk: { from, built },
    quick,
    settings: SETTINGS,
    seconds,
    table: rows,
    results,
  };
  await writeFile(join(RESULTS_DIR, "latest.json"), `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(
    join(RESULTS_DIR, "latest.md"),
    `${info.cpuModel}, ${info.cores} cores, ${info.memoryGB} GB, Node ${info.node}, ${report.date}, ${seconds.toFixed(0)} s, load ${info.loadAverageAtStart.join(" ")} → ${report.machine.loadAverageAtEnd.join(" ")}\n\n${table}\n`,
  );
  console.log(`Wrote bench/results/latest.json and latest.md (${seconds.toFixed(0)} s; ${(FILES * SETTINGS.uploads.fileBytes) / MiB} MB of temp files removed)`);
}

await main();
