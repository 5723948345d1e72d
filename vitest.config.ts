import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (path: string) => fileURLToPath(new URL(`./src/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests import the package by its public names, served from src/.
    alias: [
      { find: /^#platform$/, replacement: src("platform/node.ts") },
      { find: /^ideogram-sdk\/schemas$/, replacement: src("schemas/index.ts") },
      { find: /^ideogram-sdk\/testing$/, replacement: src("testing/index.ts") },
      { find: /^ideogram-sdk\/ai-sdk$/, replacement: src("ai-sdk/index.ts") },
      { find: /^ideogram-sdk$/, replacement: src("index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20_000,
  },
});
