/**
 * Legacy Describe: POST /describe, multipart with image_file; the gateway page's example.
 * Resolves to { descriptions: [{ text }] }.
 * Run: npx tsx examples/legacy-describe.ts [image]
 */
import { runExample, inputImage } from "./_shared";

await runExample("legacy-describe", async (client) => {
  const image = await inputImage(client, process.argv[2]);
  const { descriptions } = await client.legacy.describe({ image_file: image });
  for (const { text } of descriptions) console.log(`- ${text}`);
});
