// Node (ESM), Deno and Bun: the package as an ES module, resolved from the scratch project's node_modules.
// Usage: <runtime> entry-esm.mjs <baseURL> <png path>; prints one line "SMOKE <json>".
import { createRequire } from "node:module";
import { Ideogram, ValidationError } from "ideogram-sdk";
import { runSmoke } from "./smoke.mjs";

// No dual-package hazard: import and require give the same classes.
const required = createRequire(import.meta.url)("ideogram-sdk");
const oneCopy = required.Ideogram === Ideogram && required.ValidationError === ValidationError;

const [baseURL, pngPath] = globalThis.Deno ? Deno.args : process.argv.slice(2);
const result = await runSmoke(Ideogram, baseURL, { pngPath });
console.log(`SMOKE ${JSON.stringify({ ...result, module: "esm", oneCopy })}`);
