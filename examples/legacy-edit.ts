/**
 * Legacy Edit: POST /edit (the gateway page's example says /eidt, a typo), multipart with flat fields.
 * The page's example leaves prompt, magic_prompt_option, seed and style_type blank; its model and
 * num_images are kept. Models V_2 and V_2_TURBO only. The mask: black where the image is to change
 * (at least 10 % of it, says the gateway), white elsewhere, the image's size.
 * Run: npx tsx examples/legacy-edit.ts [image] [mask]
 */
import { readFile } from "node:fs/promises";
import { Ideogram } from "ideogram-sdk";
import { createMockServer } from "ideogram-sdk/testing";
import { centreMask, inputImage, saveImages } from "./_shared";

// The real API when a key is set; otherwise a mock server on 127.0.0.1 that answers like it.
const hasKey = Boolean(process.env.AIHUBMIX_API_KEY || process.env.IDEOGRAM_API_KEY);
const mock = hasKey ? undefined : await createMockServer();
const client = mock ? new Ideogram({ apiKey: "mock-key", baseURL: mock.baseURL }) : new Ideogram();
console.log(mock ? `No API key set: using the mock server at ${mock.baseURL}` : `Calling ${client.baseURL}`);

try {
  const image = await inputImage(client, process.argv[2]);
  const mask = process.argv[3] ? await readFile(process.argv[3]) : await centreMask(image);
  const response = await client.legacy.edit({
    image_file: image,
    mask,
    prompt: "a small wooden cabin with warm light in its windows",
    model: "V_2",
    num_images: 1,
  });
  await saveImages(response, "legacy-edit");
} finally {
  await mock?.close();
}
