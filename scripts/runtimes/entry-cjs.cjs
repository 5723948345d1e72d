// Node (CommonJS): the package loaded with require(); the smoke program itself is the shared ES module.
// Usage: node entry-cjs.cjs <baseURL> <png path>; prints one line "SMOKE <json>".
"use strict";
const sdk = require("ideogram-sdk");
const resolved = require.resolve("ideogram-sdk");

import("./smoke.mjs").then(async ({ runSmoke }) => {
  const result = await runSmoke(sdk.Ideogram, process.argv[2], { pngPath: process.argv[3] });
  console.log(`SMOKE ${JSON.stringify({ ...result, module: "cjs", resolved: resolved.replace(/.*node_modules\//, "") })}`);
});
