import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    schemas: "src/schemas/index.ts",
    testing: "src/testing/index.ts",
    // `#platform` (package.json "imports") picks one of these by the `node` condition.
    "platform-node": "src/platform/node.ts",
    "platform-web": "src/platform/web.ts",
  },
  external: ["#platform"],
  format: ["esm", "cjs"],
  dts: true,
  // Shared code goes into chunks, so the client and error classes exist once per format.
  splitting: true,
  clean: true,
  target: "es2022",
  sourcemap: true,
  treeshake: true,
});
