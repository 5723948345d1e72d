/**
 * 4. Cold import and edge bundle size.
 *
 * Cold import: each sample is a fresh `node` process that imports one module and prints how long the
 * import took (performance.now() around it: the process's own start-up, the same for every variant, is left
 * out). The variants run in rotating order, RUNS times each; medians and p90. The package is imported by
 * its name from the repository root, so Node resolves it as a user's app would (the built `dist/`, `node`
 * condition). "Cold" means a new process (nothing compiled or cached in memory); the files themselves are in
 * the OS page cache after the first run, as they are on any machine that has just installed them.
 *
 * Edge bundle: esbuild with the settings of test/bundle-size.test.ts (worker conditions, the web platform,
 * minified, gzip level 9), of a Worker that makes one call, and of a Worker that only uses zod (the floor
 * any zod-based SDK starts from).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { ROOT, summarize, type Summary } from "./lib";

export interface ImportVariant {
  name: string;
  /** ESM (`import()`) or CommonJS (`require`). */
  kind: "import" | "require";
  specifiers: string[];
}

export const IMPORT_VARIANTS: ImportVariant[] = [
  { name: "zod", kind: "import", specifiers: ["zod"] },
  { name: "form-data-encoder", kind: "import", specifiers: ["form-data-encoder"] },
  { name: "zod + form-data-encoder + formdata-node", kind: "import", specifiers: ["zod", "form-data-encoder", "formdata-node/file-from-path"] },
  { name: "ideogram-sdk", kind: "import", specifiers: ["ideogram-sdk"] },
  { name: "zod (require)", kind: "require", specifiers: ["zod"] },
  { name: "ideogram-sdk (require)", kind: "require", specifiers: ["ideogram-sdk"] },
];

export interface ImportRow {
  name: string;
  kind: "import" | "require";
  ms: Summary;
}

function importOnce(variant: ImportVariant): number {
  const list = JSON.stringify(variant.specifiers);
  const code =
    variant.kind === "import"
      ? `const t = performance.now(); for (const s of ${list}) await import(s); process.stdout.write(String(performance.now() - t));`
      : `const t = performance.now(); for (const s of ${list}) require(s); process.stdout.write(String(performance.now() - t));`;
  const args = variant.kind === "import" ? ["--input-type=module", "-e", code] : ["-e", code];
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // tsx's loader must not be in the measured process
  const result = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`importing ${variant.name} failed: ${result.stderr}`);
  return Number(result.stdout);
}

export function runColdImport(runs: number): ImportRow[] {
  for (const variant of IMPORT_VARIANTS) importOnce(variant); // page cache warm, as after an install
  const times = IMPORT_VARIANTS.map(() => [] as number[]);
  for (let run = 0; run < runs; run++) {
    const order = IMPORT_VARIANTS.map((_, index) => (index + run) % IMPORT_VARIANTS.length);
    for (const index of run % 2 ? order.reverse() : order) times[index]!.push(importOnce(IMPORT_VARIANTS[index]!));
  }
  return IMPORT_VARIANTS.map((variant, index) => ({ name: variant.name, kind: variant.kind, ms: summarize(times[index]!) }));
}

export interface BundleRow {
  name: string;
  minifiedBytes: number;
  gzipBytes: number;
  /** Bytes of the minified output that come from each package (esbuild's metafile), largest first. */
  byPackage: Record<string, number>;
}

const WORKERS = {
  "Worker making one call (ideogram-sdk from src/, as the size test)": `
    import { Ideogram } from "./src/index";
    export default { async fetch() { return Response.json(await new Ideogram({ apiKey: "sk-0123456789" }).v3.generate({ prompt: "p" })); } };
  `,
  "Worker using zod alone (one schema, parse)": `
    import * as z from "zod";
    const Params = z.strictObject({ prompt: z.string().min(1), num_images: z.int().min(1).max(8).optional() });
    export default { async fetch(request) { return Response.json(Params.parse(await request.json())); } };
  `,
};

async function bundle(name: string, code: string): Promise<BundleRow> {
  const result = await build({
    stdin: { contents: code, resolveDir: ROOT, loader: "ts" },
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    alias: { "#platform": join(ROOT, "src", "platform", "web.ts") },
    tsconfigRaw: {},
    metafile: true,
    logLevel: "silent",
  });
  const bytes = result.outputFiles[0]!.contents;
  const byPackage: Record<string, number> = {};
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const pkg = /node_modules\/((@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? (path.startsWith("src/") ? "ideogram-sdk (src)" : path);
      byPackage[pkg] = (byPackage[pkg] ?? 0) + bytesInOutput;
    }
  }
  return {
    name,
    minifiedBytes: bytes.byteLength,
    gzipBytes: gzipSync(bytes, { level: 9 }).byteLength,
    byPackage: Object.fromEntries(Object.entries(byPackage).sort((a, b) => b[1] - a[1])),
  };
}

export async function runBundleSize(): Promise<BundleRow[]> {
  return Promise.all(Object.entries(WORKERS).map(([name, code]) => bundle(name, code)));
}
