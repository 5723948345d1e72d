/**
 * Legacy Edit: POST /edit (the gateway page's example says /eidt, a typo), multipart with flat fields.
 * The page's example leaves prompt, magic_prompt_option, seed and style_type blank; its model and
 * num_images are kept. Models V_2 and V_2_TURBO only. The mask: black where the image is to change
 * (at least 10 % of it, says the gateway), white elsewhere, the image's size.
 * Run: npx tsx examples/legacy-edit.ts [image] [mask]
 */
import { runExample, inputImage, centreMask } from "./_shared";

await runExample("legacy-edit", async (client) => {
  const image = await inputImage(client, process.argv[2]);
  const mask = process.argv[3] ?? await centreMask(image);
  return client.legacy.edit({
    image_file: image,
    mask,
    prompt: "a small wooden cabin with warm light in its windows",
    model: "V_2",
    num_images: 1,
  });
});
