/**
 * V3 Replace Background: POST /v1/ideogram-v3/replace-background (multipart), the gateway page's example.
 * Run: npx tsx examples/v3-replace-background.ts [image] [style-reference-image]
 */
import { runExample, inputImage } from "./_shared";

await runExample("v3-replace-background", async (client) => {
  const image = await inputImage(client, process.argv[2]);
  const styleReference = process.argv[3];
  return client.v3.replaceBackground({
    prompt: "bird playing with a cat in the snow, pixel art style",
    rendering_speed: "QUALITY",
    num_images: 1,
    seed: 1,
    // no aspect_ratio, no negative_prompt: this endpoint has neither
    magic_prompt: "AUTO",
    style_type: "AUTO",
    image,
    ...(styleReference && { style_reference_images: styleReference }),
  });
});
