// Node (ESM), Deno and Bun: the package as an ES module, resolved from the scratch project's node_modules.
// Usage: <runtime> entry-esm.mjs <baseURL> <png path>; prints one line "SMOKE <json>".
import { Ideogram } from "ideogram-sdk";
import { runSmoke } from "./smoke.mjs";

const [baseURL, pngPath] = globalThis.Deno ? Deno.args : process.argv.slice(2);
const result = await runSmoke(Ideogram, baseURL, { pngPath });
console.log(`SMOKE ${JSON.stringify({ ...result, module: "esm" })}`);
