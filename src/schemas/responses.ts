/**
 * Response bodies. Lenient on purpose: fields the SDK does not know yet are kept, and `url` is null or
 * missing for an image withheld by the safety check (`is_image_safe: false`).
 */
import { z } from "zod";

export const GeneratedImage = z.looseObject({
  url: z.string().nullable().optional().describe("Temporary link to the image; null when is_image_safe is false."),
  prompt: z.string().describe("The prompt used, after Magic Prompt."),
  resolution: z.string().describe("Width x height, e.g. 1024x1024."),
  upscaled_resolution: z.string().optional(),
  is_image_safe: z.boolean(),
  seed: z.int(),
  style_type: z.string().nullable().optional(),
});
export type GeneratedImage = z.infer<typeof GeneratedImage>;

export const ImageResponse = z.looseObject({
  created: z.string().describe("When the images were made (ISO 8601)."),
  data: z.array(GeneratedImage),
});
export type ImageResponse = z.infer<typeof ImageResponse>;

export const DescribeResponse = z.looseObject({
  descriptions: z.array(z.looseObject({ text: z.string() })),
});
export type DescribeResponse = z.infer<typeof DescribeResponse>;
