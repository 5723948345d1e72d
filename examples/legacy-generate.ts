/**
 * Legacy Generate: POST /generate with a JSON body { image_request }, the gateway page's example.
 * Run: npx tsx examples/legacy-generate.ts
 */
import { runExample } from "./_shared";

await runExample("legacy-generate", async (client) => {
  return client.legacy.generate({
    image_request: {
      prompt:
        "3D cartoon, An adorable white owl baby with tilted head, shiny amber eyes with highlight, fluffy body, standing on " +
        "a trunk with moss and lots of glowing mushrooms, Close up, cinematic lighting, low angle, deep sense of depth. The " +
        'background is a magical spring landscape, cute and esthetic, huge title design "Always curious"',
      negative_prompt: "blurry, bad anatomy, watermark",
      aspect_ratio: "ASPECT_3_2",
      model: "V_2",
      num_images: 2,
      magic_prompt_option: "AUTO",
      style_type: "RENDER_3D",
    },
  });
});
