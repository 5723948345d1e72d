/**
 * What every section of the benchmark shares: the server in a child process, statistics, and the SDK
 * as it is published (the built `dist/`, imported by the package's own name).
 */
import { fork, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const ROOT = dirname(BENCH_DIR);
export const RESULTS_DIR = join(BENCH_DIR, "results");
export const MiB = 1024 * 1024;

export interface Server {
  port: number;
  origin: string;
  /** The server's counters since the last call, then reset. */
  stats(): Promise<ServerStats>;
  close(): Promise<void>;
}

export interface ServerStats {
  requests: number;
  ok: number;
  tooMany: number;
  bodyBytes: number;
  maxInFlight: number;
}

/**
 * Starts bench/server.mjs in a child process. A child process rather than a worker thread: the server then
 * has its own event loop, heap, garbage collector and RSS, and on a 2-core machine its own core, so the
 * client's timings and `process.memoryUsage()` count the client alone (a worker thread shares the process's
 * RSS, and the bytes it receives would show up in the upload-memory numbers).
 */
export async function startServer(): Promise<Server> {
  const child: ChildProcess = fork(join(BENCH_DIR, "server.mjs"), [], {
    execArgv: [], // plain node: no TypeScript loader in the server
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("message", (message) => resolve((message as { port: number }).port));
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    port,
    origin,
    async stats() {
      return (await (await fetch(`${origin}/__stats`)).json()) as ServerStats;
    },
    close: () =>
      new Promise((resolve) => {
        child.once("exit", () => resolve());
        child.disconnect();
      }),
  };
}

export function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (!sorted.length) return NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export const median = (values: number[]) => quantile(values, 0.5);
export const p90 = (values: number[]) => quantile(values, 0.9);

export interface Summary {
  median: number;
  p90: number;
  min: number;
  n: number;
}

export function summarize(values: number[]): Summary {
  return { median: median(values), p90: p90(values), min: Math.min(...values), n: values.length };
}

export interface Timings {
  /** Milliseconds of each run (every run timed on its own). */
  wall: number[];
  /** Milliseconds of CPU (user + system) of this process per run, one value per round. */
  cpu: number[];
}

/**
 * Runs the variants in rounds, the order rotating and reversing from round to round (a-b-c, c-b-a, b-c-a,
 * a-c-b, ...), so that drift of the machine (other load, CPU frequency, GC debt) falls on all alike. Each round
 * runs each variant `perRound` times in a row, one at a time; every run is timed, and the process's CPU time
 * is read around each run.
 */
export async function interleaved<K extends string>(
  rounds: number,
  perRound: number,
  variants: Record<K, () => Promise<unknown>>,
  /** Run after every run, outside the timing (e.g. a garbage collection, so that no run pays another's). */
  between?: () => void,
): Promise<Record<K, Timings>> {
  const names = Object.keys(variants) as K[];
  const times = Object.fromEntries(names.map((name) => [name, { wall: [], cpu: [] } as Timings])) as Record<K, Timings>;
  for (let round = 0; round < rounds; round++) {
    // Rotated by one every two rounds, and reversed every other round: with two variants a-b, b-a, b-a, a-b,
    // so that each runs first, and each runs right after the other (and pays its garbage), equally often.
    const rotated = names.map((_, index) => names[(index + Math.floor(round / 2)) % names.length]!);
    for (const name of round % 2 ? rotated.reverse() : rotated) {
      const run = variants[name];
      let cpuMicros = 0;
      for (let index = 0; index < perRound; index++) {
        const cpuBefore = process.cpuUsage();
        const started = performance.now();
        await run();
        times[name].wall.push(performance.now() - started);
        const cpu = process.cpuUsage(cpuBefore);
        cpuMicros += cpu.user + cpu.system;
        between?.();
      }
      times[name].cpu.push(cpuMicros / 1000 / perRound);
    }
  }
  return times;
}

/** a[i] / b[i] for each i (rounds, or runs of interleaved variants). */
export const ratios = (a: number[], b: number[]) => a.map((value, index) => value / b[index]!);

export interface Comparison {
  /** Milliseconds per run. */
  sdk: Summary;
  baseline: Summary;
  /** median(sdk) / median(baseline), p90(sdk) / p90(baseline), of the runs' wall times. */
  ratio: number;
  ratioP90: number;
  /** CPU time of the client process per run, ms (median over the rounds), and their ratio. */
  cpu: { sdk: number; baseline: number; ratio: number };
}

export function compare(sdk: Timings, baseline: Timings): Comparison {
  const [a, b] = [summarize(sdk.wall), summarize(baseline.wall)];
  const [cpuA, cpuB] = [median(sdk.cpu), median(baseline.cpu)];
  return { sdk: a, baseline: b, ratio: a.median / b.median, ratioP90: a.p90 / b.p90, cpu: { sdk: cpuA, baseline: cpuB, ratio: cpuA / cpuB } };
}

/** True when some file under src/ is newer than dist/index.cjs (the built package would be stale). */
export function distIsStale(): boolean {
  const built = join(ROOT, "dist", "index.cjs");
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newer = (folder: string): boolean =>
    readdirSync(folder, { withFileTypes: true }).some((entry) => {
      const path = join(folder, entry.name);
      return entry.isDirectory() ? newer(path) : statSync(path).mtimeMs > builtAt;
    });
  return newer(join(ROOT, "src"));
}

export const fmt = {
  us: (ms: number) => `${(ms * 1000).toFixed(0)} µs`,
  ms: (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`,
  ratio: (value: number) => `${value.toFixed(3)}×`,
  mb: (bytes: number) => `${(bytes / MiB).toFixed(1)} MB`,
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`,
};

export type SDK = typeof import("ideogram-sdk");

/**
 * The SDK as users get it: the built package (`dist/`, the `node` import condition's entry). Under tsx, a bare
 * `import "ideogram-sdk"` would follow tsconfig's `paths` to src/, so the entry is imported by its path.
 * `BENCH_SDK=src` measures src/ instead (through tsx's transform; for trying a change without a build).
 */
export async function loadSDK(): Promise<{ sdk: SDK; from: string }> {
  if (process.env.BENCH_SDK === "src") {
    return { sdk: (await import(pathToFileURL(join(ROOT, "src", "index.ts")).href)) as SDK, from: "src/index.ts (tsx)" };
  }
  return { sdk: (await import(pathToFileURL(join(ROOT, "dist", "index.node.mjs")).href)) as SDK, from: "dist/index.node.mjs" };
}

/** A full garbage collection, without starting node with --expose-gc. */
export function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}
