/**
 * Only for running the vitest example inside this repository (`npx vitest run --config
 * examples/testing/vitest.config.ts`): the repository's config, which serves `ideogram-sdk` from src/,
 * with the vitest example as the only test file. In your project, your own vitest config is all the example needs.
 */
import { defineConfig } from "vitest/config";
import base from "../../vitest.config";

export default defineConfig({ ...base, test: { ...base.test, include: ["examples/testing/vitest.example.test.ts"] } });
