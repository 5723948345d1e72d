/**
 * A/B of two builds of the package in one process, for trying a change to src/:
 *
 *   npx tsx bench/compare.ts <package folder A> <package folder B> [--rounds N] [--upload-rounds N]
 *
 * Each folder is a copy of the repository with `npm run build` done (its dist/index.node.mjs is imported).
 * The hand-written baseline and both builds run in interleaved rounds against the same server, as in
 * section 1 of `npm run bench`, and the uploads of section 2 (20 MB, from bytes and from a path) likewise
 * (with a full GC after each upload, untimed).
 * Prints each build's wall-time ratio to the baseline, B's ratio to A, and the client's CPU time per call.
 */
import { openAsBlob } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { collectGarbage, interleaved, median, quantile, startServer, type SDK } from "./lib";
import { API_KEY, PROMPT, pngOfSize, smallPairs } from "./payloads";
import { makeImageFiles } from "./upload-memory";

const args = process.argv.slice(2);
const folders = args.filter((arg, index) => !arg.startsWith("--") && args[index - 1] !== "--rounds" && args[index - 1] !== "--upload-rounds");
if (folders.length !== 2) {
  console.error("usage: npx tsx bench/compare.ts <package folder A> <package folder B> [--rounds N] [--upload-rounds N]");
  process.exit(2);
}
const roundsIndex = args.indexOf("--rounds");
const rounds = roundsIndex >= 0 ? Number(args[roundsIndex + 1]) : 300;
const uploadRoundsIndex = args.indexOf("--upload-rounds");
/** 20 MB uploads scatter widely: under ~200 rounds, differences of 10-20% between two runs are common. */
const uploadRounds = uploadRoundsIndex >= 0 ? Number(args[uploadRoundsIndex + 1]) : 40;

const [sdkA, sdkB] = (await Promise.all(folders.map((folder) => import(pathToFileURL(join(resolve(folder), "dist", "index.node.mjs")).href)))) as [SDK, SDK];
const server = await startServer();
const base = `${server.origin}/ok`;
const image = pngOfSize(100 * 1024);
const clientA = new sdkA.Ideogram({ apiKey: API_KEY, baseURL: base });
const clientB = new sdkB.Ideogram({ apiKey: API_KEY, baseURL: base });
const pairsA = smallPairs(clientA, base, image);
const pairsB = smallPairs(clientB, base, image);

const line = (name: string, times: Record<"raw" | "A" | "B", { wall: number[]; cpu: number[] }>) => {
  const m = (key: "raw" | "A" | "B") => median(times[key].wall);
  const p = (key: "raw" | "A" | "B") => quantile(times[key].wall, 0.9);
  const cpu = (key: "raw" | "A" | "B") => `${(median(times[key].cpu) * 1000).toFixed(0)}`;
  console.log(
    `${name.padEnd(36)} A/raw ${(m("A") / m("raw")).toFixed(3)} (p90 ${(p("A") / p("raw")).toFixed(3)})  B/raw ${(m("B") / m("raw")).toFixed(3)} (p90 ${(p("B") / p("raw")).toFixed(3)})  B/A ${(m("B") / m("A")).toFixed(3)}  CPU µs raw ${cpu("raw")} A ${cpu("A")} B ${cpu("B")}`,
  );
};

console.log(`A = ${folders[0]}, B = ${folders[1]}; ${rounds} rounds of 5 calls each, ${uploadRounds} rounds of uploads`);
for (let index = 0; index < pairsA.length; index++) {
  const variants = { raw: pairsA[index]!.raw, A: pairsA[index]!.sdk, B: pairsB[index]!.sdk };
  for (const run of Object.values(variants)) for (let warm = 0; warm < 300; warm++) await run();
  line(pairsA[index]!.name, await interleaved(rounds, 5, variants));
}

const folder = await mkdtemp(join(tmpdir(), "ideogram-compare-"));
try {
  const [path] = await makeImageFiles(folder, 1, 20 * 1024 * 1024);
  const buffer = await readFile(path!);
  const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) as Uint8Array<ArrayBuffer>;
  for (const [name, image] of [["20 MB upload from bytes", bytes], ["20 MB upload from a path", path!]] as const) {
    const raw = async () => {
      const form = new FormData();
      form.append("prompt", PROMPT);
      form.append("image", typeof image === "string" ? await openAsBlob(image, { type: "image/png" }) : new Blob([image], { type: "image/png" }), "image.png");
      return (await fetch(`${base}/v1/ideogram-v3/remix`, { method: "POST", headers: { "Api-Key": API_KEY }, body: form })).json();
    };
    const variants = { raw, A: () => clientA.v3.remix({ prompt: PROMPT, image }), B: () => clientB.v3.remix({ prompt: PROMPT, image }) };
    for (const run of Object.values(variants)) await run();
    line(name, await interleaved(uploadRounds, 1, variants, collectGarbage));
  }
} finally {
  await rm(folder, { recursive: true, force: true });
  await server.close();
}
