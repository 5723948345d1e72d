/**
 * Remove Background (Ideogram's API): POST /v1/remove-background. Resolves to one image.
 * Run: npx tsx examples/remove-background.ts [image]
 */
import { inputImage, runExample } from "./_shared";

await runExample(
  "remove-background",
  async (client) => {
    const image = await inputImage(client, process.argv[2]);
    return client.removeBackground({ image });
  },
  { provider: "ideogram" },
);
