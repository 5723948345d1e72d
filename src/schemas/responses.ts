/**
 * Response bodies. Lenient on purpose: fields the SDK does not know yet are kept, and `url` is null or
 * missing for an image withheld by the safety check (`is_image_safe: false`).
 */
import * as z from "zod";

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

export const RemovedBackground = z.looseObject({
  url: z.string().nullable().optional().describe("Temporary link to the image; null when is_image_safe is false."),
  is_image_safe: z.boolean(),
});

export const RemoveBackgroundResponse = z.looseObject({
  created: z.string(),
  data: z.array(RemovedBackground).describe("Exactly one image."),
});
export type RemoveBackgroundResponse = z.infer<typeof RemoveBackgroundResponse>;

export const TextBlock = z.looseObject({
  x: z.int().describe("Left edge, pixels from the image's left."),
  y: z.int().describe("Top edge, pixels from the image's top."),
  width: z.int(),
  height: z.int(),
  text: z.string().describe("The text; line breaks as \\n."),
  alignment: z.enum(["left", "center", "right"]),
  formatting: z.array(z.enum(["bold", "italic", "underline", "strikethrough", "all_caps", "small_caps", "superscript", "subscript"])),
  angle: z.number().optional().describe("Degrees clockwise; 0 when missing."),
  font_name: z.string().optional(),
  font_alternatives: z.array(z.string()).optional(),
  font_size: z.number().optional().describe("Points."),
  line_height: z.number().optional(),
  color: z.string().optional().describe("#RRGGBB."),
  role: z.enum(["heading", "subheading", "body", "caption"]).optional(),
});
export type TextBlock = z.infer<typeof TextBlock>;

export const LayerizeTextResponse = z.looseObject({
  base_image_url: z.string().describe("The image without its text (a temporary link)."),
  original_image_url: z.string().nullable().optional(),
  seed: z.int(),
  text_blocks: z.array(TextBlock).default([]).describe("The text found, block by block."),
});
export type LayerizeTextResponse = z.infer<typeof LayerizeTextResponse>;
