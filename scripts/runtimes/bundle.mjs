/**
 * Bundles an edge entry from the scratch project with esbuild, the way the edge tools do, and reports what went in:
 * - workerd, as wrangler does: ESM, platform "neutral", conditions workerd,worker,browser, main fields
 *   browser,module,main (wrangler adds no `node` condition without nodejs_compat);
 * - edge-runtime, as Vercel's edge builds do: conditions edge-light,worker,browser, one classic script (IIFE), since
 *   edge-runtime evaluates a script, not a module.
 * esbuild is the repo's own (tsup depends on it), so the runner needs no other install for it.
 */
import { createRequire } from "node:module";
import { join } from "node:path";

export const EDGE_BUNDLES = {
  workerd: { format: "esm", conditions: ["workerd", "worker", "browser"] },
  "edge-runtime": { format: "iife", conditions: ["edge-light", "worker", "browser"] },
};

export async function loadEsbuild(repoRoot) {
  const require = createRequire(join(repoRoot, "package.json"));
  return require("esbuild");
}

/**
 * Resolves { ok, outfile, errors, files, nodeModules, platformFile }: `files` are the package's dist files that went
 * into the bundle, `nodeModules` the `node:` (or bare built-in) imports left in it, `platformFile` which `#platform`
 * variant esbuild picked.
 */
export async function bundle(esbuild, { cwd, entry, outfile, kind }) {
  const { format, conditions } = EDGE_BUNDLES[kind];
  try {
    const result = await esbuild.build({
      absWorkingDir: cwd,
      entryPoints: [entry],
      outfile,
      bundle: true,
      format,
      platform: "neutral",
      conditions,
      mainFields: ["browser", "module", "main"],
      target: "es2022",
      metafile: true,
      logLevel: "silent",
      legalComments: "none",
    });
    const inputs = Object.keys(result.metafile.inputs);
    const files = inputs.filter((p) => p.includes("node_modules/ideogram-sdk/")).map((p) => p.replace(/.*node_modules\/ideogram-sdk\//, ""));
    const output = Object.values(result.metafile.outputs)[0];
    const nodeModules = (output?.imports ?? []).filter((i) => i.external).map((i) => i.path);
    const platformFile = files.find((f) => f.startsWith("dist/platform-"));
    return { ok: true, outfile, files, inputs, nodeModules, platformFile, warnings: result.warnings.map((w) => w.text) };
  } catch (error) {
    const errors = (error.errors ?? [{ text: String(error) }]).map((e) => {
      const where = e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : "";
      const notes = (e.notes ?? []).map((n) => `\n    note: ${n.text}`).join("");
      return `${where}${e.text}${notes}`;
    });
    return { ok: false, outfile, errors };
  }
}
