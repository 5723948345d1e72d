/**
 * V3 Layerize Text (Ideogram's API): POST /v1/ideogram-v3/layerize-text. Resolves to a text-free base image
 * and the text blocks found, with their boxes, fonts and colours.
 * Run: npx tsx examples/v3-layerize-text.ts [image]
 */
import { inputImage, runExample } from "./_shared";

await runExample(
  "v3-layerize-text",
  async (client) => {
    const image = await inputImage(client, process.argv[2]);
    const { base_image_url, text_blocks } = await client.v3.layerizeText({ image });
    console.log(`base image: ${base_image_url}`);
    for (const block of text_blocks) console.log(`- "${block.text}" at ${block.x},${block.y} (${block.width}x${block.height}), ${block.alignment}`);
  },
  { provider: "ideogram" },
);
