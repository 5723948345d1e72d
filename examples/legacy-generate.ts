/**
 * Legacy Generate: POST /generate with a JSON body { image_request }, the gateway page's example.
 * Run: npx tsx examples/legacy-generate.ts
 */
import { Ideogram } from "ideogram-sdk";
import { createMockServer } from "ideogram-sdk/testing";
import { saveImages } from "./_shared";

// The real API when a key is set; otherwise a mock server on 127.0.0.1 that answers like it.
const hasKey = Boolean(process.env.AIHUBMIX_API_KEY || process.env.IDEOGRAM_API_KEY);
const mock = hasKey ? undefined : await createMockServer();
const client = mock ? new Ideogram({ apiKey: "mock-key", baseURL: mock.baseURL }) : new Ideogram();
console.log(mock ? `No API key set: using the mock server at ${mock.baseURL}` : `Calling ${client.baseURL}`);

try {
  const response = await client.legacy.generate({
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
  await saveImages(response, "legacy-generate");
} finally {
  await mock?.close();
}
