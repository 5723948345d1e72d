/**
 * Ideogram 3.0 endpoints (`/v1/ideogram-v3/...`), multipart. Each endpoint takes the fields the gateway's
 * page documents plus those of Ideogram's reference (the gateway's page wins where they disagree).
 */
import * as z from "zod";
import {
  AspectRatioV3, ColorPalette, ImageFile, ImageFiles, MagicPrompt, NumImages, Percent, Prompt, RenderingSpeed,
  ResolutionV3, Seed, StyleCode, StylePresetV3, StyleTypeV3, UpscaleFactor,
} from "./common";
import { refineAll, type Rule, exclusive, countFiles } from "./rules";

/** Every V3 field once; endpoints pick theirs. */
const fields = {
  prompt: Prompt.describe("What to generate."),
  image: ImageFile.describe("The input image (JPEG, PNG or WebP)."),
  mask: ImageFile.describe("Black-and-white mask of the image's size: black marks the area to change."),
  image_weight: Percent.describe("How closely the result follows the input image (1-100).").meta({ default: 50 }),
  seed: Seed,
  num_images: NumImages,
  rendering_speed: RenderingSpeed,
  magic_prompt: MagicPrompt.meta({ default: "AUTO" }),
  aspect_ratio: AspectRatioV3.meta({ default: "1x1" }),
  resolution: ResolutionV3,
  negative_prompt: z.string().describe("What should not appear; the prompt wins where they conflict."),
  style_type: StyleTypeV3.describe("Style type (AUTO by the gateway's page; GENERAL by Ideogram's reference)."),
  style_preset: StylePresetV3,
  color_palette: ColorPalette,
  style_codes: z.array(StyleCode).min(1).describe("8-character hex style codes; not with style_reference_images or style_type."),
  style_reference_images: ImageFiles.describe("Images whose style guides the result."),
  character_reference_images: ImageFiles.describe("One image of a character to keep (character-reference pricing)."),
  character_reference_images_mask: ImageFiles.describe("Grayscale masks for the character references, one per reference."),
  upscale_factor: UpscaleFactor,
  custom_model_uri: z
    .string()
    .regex(/^model\/[^/]+\/version\/[^/]+$/, { error: "must look like model/<model_name>/version/<version_name>" })
    .describe("A custom model; sets the model version and style."),
} as const;

type Field = keyof typeof fields;

/** A strict object of the named fields: `required` ones must be given, the rest are optional. */
function pickFields<R extends Field, O extends Field>(required: readonly R[], optional: readonly O[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const key of required) shape[key] = fields[key];
  for (const key of optional) shape[key] = fields[key].optional();
  return z.strictObject(shape as { [K in R]: (typeof fields)[K] } & { [K in O]: z.ZodOptional<(typeof fields)[K]> });
}

const aspectOrResolution: Rule = exclusive("aspect_ratio", "resolution");
/** Reported on style_codes, the field that excludes the others. */
const styleCodesAlone: Rule[] = [
  exclusive("style_codes", "style_reference_images", "style_codes"),
  exclusive("style_codes", "style_type", "style_codes"),
];
const oneCharacter: Rule = {
  says: "character_reference_images takes at most 1 image",
  check: (params, issue) => {
    const references = countFiles(params.character_reference_images);
    if (references > 1) issue("character_reference_images", `takes at most 1 image (got ${references})`);
  },
  jsonSchema: { properties: { character_reference_images: { maxItems: 1 } } },
};
const masksMatchCharacters: Rule = {
  says: "character_reference_images_mask needs one mask per character reference image",
  check: (params, issue) => {
    const references = countFiles(params.character_reference_images);
    const masks = countFiles(params.character_reference_images_mask);
    if (masks > 0 && masks !== references) {
      issue("character_reference_images_mask", `needs one mask per character reference image (got ${masks} masks for ${references} images)`);
    }
  },
};
const characterReference = [oneCharacter, masksMatchCharacters];

const styleFields = ["style_preset", "color_palette", "style_codes", "style_reference_images"] as const;
const characterFields = ["character_reference_images", "character_reference_images_mask"] as const;

export const V3GenerateParams = refineAll(
  pickFields(["prompt"], [
    "seed", "resolution", "aspect_ratio", "rendering_speed", "magic_prompt", "negative_prompt", "num_images",
    "style_type", ...styleFields, ...characterFields, "custom_model_uri",
  ]),
  [aspectOrResolution, ...styleCodesAlone, ...characterReference],
).describe("Generate images from a prompt with Ideogram 3.0.");
export type V3GenerateParams = z.input<typeof V3GenerateParams>;

export const V3RemixParams = refineAll(
  pickFields(["prompt", "image"], [
    "image_weight", "seed", "resolution", "aspect_ratio", "rendering_speed", "magic_prompt", "negative_prompt",
    "num_images", "style_type", ...styleFields, ...characterFields,
  ]),
  [aspectOrResolution, ...styleCodesAlone, ...characterReference],
).describe("Remix an image with a prompt; the image is cropped to the chosen aspect ratio first.");
export type V3RemixParams = z.input<typeof V3RemixParams>;

export const V3EditParams = refineAll(
  pickFields(["prompt", "image", "mask"], [
    "seed", "rendering_speed", "magic_prompt", "num_images", "style_type", ...styleFields, ...characterFields,
    // The gateway's page documents these two on edit; Ideogram's reference does not.
    "aspect_ratio", "negative_prompt",
  ]),
  [...styleCodesAlone, ...characterReference],
).describe("Edit the masked area of an image (Ideogram now recommends v3.inpaint, which takes the same fields).");
export type V3EditParams = z.input<typeof V3EditParams>;

export const V3ReplaceBackgroundParams = refineAll(
  pickFields(["prompt", "image"], [
    "seed", "rendering_speed", "magic_prompt", "num_images", ...styleFields,
    // The gateway's page documents style_type here; Ideogram's reference does not.
    "style_type",
  ]),
  [...styleCodesAlone],
).describe("Keep the foreground of an image and replace its background from the prompt.");
export type V3ReplaceBackgroundParams = z.input<typeof V3ReplaceBackgroundParams>;

export const V3ReframeParams = refineAll(
  pickFields(["image", "resolution"], ["seed", "rendering_speed", "num_images", ...styleFields]),
  [styleCodesAlone[0]!], // reframe has no style_type
).describe("Extend a square image to a chosen resolution.");
export type V3ReframeParams = z.input<typeof V3ReframeParams>;

// ── endpoints of Ideogram's reference that the gateway's page does not document ─────────────────

export const V3InpaintParams = refineAll(
  pickFields(["prompt", "image", "mask"], [
    "seed", "rendering_speed", "magic_prompt", "num_images", "style_type", ...styleFields, ...characterFields,
  ]),
  [...styleCodesAlone, ...characterReference],
).describe("Edit the masked area of an image (the successor of v3.edit, same fields; Ideogram's API).");
export type V3InpaintParams = z.input<typeof V3InpaintParams>;

export const V3GenerateTransparentParams = pickFields(["prompt"], [
  "seed", "upscale_factor", "aspect_ratio", "magic_prompt", "negative_prompt", "num_images",
])
  .extend({
    rendering_speed: RenderingSpeed.exclude(["FLASH"])
      .describe("Rendering speed; sets the price per image. This endpoint refuses FLASH.")
      .meta({ default: "DEFAULT" })
      .optional(),
  })
  .describe("Generate images with a transparent background, at the largest size for the aspect ratio (Ideogram's API).");
export type V3GenerateTransparentParams = z.input<typeof V3GenerateTransparentParams>;

export const V3LayerizeTextParams = z
  .strictObject({
    image: fields.image,
    prompt: fields.prompt.describe("A description of the image; captioned automatically when left out.").optional(),
    seed: Seed.optional(),
  })
  .describe("Split an image into a text-free base image and its text blocks (Ideogram's API).");
export type V3LayerizeTextParams = z.input<typeof V3LayerizeTextParams>;
