/**
 * V3 Remix: POST /v1/ideogram-v3/remix (multipart), the gateway page's example.
 * Run: npx tsx examples/v3-remix.ts [image] [style-reference-image]
 */
import { runExample, inputImage } from "./_shared";

await runExample("v3-remix", async (client) => {
  const image = await inputImage(client, process.argv[2]);
  const styleReference = process.argv[3];
  return client.v3.remix({
    prompt: "bird playing with a cat in the snow, pixel art style",
    image_weight: 60,
    rendering_speed: "QUALITY",
    num_images: 1,
    seed: 1,
    aspect_ratio: "16x9",
    magic_prompt: "AUTO",
    style_type: "AUTO",
    negative_prompt: "blurry, bad anatomy, watermark",
    image,
    ...(styleReference && { style_reference_images: styleReference }),
  });
});
