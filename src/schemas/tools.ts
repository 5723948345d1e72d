/**
 * Ideogram's model-independent endpoints (`/v1/remove-background`, `/v1/edit`). The gateway's page does not
 * document them.
 */
import * as z from "zod";
import { AspectRatioV3, ImageFile, imageFiles, MagicPrompt, NumImages, Prompt, ResolutionV3, Seed } from "./common";
import { exclusive, refineAll, type Rule } from "./rules";

export const RemoveBackgroundParams = z
  .strictObject({ image: ImageFile.describe("The image whose background to remove (JPEG, PNG or WebP).") })
  .describe("Remove the background of an image.");
export type RemoveBackgroundParams = z.input<typeof RemoveBackgroundParams>;

export const MAX_EDIT_IMAGES = 10;

const imagesOrURLs: Rule = {
  says: "exactly one of images or image_urls",
  check: (params, issue) => {
    if ((params.images === undefined) === (params.image_urls === undefined)) {
      issue("images", "give the images to edit, either as images (files) or as image_urls, not both");
    }
  },
  jsonSchema: { oneOf: [{ required: ["images"] }, { required: ["image_urls"] }] },
};

export const EditWithPromptParams = refineAll(
  z.strictObject({
    prompt: Prompt.describe("What to change, as an instruction."),
    images: imageFiles(MAX_EDIT_IMAGES)
      .describe(`Up to ${MAX_EDIT_IMAGES} images to edit.`)
      .optional(),
    image_urls: z
      .array(z.string().regex(/^https?:\/\/[^/?#\s]+[^\s]*$/, { error: "must be an http(s) URL of an Ideogram image" }))
      .min(1)
      .max(MAX_EDIT_IMAGES)
      .describe(`Up to ${MAX_EDIT_IMAGES} links to Ideogram images, instead of files.`)
      .optional(),
    num_images: NumImages.optional(),
    seed: Seed.optional(),
    magic_prompt: MagicPrompt.optional(),
    resolution: ResolutionV3.optional(),
    aspect_ratio: AspectRatioV3.optional(),
    transparent_background: z.boolean().describe("Give the result a transparent background.").meta({ default: false }).optional(),
  }),
  [imagesOrURLs, exclusive("aspect_ratio", "resolution")],
).describe("Edit images with an instruction, without a mask.");
export type EditWithPromptParams = z.input<typeof EditWithPromptParams>;
