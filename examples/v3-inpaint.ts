/**
 * V3 Inpaint (Ideogram's API): POST /v1/ideogram-v3/inpaint, the successor of v3 edit with the same fields.
 * Run: npx tsx examples/v3-inpaint.ts [image] [mask]
 */
import { centreMask, inputImage, runExample } from "./_shared";

await runExample(
  "v3-inpaint",
  async (client) => {
    const image = await inputImage(client, process.argv[2]);
    const mask = process.argv[3] ?? (await centreMask(image));
    return client.v3.inpaint({ prompt: "a small wooden cabin with a lit window", image, mask, rendering_speed: "TURBO" });
  },
  { provider: "ideogram" },
);
