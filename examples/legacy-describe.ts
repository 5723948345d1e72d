/**
 * Legacy Describe: POST /describe, multipart with image_file; the gateway page's example.
 * Resolves to { descriptions: [{ text }] }.
 * Run: npx tsx examples/legacy-describe.ts [image]
 */
import { Ideogram } from "ideogram-sdk";
import { createMockServer } from "ideogram-sdk/testing";
import { inputImage } from "./_shared";

// The real API when a key is set; otherwise a mock server on 127.0.0.1 that answers like it.
const hasKey = Boolean(process.env.AIHUBMIX_API_KEY || process.env.IDEOGRAM_API_KEY);
const mock = hasKey ? undefined : await createMockServer();
const client = mock ? new Ideogram({ apiKey: "mock-key", baseURL: mock.baseURL }) : new Ideogram();
console.log(mock ? `No API key set: using the mock server at ${mock.baseURL}` : `Calling ${client.baseURL}`);

try {
  const image = await inputImage(client, process.argv[2]);
  const { descriptions } = await client.legacy.describe({ image_file: image });
  for (const { text } of descriptions) console.log(`- ${text}`);
} finally {
  await mock?.close();
}
