import { writeFile } from "node:fs/promises";
import { defineConfig } from "tsup";

const entries = {
  index: "src/index.ts",
  schemas: "src/schemas/index.ts",
  testing: "src/testing/index.ts",
  "ai-sdk": "src/ai-sdk/index.ts",
};

export default defineConfig({
  entry: {
    ...entries,
    // `#platform` (package.json "imports") picks one of these by the `node` condition.
    "platform-node": "src/platform/node.ts",
    "platform-web": "src/platform/web.ts",
    // The `ideogram` command (package.json "bin"); ESM only.
    cli: "src/cli/index.ts",
  },
  external: ["#platform"],
  format: ["esm", "cjs"],
  dts: true,
  // Shared code goes into chunks, so within a format the client and error classes exist once.
  splitting: true,
  clean: true,
  target: "es2022",
  sourcemap: true,
  treeshake: true,
  // Under the `node` condition (Node, Deno, Bun) `import` gets a wrapper of the CommonJS build, so that an app
  // mixing import and require still has one copy of the client and the error classes (no dual-package hazard).
  async onSuccess() {
    for (const name of Object.keys(entries)) {
      await writeFile(`dist/${name}.node.mjs`, `// One copy under Node: the ESM entry re-exports the CommonJS build.\nexport * from "./${name}.cjs";\n`);
    }
  },
});
