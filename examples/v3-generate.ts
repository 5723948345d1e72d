/**
 * V3 Generate: POST /v1/ideogram-v3/generate (multipart), the gateway page's example.
 * Run: npx tsx examples/v3-generate.ts
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
  const response = await client.v3.generate({
    prompt:
      "Delicate 3D cover design with various combat machines flying from an portal. The machines have different shapes, " +
      "sizes, and colors. The portal is emitting swirling energy. The background contains a futuristic city with tall " +
      'buildings. The text "One Gateway, Infinite Models" is placed in the center with neon lights, expansive view, ' +
      "cinematic lighting, vivid color, bright tone. clean text, cyber punk, smooth render",
    rendering_speed: "QUALITY",
    num_images: 2,
    aspect_ratio: "2x1",
  });
  await saveImages(response, "v3-generate");
} finally {
  await mock?.close();
}
