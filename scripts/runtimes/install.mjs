/**
 * The runtimes of the smoke tests, installed as npm packages into a cache folder outside the repo and reused across
 * runs: `$IDEOGRAM_RUNTIMES_CACHE`, else `$XDG_CACHE_HOME/ideogram-sdk-runtimes`, else `~/.cache/ideogram-sdk-runtimes`.
 * Each runtime has its own folder (its own package.json and node_modules). npm 11 runs no install scripts by default,
 * and none is needed: the binaries ship inside the platform packages (optional dependencies), which npm picks for this
 * OS, CPU and libc, and are called directly from there.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { run } from "./process.mjs";

export function cacheRoot() {
  if (process.env.IDEOGRAM_RUNTIMES_CACHE) return process.env.IDEOGRAM_RUNTIMES_CACHE;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "ideogram-sdk-runtimes");
}

/** The first existing path among `dir/node_modules/<scope>/<any>/<rest>`. */
async function findInScope(dir, scope, prefix, rest) {
  const scopeDir = join(dir, "node_modules", scope);
  if (!existsSync(scopeDir)) return undefined;
  const names = (await readdir(scopeDir)).filter((name) => name.startsWith(prefix)).sort((a, b) => a.length - b.length);
  for (const name of names) {
    const candidate = join(scopeDir, name, ...rest);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

const exe = process.platform === "win32" ? ".exe" : "";

/** node-<platform>-<arch> is the package that holds Node's own binary (the `node` package's install script picks it). */
const nodePackage = `node-${process.platform === "win32" ? "win" : process.platform}-${process.arch}`;

const nodeRuntime = (major) => ({
  key: `node${major}`,
  specs: [`${nodePackage}@${major}`],
  locate: async (dir) => {
    const bin = join(dir, "node_modules", nodePackage, "bin", `node${exe}`);
    return existsSync(bin) ? bin : undefined;
  },
  version: async (bin) => (await run(bin, ["--version"])).stdout.trim(),
});

/** What each runtime installs and where its binary is afterwards. */
export const RUNTIMES = {
  node20: nodeRuntime(20), // only when the runner itself is not Node 20
  node22: nodeRuntime(22),
  node24: nodeRuntime(24),
  deno: {
    key: "deno",
    specs: ["deno@^2"],
    // `deno` lists @deno/<os>-<arch>[-glibc|-musl] as optional dependencies; the binary is at its root.
    locate: (dir) => findInScope(dir, "@deno", "", [`deno${exe}`]),
    version: async (bin) => (await run(bin, ["--version"])).stdout.split("\n")[0].trim(),
  },
  bun: {
    key: "bun",
    specs: ["bun@^1"],
    // `bun` lists @oven/bun-<os>-<arch>[-baseline][-musl]; the binary is bin/bun. The shortest name is the plain
    // build (AVX2); the -baseline one is for older CPUs.
    locate: (dir) => findInScope(dir, "@oven", "bun-", ["bin", `bun${exe}`]),
    version: async (bin) => `bun ${(await run(bin, ["--version"])).stdout.trim()}`,
  },
  workerd: {
    key: "workerd",
    specs: ["workerd"],
    // `workerd` lists @cloudflare/workerd-<os>-<arch>; the binary is bin/workerd.
    locate: (dir) => findInScope(dir, "@cloudflare", "workerd-", ["bin", `workerd${exe}`]),
    version: async (bin, dir) => {
      const { version } = JSON.parse(await readFile(join(dir, "node_modules", "workerd", "package.json"), "utf8"));
      return `${(await run(bin, ["--version"])).stdout.trim()} (npm ${version})`;
    },
  },
  "edge-runtime": {
    key: "edge-runtime",
    specs: ["edge-runtime@^4"],
    // Plain JavaScript run by the runner's Node: the "binary" is the package folder.
    locate: async (dir) => {
      const pkg = join(dir, "node_modules", "edge-runtime");
      return existsSync(join(pkg, "dist", "index.js")) ? pkg : undefined;
    },
    version: async (pkg) => `edge-runtime ${JSON.parse(await readFile(join(pkg, "package.json"), "utf8")).version}`,
  },
};

/**
 * Installs a runtime unless the cache already has it for the same specs (or `refresh`). Installs into a fresh folder
 * and renames it into place, so an interrupted install is never reused. Returns { bin, dir, version, installed, ms }.
 */
export async function ensureRuntime(runtime, { refresh = false, log = () => {} } = {}) {
  const started = Date.now();
  const dir = join(cacheRoot(), runtime.key);
  const markerPath = join(dir, ".installed.json");
  let installed = false;
  let marker;
  try {
    marker = JSON.parse(await readFile(markerPath, "utf8"));
  } catch {
    marker = undefined;
  }
  let bin = marker && JSON.stringify(marker.specs) === JSON.stringify(runtime.specs) && !refresh ? await runtime.locate(dir) : undefined;
  if (!bin) {
    log(`installing ${runtime.specs.join(" ")} into ${dir}`);
    const staging = `${dir}.staging-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await mkdir(staging, { recursive: true });
    await writeFile(join(staging, "package.json"), `${JSON.stringify({ name: `runtime-${runtime.key}`, private: true }, null, 2)}\n`);
    const result = await run("npm", ["install", "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error", ...runtime.specs], {
      cwd: staging,
      timeout: 600_000,
    });
    if (result.code !== 0) {
      await rm(staging, { recursive: true, force: true });
      throw new Error(`npm install ${runtime.specs.join(" ")} failed (exit ${result.code}):\n${result.stderr || result.stdout}`);
    }
    bin = await runtime.locate(staging);
    if (!bin) {
      await rm(staging, { recursive: true, force: true });
      throw new Error(`npm install ${runtime.specs.join(" ")} did not bring a binary for ${process.platform}-${process.arch}`);
    }
    await writeFile(join(staging, ".installed.json"), `${JSON.stringify({ specs: runtime.specs, at: new Date().toISOString() })}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
    bin = await runtime.locate(dir);
    installed = true;
  }
  const version = await runtime.version(bin, dir);
  return { bin, dir, version, installed, ms: Date.now() - started };
}
