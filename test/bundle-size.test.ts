/**
 * The edge bundle of a client that makes one call: what a Worker or an Edge function ships. Bundled from
 * src/ the way wrangler bundles (esbuild, worker conditions, the web platform), minified and gzipped, and
 * kept under a budget. It must also carry no `node:` import.
 */
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/** Bytes, minified and gzipped; measured 48.6 kB with zod 4 classic imported as a namespace (see README). */
const BUDGET_GZIP_BYTES = 52 * 1024;

async function bundle(code: string): Promise<{ bytes: Uint8Array; imports: string[] }> {
  const result = await build({
    stdin: { contents: code, resolveDir: import.meta.dirname, loader: "ts" },
    bundle: true,
    write: false,
    minify: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    alias: { "#platform": fileURLToPath(new URL("../src/platform/web.ts", import.meta.url)) },
    tsconfigRaw: {},
    metafile: true,
    logLevel: "silent",
  });
  const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports.map((entry) => entry.path));
  return { bytes: result.outputFiles[0]!.contents, imports };
}

describe("the edge bundle", () => {
  it(`of a client making one call stays under ${BUDGET_GZIP_BYTES / 1024} kB gzipped and imports nothing from node:`, async () => {
    const { bytes, imports } = await bundle(`
      import { Ideogram } from "../src/index";
      export default { async fetch() { return Response.json(await new Ideogram({ apiKey: "sk-0123456789" }).v3.generate({ prompt: "p" })); } };
    `);
    const gzipped = gzipSync(bytes, { level: 9 }).byteLength;
    console.log(`edge bundle: ${(bytes.byteLength / 1024).toFixed(1)} kB minified, ${(gzipped / 1024).toFixed(1)} kB gzipped`);
    expect(gzipped).toBeLessThan(BUDGET_GZIP_BYTES);
    expect(imports.filter((path) => path.startsWith("node:") || path === "fs" || path === "path")).toEqual([]);
  });
});
