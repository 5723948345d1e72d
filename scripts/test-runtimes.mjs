#!/usr/bin/env node
/**
 * "One package, every runtime": proves the published artifact works unchanged in each runtime, the way users get it.
 *
 *   node scripts/test-runtimes.mjs [--only node20,deno,...] [--skip-build] [--keep] [--refresh-runtimes] [--project DIR] [--verbose]
 *
 * 1. `npm run build`, then `npm pack` into a temp folder;
 * 2. a scratch project there installs the tarball (zod, form-data-encoder, formdata-node come from the registry);
 * 3. the runtimes are npm packages cached outside the repo (see scripts/runtimes/install.mjs), reused across runs;
 * 4. a capture server on 127.0.0.1 in this process answers like the API and records every request;
 * 5. one smoke program (scripts/runtimes/smoke.mjs) per configuration: Node 20/22/24 as ESM and as CJS, Deno, Bun,
 *    workerd (bundled module worker, no nodejs_compat) and edge-runtime (bundled script in its EdgeVM);
 * 6. the requests each configuration sent are checked, a table is printed, and the exit code is 1 if any failed.
 *
 * --only takes configuration names or runtime names (node20 = node20-esm and node20-cjs). --skip-build packs the
 * dist/ that is there. --keep keeps the temp folder (and says where). --refresh-runtimes reinstalls the cached runtimes.
 * --project DIR reuses the scratch project of a --keep run as it is (no build, pack or install: to try a patch of
 * its node_modules/ideogram-sdk/dist in every runtime).
 */
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { bundle, loadEsbuild } from "./runtimes/bundle.mjs";
import { checkRequests, startCaptureServer } from "./runtimes/capture-server.mjs";
import { RUNTIMES, cacheRoot, ensureRuntime } from "./runtimes/install.mjs";
import { childEnv, run } from "./runtimes/process.mjs";
import { PNG } from "./runtimes/smoke.mjs";
import { compatibilityDate, runWorkerd } from "./runtimes/workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..");
const runtimesDir = join(here, "runtimes");

/** Every configuration: its runtime, how it is run, and which `#platform` variant the package must pick there. */
const CONFIGS = [
  ...[20, 22, 24].flatMap((major) => [
    { name: `node${major}-esm`, runtime: `node${major}`, kind: "node", entry: "entry-esm.mjs", platform: "node" },
    { name: `node${major}-cjs`, runtime: `node${major}`, kind: "node", entry: "entry-cjs.cjs", platform: "node" },
  ]),
  { name: "deno", runtime: "deno", kind: "deno", entry: "entry-esm.mjs", platform: "node" },
  { name: "bun", runtime: "bun", kind: "bun", entry: "entry-esm.mjs", platform: "node" },
  { name: "workerd", runtime: "workerd", kind: "workerd", entry: "worker.mjs", platform: "web" },
  { name: "edge-runtime", runtime: "edge-runtime", kind: "edge-runtime", entry: "edge.mjs", platform: "web" },
];

const SMOKE_FILES = ["smoke.mjs", "entry-esm.mjs", "entry-cjs.cjs", "worker.mjs", "edge.mjs"];
/** The PNG on disk that the Node-platform runtimes also upload by its path. */
const PNG_FILE = "smoke.png";

const usage = (message) => Object.assign(new Error(message), { usage: true });

function parseArgs(argv) {
  const options = { only: undefined, skipBuild: false, keep: false, refresh: false, verbose: false, project: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--only") options.only = argv[++i];
    else if (arg.startsWith("--only=")) options.only = arg.slice("--only=".length);
    else if (arg === "--skip-build") options.skipBuild = true;
    else if (arg === "--project") options.project = resolve(argv[++i]);
    else if (arg === "--keep") options.keep = true;
    else if (arg === "--refresh-runtimes") options.refresh = true;
    else if (arg === "--verbose" || arg === "-v") options.verbose = true;
    else if (arg === "--help" || arg === "-h") {
      console.log(`usage: node scripts/test-runtimes.mjs [--only ${[...new Set(CONFIGS.flatMap((c) => [c.runtime, c.name]))].join(",")}] [--skip-build] [--keep] [--refresh-runtimes] [--project DIR] [--verbose]`);
      process.exit(0);
    } else throw usage(`unknown argument ${arg} (try --help)`);
  }
  return options;
}

function select(only) {
  if (!only) return CONFIGS;
  const tokens = only.split(",").map((t) => t.trim()).filter(Boolean);
  const unknown = tokens.filter((t) => !CONFIGS.some((c) => c.name === t || c.runtime === t));
  if (unknown.length) {
    throw usage(`--only: unknown ${unknown.join(", ")}; known: ${[...new Set(CONFIGS.flatMap((c) => [c.runtime, c.name]))].join(", ")}`);
  }
  return CONFIGS.filter((c) => tokens.includes(c.name) || tokens.includes(c.runtime));
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const timings = [];
async function timed(label, fn) {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings.push([label, Date.now() - started]);
  }
}

function must(result, what) {
  if (result.code !== 0) {
    throw new Error(`${what} failed (exit ${result.code}${result.timedOut ? ", timed out" : ""}):\n${(result.stdout + result.stderr).trim().slice(-4000)}`);
  }
  return result;
}

/** The last "SMOKE {json}" line of a program's output. */
function smokeLine(stdout) {
  const line = stdout.split("\n").reverse().find((l) => l.startsWith("SMOKE "));
  if (!line) return undefined;
  try {
    return JSON.parse(line.slice("SMOKE ".length));
  } catch {
    return undefined;
  }
}

const tail = (text, n = 40) => text.trim().split("\n").slice(-n).join("\n");

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const configs = select(options.only);
  const started = Date.now();
  const log = (line) => console.log(`[runtimes] ${line}`);

  // Node 20 is the runner's own Node when it is one; any other major comes from the cache.
  const hostMajor = Number(process.versions.node.split(".")[0]);
  const runtimeKeys = [...new Set(configs.map((c) => c.runtime))].filter((key) => !(key === "node20" && hostMajor === 20));

  const work = await mkdtemp(join(tmpdir(), "ideogram-sdk-runtimes-"));
  const project = options.project ?? join(work, "project");
  let capture;
  let failed = true;
  try {
    log(`runtimes cache: ${cacheRoot()}`);
    const [, runtimes] = await Promise.all([
      // 1 + 2. Build and pack as `npm publish` would, and install the tarball in a scratch project.
      options.project ? copySmokeFiles(project) : packAndInstall({ work, project, skipBuild: options.skipBuild, log }),
      // 3. The runtimes, meanwhile.
      timed("runtimes", async () => {
        const found = {};
        if (configs.some((c) => c.runtime === "node20") && hostMajor === 20) {
          found.node20 = { bin: process.execPath, version: process.version, installed: false, ms: 0 };
        }
        // Two at a time: each is tens of MB from the registry.
        const queue = [...runtimeKeys];
        await Promise.all(
          [0, 1].map(async () => {
            for (let key = queue.shift(); key; key = queue.shift()) {
              try {
                found[key] = await ensureRuntime(RUNTIMES[key], { refresh: options.refresh, log });
                log(`${key}: ${found[key].version} (${found[key].installed ? `installed in ${seconds(found[key].ms)}` : "cached"})`);
              } catch (error) {
                found[key] = { error: error.message };
                log(`${key}: ${error.message.split("\n")[0]}`);
              }
            }
          }),
        );
        return found;
      }),
    ]);
    const installedVersion = JSON.parse(await readFile(join(project, "node_modules", "ideogram-sdk", "package.json"), "utf8")).version;
    log(`ideogram-sdk@${installedVersion} in ${project}`);

    // 4. The capture server.
    capture = await startCaptureServer();
    log(`capture server at ${capture.origin}`);

    // 5. One smoke run per configuration (one at a time: the machine has two cores, and the runs are short).
    const esbuild = configs.some((c) => c.kind === "workerd" || c.kind === "edge-runtime") ? await loadEsbuild(repoRoot) : undefined;
    const results = [];
    for (const config of configs) {
      const row = await timed(config.name, () => runConfig(config, { runtime: runtimes[config.runtime], capture, project, work, esbuild, options, log }));
      row.ms = timings.at(-1)[1];
      results.push(row);
      log(`${config.name}: ${row.pass ? "pass" : "FAIL"} (${seconds(row.ms)})`);
    }

    // 6. The table, the details of failures, the timings.
    printTable(results);
    for (const row of results.filter((r) => !r.pass || r.warnings.length || options.verbose)) {
      console.log(`\n--- ${row.name}: ${row.pass ? "pass" : "FAIL"}`);
      for (const line of row.warnings) console.log(`warning: ${line}`);
      for (const line of row.details) console.log(line);
    }
    const total = Date.now() - started;
    console.log(`\ntimings: ${timings.map(([label, ms]) => `${label} ${seconds(ms)}`).join(", ")}; total ${seconds(total)}`);
    const passed = results.filter((r) => r.pass).length;
    console.log(`runtimes: ${passed} passed, ${results.length - passed} failed`);
    failed = passed !== results.length;
  } finally {
    await capture?.close();
    if (options.keep) console.log(`kept ${work}`);
    else await rm(work, { recursive: true, force: true });
  }
  process.exitCode = failed ? 1 : 0;
}

/** Builds, packs and installs the tarball into a fresh scratch project with the smoke files. */
async function packAndInstall({ work, project, skipBuild, log }) {
  if (!skipBuild) {
    log("npm run build");
    await timed("build", async () => must(await run("npm", ["run", "build"], { cwd: repoRoot, timeout: 300_000 }), "npm run build"));
  }
  log("npm pack");
  const packed = await timed("pack", async () => {
    const result = must(await run("npm", ["pack", "--pack-destination", work, "--json", "--loglevel=error"], { cwd: repoRoot }), "npm pack");
    return JSON.parse(result.stdout.slice(result.stdout.indexOf("[")))[0];
  });
  const packedFiles = packed.files.map((f) => f.path);
  for (const file of ["dist/index.js", "dist/index.cjs", "dist/platform-node.js", "dist/platform-web.js", "dist/platform-node.cjs", "dist/platform-web.cjs"]) {
    if (!packedFiles.includes(file)) throw new Error(`the tarball lacks ${file}`);
  }
  log(`${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(0)} kB`);
  await timed("install tarball", async () => {
    await mkdir(project, { recursive: true });
    await writeFile(join(project, "package.json"), `${JSON.stringify({ name: "ideogram-sdk-runtime-smoke", private: true }, null, 2)}\n`);
    const tarball = join(work, packed.filename);
    must(
      await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", tarball], { cwd: project, timeout: 300_000 }),
      `npm install ${packed.filename}`,
    );
  });
  await copySmokeFiles(project);
}

async function copySmokeFiles(project) {
  for (const file of SMOKE_FILES) await copyFile(join(runtimesDir, file), join(project, file));
  await writeFile(join(project, PNG_FILE), PNG);
}

async function runConfig(config, { runtime, capture, project, work, esbuild, options }) {
  const row = { name: config.name, version: runtime?.version ?? "-", pass: false, reason: "", details: [], warnings: [] };
  const fail = (reason, ...details) => {
    row.reason = reason;
    row.details.push(...details);
    return row;
  };
  if (!runtime || runtime.error) return fail("runtime not installed", runtime?.error ?? "no runtime");
  const base = capture.baseURL(config.name);
  const env = childEnv({ DENO_DIR: join(cacheRoot(), "deno-dir"), DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1" });

  let result;
  let output = "";
  if (config.kind === "node" || config.kind === "deno" || config.kind === "bun") {
    const pngPath = join(project, PNG_FILE);
    const args = {
      node: [config.entry, base, pngPath],
      // Bare specifiers resolve from the scratch project's package.json + node_modules (Deno 2 uses node_modules
      // as it is when a package.json is there); --no-lock keeps it from writing deno.lock.
      deno: ["run", "-A", "--no-lock", config.entry, base, pngPath],
      bun: ["run", config.entry, base, pngPath],
    }[config.kind];
    const ran = await run(runtime.bin, args, { cwd: project, env, timeout: 60_000 });
    output = `$ ${[runtime.bin, ...args].join(" ")}\nexit ${ran.code}${ran.timedOut ? " (timed out)" : ""}\n${ran.stdout}${ran.stderr}`;
    result = smokeLine(ran.stdout);
    if (!result) return fail(`no result (exit ${ran.code}${ran.timedOut ? ", timed out" : ""}): ${firstError(ran.stderr || ran.stdout)}`, tail(output));
  } else {
    const dir = join(work, config.kind);
    await mkdir(dir, { recursive: true });
    const built = await bundle(esbuild, { cwd: project, entry: `./${config.entry}`, outfile: join(dir, "bundle.js"), kind: config.kind });
    if (!built.ok) return fail(`esbuild: ${built.errors[0].split("\n")[0]}`, ...built.errors);
    row.details.push(`bundle: ${built.files.join(", ")}; external imports: ${built.nodeModules.join(", ") || "none"}`);
    row.warnings.push(...built.warnings.map((w) => `esbuild: ${w}`));
    if (built.nodeModules.length) return fail(`bundle imports ${built.nodeModules.join(", ")}`);
    if (built.platformFile !== "dist/platform-web.js") return fail(`#platform resolved to ${built.platformFile ?? "nothing"}, not dist/platform-web.js`);
    if (config.kind === "workerd") {
      const npmVersion = /\(npm ([^)]+)\)/.exec(runtime.version)?.[1];
      try {
        const answer = await runWorkerd({ bin: runtime.bin, dir, bundleFile: "bundle.js", date: compatibilityDate(npmVersion), base });
        output = `workerd HTTP ${answer.status}\n${answer.text.slice(0, 4000)}\n${answer.log}`;
        row.warnings.push(...new Set(answer.warnings.map((w) => `workerd: ${w}`)));
        try {
          result = JSON.parse(answer.text);
        } catch {
          return fail(`worker answered HTTP ${answer.status}: ${firstError(answer.text + answer.log)}`, tail(output));
        }
      } catch (error) {
        return fail(`workerd: ${firstError(error.message)}`, tail(error.message));
      }
    } else {
      const args = [join(here, "runtimes", "edge-host.mjs"), runtime.bin, built.outfile, base];
      const ran = await run(process.execPath, args, { cwd: project, env, timeout: 60_000 });
      output = `$ node ${args.join(" ")}\nexit ${ran.code}\n${ran.stdout}${ran.stderr}`;
      result = smokeLine(ran.stdout);
      if (!result) return fail(`no result (exit ${ran.code}): ${firstError(ran.stderr || ran.stdout)}`, tail(output));
      row.version = `${runtime.version} on node ${process.version}`;
    }
  }

  if (result.runtime && config.kind !== "workerd" && config.kind !== "edge-runtime") row.version = result.runtime;
  const problems = [];
  for (const check of result.checks ?? []) if (!check.ok) problems.push(`${check.name}: ${check.detail}`);
  const expectedChecks = config.platform === "node" ? 5 : 4;
  if ((result.checks ?? []).length !== expectedChecks) problems.push(`${(result.checks ?? []).length} checks ran, expected ${expectedChecks}`);
  if (result.module === "esm" && result.oneCopy !== true) problems.push("import and require gave two copies of the classes (dual-package hazard)");
  if (result.platform !== config.platform) problems.push(`#platform: the ${result.platform ?? "?"} variant ran, expected ${config.platform} (${result.platformError})`);
  const pngFile = config.platform === "node" ? PNG_FILE : undefined;
  problems.push(...checkRequests(capture.requests(config.name), PNG, { pngFile }).map((p) => `server: ${p}`));
  row.details.push(`runtime: ${result.runtime}; #platform: ${result.platform} (${result.platformError})`);
  for (const r of capture.requests(config.name)) {
    const framing = r.contentLength !== undefined ? `content-length ${r.contentLength}` : `transfer-encoding ${r.transferEncoding ?? "?"}`;
    row.details.push(`request: ${r.method} ${r.path} (${r.body.length} bytes, ${framing}, user-agent ${r.userAgent ?? "-"})`);
  }
  if (result.resolved) row.details.push(`require.resolve("ideogram-sdk") = ${result.resolved}`);
  if (problems.length) {
    row.details.push(...problems, tail(output, 30));
    return fail(problems[0].split("\n")[0]);
  }
  row.pass = true;
  row.reason = `${result.platform} platform, ${capture.requests(config.name).length} requests ok`;
  if (row.warnings.length) row.reason += `; ${row.warnings.length} warning(s): ${row.warnings[0].slice(0, 90)}...`;
  if (options.verbose) row.details.push(tail(output, 30));
  return row;
}

/** The first line that looks like an error, for the table. */
function firstError(text) {
  const lines = text.split("\n").map((l) => l.trim()).filter(Boolean);
  return (lines.find((l) => /error|exception|illegal|cannot|not found|failed/i.test(l)) ?? lines[0] ?? "(no output)").slice(0, 200);
}

function printTable(results) {
  const rows = [["configuration", "runtime", "result", "reason"], ...results.map((r) => [r.name, r.version, r.pass ? "pass" : "FAIL", r.reason])];
  const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => r[i].length)));
  const line = (r) => `${r.slice(0, 3).map((cell, i) => cell.padEnd(widths[i])).join("  ")}  ${r[3]}`;
  console.log(`\n${line(rows[0])}\n${line(widths.map((w) => "-".repeat(w)).concat("------"))}`);
  for (const r of rows.slice(1)) console.log(line(r));
}

main().catch((error) => {
  console.error(`[runtimes] ${error.usage ? error.message : (error.stack ?? error)}`);
  process.exitCode = 1;
});
