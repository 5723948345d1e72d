import { defineConfig } from "tsup";

export default defineConfig({
  entry: {
    index: "src/index.ts",
    schemas: "src/schemas/index.ts",
    testing: "src/testing/index.ts",
  },
  format: ["esm", "cjs"],
  dts: true,
  // Shared code goes into chunks, so the client and error classes exist once per format.
  splitting: true,
  clean: true,
  target: "es2022",
  sourcemap: true,
  treeshake: true,
});
