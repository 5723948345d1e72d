/**
 * Values shared by several endpoints: every enum is written here once and reused.
 * Sources: the AiHubMix page (the gateway) and Ideogram's reference; where they differ the union is
 * accepted (the gateway's values always are) and the README notes it.
 */
import * as z from "zod";
import { isUploadable, type Uploadable } from "../uploads/uploadable";
import { refineAll } from "./rules";

// ── numbers ────────────────────────────────────────────────────────────────────────────────────

export const Seed = z.int().min(0).max(2147483647).describe("Random seed (0-2147483647). Random when omitted.");
export const NumImages = z
  .int()
  .min(1)
  .max(8)
  .describe("Number of images to generate (1-8); each image is billed.")
  .meta({ default: 1 });
/** Integer weights on a 1-100 scale (image_weight, resemblance, detail). */
export const Percent = z.int().min(1).max(100);

export const Prompt = z.string().min(1, { error: "must not be empty" });

// ── options shared by V3 and legacy ────────────────────────────────────────────────────────────

export const MagicPrompt = z.enum(["AUTO", "ON", "OFF"]).describe("Prompt enhancement (Magic Prompt).");

// ── V3 enums ───────────────────────────────────────────────────────────────────────────────────

export const AspectRatioV3 = z
  .enum(["1x3", "3x1", "1x2", "2x1", "9x16", "16x9", "10x16", "16x10", "2x3", "3x2", "3x4", "4x3", "4x5", "5x4", "1x1"])
  .describe("Aspect ratio, WxH with a lower-case x. Cannot be combined with resolution.");

export const ResolutionV3 = z
  .enum([
    "512x1536", "576x1408", "576x1472", "576x1536", "640x1344", "640x1408", "640x1472", "640x1536",
    "704x1152", "704x1216", "704x1280", "704x1344", "704x1408", "704x1472", "736x1312", "768x1088",
    "768x1216", "768x1280", "768x1344", "800x1280", "832x960", "832x1024", "832x1088", "832x1152",
    "832x1216", "832x1248", "864x1152", "896x960", "896x1024", "896x1088", "896x1120", "896x1152",
    "960x832", "960x896", "960x1024", "960x1088", "1024x832", "1024x896", "1024x960", "1024x1024",
    "1088x768", "1088x832", "1088x896", "1088x960", "1120x896", "1152x704", "1152x832", "1152x864",
    "1152x896", "1216x704", "1216x768", "1216x832", "1248x832", "1280x704", "1280x768", "1280x800",
    "1312x736", "1344x640", "1344x704", "1344x768", "1408x576", "1408x640", "1408x704", "1472x576",
    "1472x640", "1472x704", "1536x512", "1536x576", "1536x640",
  ])
  .describe("Output resolution (one of Ideogram's 69 V3 sizes). Cannot be combined with aspect_ratio.");

/** FLASH is Ideogram's; the gateway documents TURBO, DEFAULT and QUALITY. */
export const RenderingSpeed = z
  .enum(["FLASH", "TURBO", "DEFAULT", "QUALITY"])
  .describe("Rendering speed; sets the price per image.")
  .meta({ default: "DEFAULT" });

/** FICTION is Ideogram's; the gateway documents the other four. */
export const StyleTypeV3 = z.enum(["AUTO", "GENERAL", "REALISTIC", "DESIGN", "FICTION"]).describe("Style type.");

export const StylePresetV3 = z
  .enum([
    "80S_ILLUSTRATION", "90S_NOSTALGIA", "ABSTRACT_ORGANIC", "ANALOG_NOSTALGIA", "ART_BRUT", "ART_DECO",
    "ART_POSTER", "AURA", "AVANT_GARDE", "BAUHAUS", "BLUEPRINT", "BLURRY_MOTION",
    "BRIGHT_ART", "C4D_CARTOON", "CHILDRENS_BOOK", "COLLAGE", "COLORING_BOOK_I", "COLORING_BOOK_II",
    "CUBISM", "DARK_AURA", "DOODLE", "DOUBLE_EXPOSURE", "DRAMATIC_CINEMA", "EDITORIAL",
    "EMOTIONAL_MINIMAL", "ETHEREAL_PARTY", "EXPIRED_FILM", "FLAT_ART", "FLAT_VECTOR", "FOREST_REVERIE",
    "GEO_MINIMALIST", "GLASS_PRISM", "GOLDEN_HOUR", "GRAFFITI_I", "GRAFFITI_II", "HALFTONE_PRINT",
    "HIGH_CONTRAST", "HIPPIE_ERA", "ICONIC", "JAPANDI_FUSION", "JAZZY", "LONG_EXPOSURE",
    "MAGAZINE_EDITORIAL", "MINIMAL_ILLUSTRATION", "MIXED_MEDIA", "MONOCHROME", "NIGHTLIFE", "OIL_PAINTING",
    "OLD_CARTOONS", "PAINT_GESTURE", "POP_ART", "RETRO_ETCHING", "RIVIERA_POP", "SPOTLIGHT_80S",
    "STYLIZED_RED", "SURREAL_COLLAGE", "TRAVEL_POSTER", "VINTAGE_GEO", "VINTAGE_POSTER", "WATERCOLOR",
    "WEIRD", "WOODBLOCK_PRINT",
  ])
  .describe("A named style preset.");

export const StyleCode = z
  .string()
  .regex(/^[0-9a-fA-F]{8}$/, { error: "must be an 8-character hexadecimal style code, such as 1a2b3c4d" });

export const UpscaleFactor = z
  .enum(["X1", "X2", "X4"])
  .describe("Upscale of the transparent image; X2 and X4 cost more.")
  .meta({ default: "X1" });

// ── colour palettes (V3 and legacy V_2) ────────────────────────────────────────────────────────

export const ColorPalettePresetName = z.enum([
  "EMBER", "FRESH", "JUNGLE", "MAGIC", "MELON", "MOSAIC", "PASTEL", "ULTRAMARINE",
]);

export const ColorPaletteMember = z.strictObject({
  color_hex: z
    .string()
    .regex(/^#(?:[0-9a-fA-F]{3}){1,2}$/, { error: "must be a hex colour with #, such as #FF8800 or #F80" }),
  color_weight: z.number().min(0.05).max(1).optional().describe("Weight from 0.05 to 1.0; list members by descending weight."),
});

/** Either a preset `{ name }` or `{ members }` (1-8 colours), never both. */
export const ColorPalette = refineAll(
  z.strictObject({
    name: ColorPalettePresetName.optional(),
    members: z.array(ColorPaletteMember).min(1).max(8).optional(),
  }),
  [
    {
      says: "exactly one of name or members",
      check: (palette, issue) => {
        if ((palette.name === undefined) === (palette.members === undefined)) {
          issue("", `give exactly one of name (a preset: ${ColorPalettePresetName.options.join(", ")}) or members (1-8 colours)`);
        }
      },
      jsonSchema: { oneOf: [{ required: ["name"] }, { required: ["members"] }] },
    },
  ],
).describe("Colour palette: a preset name or 1-8 members; sent as one JSON part.");

// ── files ──────────────────────────────────────────────────────────────────────────────────────

export const FILE_KINDS = "a Blob, File, Uint8Array, ArrayBuffer, stream, Response, URL, or a file path (Node, Deno, Bun)";

/** One image file. Its bytes are checked (type, size) when the request is built. */
export const ImageFile = z.custom<Uploadable>(isUploadable, { error: `expected a file: ${FILE_KINDS}` });

/** A field that takes several files (at most `max`); a single file is accepted too and sent as a list of one. */
export function imageFiles(max?: number) {
  const list = z.array(ImageFile).min(1);
  return z.union([ImageFile, max ? list.max(max) : list], { error: `expected a file or a list of files: ${FILE_KINDS}` });
}

export const ImageFiles = imageFiles();

// ── legacy (V_1, V_2, V_2A) enums ──────────────────────────────────────────────────────────────

export const LegacyAspectRatio = z
  .enum([
    "ASPECT_1_1", "ASPECT_3_1", "ASPECT_1_3", "ASPECT_3_2", "ASPECT_2_3", "ASPECT_4_3", "ASPECT_3_4",
    "ASPECT_16_9", "ASPECT_9_16", "ASPECT_16_10", "ASPECT_10_16",
  ])
  .describe("Aspect ratio. Cannot be combined with resolution.")
  .meta({ default: "ASPECT_1_1" });

export const LegacyResolution = z
  .enum([
    "RESOLUTION_512_1536", "RESOLUTION_576_1408", "RESOLUTION_576_1472", "RESOLUTION_576_1536", "RESOLUTION_640_1024",
    "RESOLUTION_640_1344", "RESOLUTION_640_1408", "RESOLUTION_640_1472", "RESOLUTION_640_1536", "RESOLUTION_704_1152",
    "RESOLUTION_704_1216", "RESOLUTION_704_1280", "RESOLUTION_704_1344", "RESOLUTION_704_1408", "RESOLUTION_704_1472",
    "RESOLUTION_720_1280", "RESOLUTION_736_1312", "RESOLUTION_768_1024", "RESOLUTION_768_1088", "RESOLUTION_768_1152",
    "RESOLUTION_768_1216", "RESOLUTION_768_1232", "RESOLUTION_768_1280", "RESOLUTION_768_1344", "RESOLUTION_832_960",
    "RESOLUTION_832_1024", "RESOLUTION_832_1088", "RESOLUTION_832_1152", "RESOLUTION_832_1216", "RESOLUTION_832_1248",
    "RESOLUTION_864_1152", "RESOLUTION_896_960", "RESOLUTION_896_1024", "RESOLUTION_896_1088", "RESOLUTION_896_1120",
    "RESOLUTION_896_1152", "RESOLUTION_960_832", "RESOLUTION_960_896", "RESOLUTION_960_1024", "RESOLUTION_960_1088",
    "RESOLUTION_1024_640", "RESOLUTION_1024_768", "RESOLUTION_1024_832", "RESOLUTION_1024_896", "RESOLUTION_1024_960",
    "RESOLUTION_1024_1024", "RESOLUTION_1088_768", "RESOLUTION_1088_832", "RESOLUTION_1088_896", "RESOLUTION_1088_960",
    "RESOLUTION_1120_896", "RESOLUTION_1152_704", "RESOLUTION_1152_768", "RESOLUTION_1152_832", "RESOLUTION_1152_864",
    "RESOLUTION_1152_896", "RESOLUTION_1216_704", "RESOLUTION_1216_768", "RESOLUTION_1216_832", "RESOLUTION_1232_768",
    "RESOLUTION_1248_832", "RESOLUTION_1280_704", "RESOLUTION_1280_720", "RESOLUTION_1280_768", "RESOLUTION_1280_800",
    "RESOLUTION_1312_736", "RESOLUTION_1344_640", "RESOLUTION_1344_704", "RESOLUTION_1344_768", "RESOLUTION_1408_576",
    "RESOLUTION_1408_640", "RESOLUTION_1408_704", "RESOLUTION_1472_576", "RESOLUTION_1472_640", "RESOLUTION_1472_704",
    "RESOLUTION_1536_512", "RESOLUTION_1536_576", "RESOLUTION_1536_640",
  ])
  .describe("Resolution as width x height (RESOLUTION_W_H); V_2 and V_2_TURBO only; cannot be combined with aspect_ratio.");

/** AUTO is Ideogram's; the gateway documents the six versioned models. */
export const LegacyModel = z
  .enum(["V_1", "V_1_TURBO", "V_2", "V_2_TURBO", "V_2A", "V_2A_TURBO", "AUTO"])
  .describe("Model version.")
  .meta({ default: "V_2" });

/** Legacy /edit takes only these two models. */
export const LegacyEditModel = LegacyModel.extract(["V_2", "V_2_TURBO"]).describe("Model version: /edit supports V_2 and V_2_TURBO only.");

/** FICTION is Ideogram's; the gateway documents the other six. */
export const LegacyStyleType = z
  .enum(["AUTO", "GENERAL", "REALISTIC", "DESIGN", "RENDER_3D", "ANIME", "FICTION"])
  .describe("Style type; V_2 and later models only.");

export const DescribeModelVersion = z.enum(["V_2", "V_3", "V_4"]).describe("Model that writes the description.");
