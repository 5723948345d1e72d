/**
 * Edit With Prompt (Ideogram's API): POST /v1/edit, up to 10 images edited by an instruction, no mask.
 * Run: npx tsx examples/edit-with-prompt.ts [image]
 */
import { inputImage, runExample } from "./_shared";

await runExample(
  "edit-with-prompt",
  async (client) => {
    const image = await inputImage(client, process.argv[2]);
    return client.editWithPrompt({ prompt: "Make it night, with the moon behind the trees", images: [image] });
  },
  { provider: "ideogram" },
);
