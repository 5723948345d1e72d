/**
 * Legacy endpoints (models V_1, V_2, V_2A). Generate sends JSON `{ image_request }`; remix and upscale send
 * `image_request` as one JSON part beside `image_file`; edit and describe send flat fields.
 */
import * as z from "zod";
import {
  ColorPalette, DescribeModelVersion, ImageFile, LegacyAspectRatio, LegacyEditModel, LegacyModel,
  LegacyResolution, LegacyStyleType, MagicPrompt, NumImages, Percent, Prompt, Seed,
} from "./common";
import { exclusive, refineAll, type Rule } from "./rules";

type Model = z.infer<typeof LegacyModel>;
/** The model the API uses when `model` is not given. */
const DEFAULT_MODEL: Model = "V_2";

/**
 * A field that only some models take. The model is the one given, else the API's default V_2; with AUTO the
 * server picks, so nothing is refused.
 */
function onlyFor(field: string, models: readonly Model[]): Rule {
  const refused = LegacyModel.options.filter((model) => model !== "AUTO" && !models.includes(model));
  return {
    says: `${field} is only for models ${models.join(", ")}`,
    check: (params, issue) => {
      if (params[field] === undefined) return;
      const model = (params.model ?? DEFAULT_MODEL) as Model;
      if (refused.includes(model)) issue(field, `${field} is not supported by model ${model} (only ${models.join(", ")})`);
    },
    jsonSchema: { if: { required: ["model"], properties: { model: { enum: refused } } }, then: { not: { required: [field] } } },
  };
}

const legacyRules: Rule[] = [
  exclusive("aspect_ratio", "resolution"),
  onlyFor("resolution", ["V_2", "V_2_TURBO"]),
  onlyFor("style_type", ["V_2", "V_2_TURBO", "V_2A", "V_2A_TURBO"]),
  onlyFor("negative_prompt", ["V_1", "V_1_TURBO", "V_2", "V_2_TURBO"]),
  onlyFor("color_palette", ["V_2", "V_2_TURBO"]),
];

const imageRequestFields = {
  prompt: Prompt.describe("What to generate."),
  aspect_ratio: LegacyAspectRatio.optional(),
  model: LegacyModel.optional(),
  magic_prompt_option: MagicPrompt.meta({ default: "AUTO" }).optional(),
  seed: Seed.optional(),
  style_type: LegacyStyleType.meta({ default: "AUTO" }).optional(),
  negative_prompt: z
    .string()
    .describe("What should not appear (V_1, V_1_TURBO, V_2, V_2_TURBO only).")
    .optional(),
  num_images: NumImages.optional(),
  resolution: LegacyResolution.optional(),
  color_palette: ColorPalette.describe("Colour palette (V_2 and V_2_TURBO only).").optional(),
};

export const LegacyImageRequest = refineAll(z.strictObject(imageRequestFields), legacyRules).describe(
  "The generation request.",
);
export type LegacyImageRequest = z.input<typeof LegacyImageRequest>;

export const LegacyRemixImageRequest = refineAll(
  z.strictObject({
    ...imageRequestFields,
    image_weight: Percent.describe("Weight of the input image (1-100).").meta({ default: 50 }).optional(),
  }),
  legacyRules,
).describe("The remix request; the image is cropped to the chosen aspect ratio first.");
export type LegacyRemixImageRequest = z.input<typeof LegacyRemixImageRequest>;

export const LegacyUpscaleImageRequest = z
  .strictObject({
    prompt: z.string().describe("Optional prompt to guide the upscale.").optional(),
    resemblance: Percent.describe("Resemblance to the input (1-100).").meta({ default: 50 }).optional(),
    detail: Percent.describe("Detail (1-100).").meta({ default: 50 }).optional(),
    magic_prompt_option: MagicPrompt.meta({ default: "AUTO" }).optional(),
    num_images: NumImages.optional(),
    seed: Seed.optional(),
  })
  .describe("The upscale request; may be empty.");
export type LegacyUpscaleImageRequest = z.input<typeof LegacyUpscaleImageRequest>;

const imageFile = ImageFile.describe("The input image (JPEG, PNG or WebP).");

export const LegacyGenerateParams = z
  .strictObject({ image_request: LegacyImageRequest })
  .describe("Generate images with a legacy model (JSON body).");
export type LegacyGenerateParams = z.input<typeof LegacyGenerateParams>;

export const LegacyRemixParams = z
  .strictObject({ image_request: LegacyRemixImageRequest, image_file: imageFile })
  .describe("Remix an image with a legacy model.");
export type LegacyRemixParams = z.input<typeof LegacyRemixParams>;

export const LegacyEditParams = z
  .strictObject({
    image_file: imageFile,
    mask: ImageFile.describe("Black-and-white mask of the image's size: black marks the area to change."),
    prompt: Prompt.describe("What to put in the masked area."),
    model: LegacyEditModel,
    magic_prompt_option: MagicPrompt.meta({ default: "AUTO" }).optional(),
    num_images: NumImages.optional(),
    seed: Seed.optional(),
    style_type: LegacyStyleType.meta({ default: "AUTO" }).optional(),
  })
  .describe("Edit the masked area of an image (models V_2 and V_2_TURBO).");
export type LegacyEditParams = z.input<typeof LegacyEditParams>;

/** `image_request` may be left out: the SDK then sends `{}`, which the API requires. */
export const LegacyUpscaleParams = z
  .strictObject({ image_request: LegacyUpscaleImageRequest.optional(), image_file: imageFile })
  .describe("Upscale an image.");
export type LegacyUpscaleParams = z.input<typeof LegacyUpscaleParams>;

export const LegacyDescribeParams = z
  .strictObject({ image_file: imageFile, describe_model_version: DescribeModelVersion.meta({ default: "V_3" }).optional() })
  .describe("Describe an image in words.");
export type LegacyDescribeParams = z.input<typeof LegacyDescribeParams>;

/** Legacy reframe is Ideogram's (the gateway's page does not document it). */
export const LegacyReframeParams = refineAll(
  z.strictObject({
    image_file: ImageFile.describe("A square image to reframe (JPEG, PNG or WebP)."),
    resolution: LegacyResolution.describe("The resolution to reframe to (RESOLUTION_W_H)."),
    model: LegacyModel.describe("Model version."),
    num_images: NumImages.optional(),
    seed: Seed.optional(),
    style_type: LegacyStyleType.optional(),
  }),
  [onlyFor("style_type", ["V_2", "V_2_TURBO", "V_2A", "V_2A_TURBO"])],
).describe("Extend a square image to a chosen resolution with a legacy model (Ideogram's API).");
export type LegacyReframeParams = z.input<typeof LegacyReframeParams>;
