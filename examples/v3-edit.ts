/**
 * V3 Edit: POST /v1/ideogram-v3/edit (multipart), the gateway page's example.
 * The mask is black where the image is to change, white elsewhere, and the image's size.
 * (Ideogram now recommends its successor, /v1/ideogram-v3/inpaint, on its own API.)
 * Run: npx tsx examples/v3-edit.ts [image] [mask]
 */
import { runExample, inputImage, centreMask } from "./_shared";

await runExample("v3-edit", async (client) => {
  const image = await inputImage(client, process.argv[2]);
  const mask = process.argv[3] ?? await centreMask(image);
  return client.v3.edit({
    prompt: "remove text",
    rendering_speed: "DEFAULT",
    num_images: 1,
    seed: 1,
    aspect_ratio: "16x9", // documented by the gateway's page only
    magic_prompt: "AUTO",
    style_type: "AUTO",
    negative_prompt: "blurry, bad anatomy, watermark", // documented by the gateway's page only
    image,
    mask,
  });
});
