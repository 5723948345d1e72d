/**
 * The request schemas of the ten endpoints the gateway documents, through `validate` exactly as a call uses them.
 *
 * Every expected value below is written from the documentation (`shared/docs/aihubmix-ideogram-api.txt`, the
 * gateway's page, and `shared/docs/ideogram-official-api.md` §2-4), never read back from the schemas, so that a
 * schema that drifts from the docs fails here. Where the two disagree on a field of these ten endpoints, the
 * gateway's page wins (public-surface.md).
 */
import { Readable } from "node:stream";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  AspectRatioV3, ColorPalettePresetName, DescribeModelVersion, LegacyAspectRatio, LegacyModel, LegacyResolution,
  LegacyStyleType, MagicPrompt, RenderingSpeed, ResolutionV3, StylePresetV3, StyleTypeV3, endpoints,
} from "ideogram-sdk/schemas";
import { validate } from "../src/core/validate";
import { IdeogramError, ValidationError, type ValidationIssue } from "../src/core/errors";
import { pngBytes } from "./helpers/images";

// ── the documented values (transcribed from the docs) ──────────────────────────────────────────

/** §2.1 and the gateway's V3 pages: 15 values. */
const DOC_ASPECT_V3 = ["1x3", "3x1", "1x2", "2x1", "9x16", "16x9", "10x16", "16x10", "2x3", "3x2", "3x4", "4x3", "4x5", "5x4", "1x1"];

/** §2.2: 69 values. */
const DOC_RESOLUTION_V3 = [
  "512x1536", "576x1408", "576x1472", "576x1536", "640x1344", "640x1408", "640x1472", "640x1536", "704x1152",
  "704x1216", "704x1280", "704x1344", "704x1408", "704x1472", "736x1312", "768x1088", "768x1216", "768x1280",
  "768x1344", "800x1280", "832x960", "832x1024", "832x1088", "832x1152", "832x1216", "832x1248", "864x1152",
  "896x960", "896x1024", "896x1088", "896x1120", "896x1152", "960x832", "960x896", "960x1024", "960x1088",
  "1024x832", "1024x896", "1024x960", "1024x1024", "1088x768", "1088x832", "1088x896", "1088x960", "1120x896",
  "1152x704", "1152x832", "1152x864", "1152x896", "1216x704", "1216x768", "1216x832", "1248x832", "1280x704",
  "1280x768", "1280x800", "1312x736", "1344x640", "1344x704", "1344x768", "1408x576", "1408x640", "1408x704",
  "1472x576", "1472x640", "1472x704", "1536x512", "1536x576", "1536x640",
];

/** §2.3: the gateway's TURBO, DEFAULT, QUALITY and Ideogram's FLASH. */
const DOC_RENDERING_SPEED = ["FLASH", "TURBO", "DEFAULT", "QUALITY"];

/** §2.5: the gateway's AUTO, GENERAL, REALISTIC, DESIGN and Ideogram's FICTION. */
const DOC_STYLE_TYPE_V3 = ["AUTO", "GENERAL", "REALISTIC", "DESIGN", "FICTION"];

/** §2.6: 62 values. */
const DOC_STYLE_PRESET = [
  "80S_ILLUSTRATION", "90S_NOSTALGIA", "ABSTRACT_ORGANIC", "ANALOG_NOSTALGIA", "ART_BRUT", "ART_DECO", "ART_POSTER",
  "AURA", "AVANT_GARDE", "BAUHAUS", "BLUEPRINT", "BLURRY_MOTION", "BRIGHT_ART", "C4D_CARTOON", "CHILDRENS_BOOK",
  "COLLAGE", "COLORING_BOOK_I", "COLORING_BOOK_II", "CUBISM", "DARK_AURA", "DOODLE", "DOUBLE_EXPOSURE",
  "DRAMATIC_CINEMA", "EDITORIAL", "EMOTIONAL_MINIMAL", "ETHEREAL_PARTY", "EXPIRED_FILM", "FLAT_ART", "FLAT_VECTOR",
  "FOREST_REVERIE", "GEO_MINIMALIST", "GLASS_PRISM", "GOLDEN_HOUR", "GRAFFITI_I", "GRAFFITI_II", "HALFTONE_PRINT",
  "HIGH_CONTRAST", "HIPPIE_ERA", "ICONIC", "JAPANDI_FUSION", "JAZZY", "LONG_EXPOSURE", "MAGAZINE_EDITORIAL",
  "MINIMAL_ILLUSTRATION", "MIXED_MEDIA", "MONOCHROME", "NIGHTLIFE", "OIL_PAINTING", "OLD_CARTOONS", "PAINT_GESTURE",
  "POP_ART", "RETRO_ETCHING", "RIVIERA_POP", "SPOTLIGHT_80S", "STYLIZED_RED", "SURREAL_COLLAGE", "TRAVEL_POSTER",
  "VINTAGE_GEO", "VINTAGE_POSTER", "WATERCOLOR", "WEIRD", "WOODBLOCK_PRINT",
];

/** §2.4 / §4.5 and the gateway: magic_prompt (V3) and magic_prompt_option (legacy). */
const DOC_MAGIC_PROMPT = ["AUTO", "ON", "OFF"];

/** §2.7: 8 presets. */
const DOC_PALETTE_PRESETS = ["EMBER", "FRESH", "JUNGLE", "MAGIC", "MELON", "MOSAIC", "PASTEL", "ULTRAMARINE"];

/** §4.1: 11 values (the gateway's `SPECT_16_10` is a typo of `ASPECT_16_10`, §9 item 11). */
const DOC_LEGACY_ASPECT = [
  "ASPECT_10_16", "ASPECT_16_10", "ASPECT_9_16", "ASPECT_16_9", "ASPECT_3_2", "ASPECT_2_3", "ASPECT_4_3", "ASPECT_3_4",
  "ASPECT_1_1", "ASPECT_1_3", "ASPECT_3_1",
];

/** §4.2: 78 values. */
const DOC_LEGACY_RESOLUTION = [
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
];

/** §4.3: the gateway's six models and Ideogram's AUTO. */
const DOC_LEGACY_MODEL = ["V_1", "V_1_TURBO", "V_2", "V_2_TURBO", "V_2A", "V_2A_TURBO", "AUTO"];

/** §4.4: the gateway's six and Ideogram's FICTION. */
const DOC_LEGACY_STYLE_TYPE = ["AUTO", "GENERAL", "REALISTIC", "DESIGN", "RENDER_3D", "ANIME", "FICTION"];

/** §4.12: V_2, V_3 (public reference) and V_4 (added by July 2026). */
const DOC_DESCRIBE_VERSION = ["V_2", "V_3", "V_4"];

/** §4.6: the models that take each model-dependent legacy field. */
const LEGACY_MODEL_SUPPORT = {
  resolution: ["V_2", "V_2_TURBO"],
  style_type: ["V_2", "V_2_TURBO", "V_2A", "V_2A_TURBO"],
  negative_prompt: ["V_1", "V_1_TURBO", "V_2", "V_2_TURBO"],
  color_palette: ["V_2", "V_2_TURBO"],
} as const;

// ── helpers ────────────────────────────────────────────────────────────────────────────────────

const TEN = [
  "v3.generate", "v3.remix", "v3.edit", "v3.replaceBackground", "v3.reframe",
  "legacy.generate", "legacy.remix", "legacy.edit", "legacy.upscale", "legacy.describe",
] as const;
type Name = (typeof TEN)[number];
type V3Name = Extract<Name, `v3.${string}`>;
type Params = Record<string, unknown>;

const V3: readonly V3Name[] = ["v3.generate", "v3.remix", "v3.edit", "v3.replaceBackground", "v3.reframe"];

const png = pngBytes();

/** The smallest valid params of each endpoint. */
function base(name: Name): Params {
  switch (name) {
    case "v3.generate": return { prompt: "a lighthouse at dusk" };
    case "v3.remix": return { prompt: "watercolour", image: png };
    case "v3.edit": return { prompt: "a red door", image: png, mask: png };
    case "v3.replaceBackground": return { prompt: "a snowy forest", image: png };
    case "v3.reframe": return { image: png, resolution: "1280x800" };
    case "legacy.generate": return { image_request: { prompt: "a lighthouse at dusk" } };
    case "legacy.remix": return { image_request: { prompt: "watercolour" }, image_file: png };
    case "legacy.edit": return { image_file: png, mask: png, prompt: "a red door", model: "V_2" };
    case "legacy.upscale": return { image_file: png };
    case "legacy.describe": return { image_file: png };
  }
}

/** Endpoints whose request fields live in the `image_request` object. */
const NESTED = new Set<Name>(["legacy.generate", "legacy.remix", "legacy.upscale"]);

/** The endpoint's valid params with `fields` added where request fields go (inside image_request for nested ones). */
function withFields(name: Name, fields: Params): Params {
  const params = base(name);
  if (!NESTED.has(name)) return { ...params, ...fields };
  return { ...params, image_request: { ...(params.image_request as Params | undefined), ...fields } };
}

/** The wire path of a request field of the endpoint. */
function at(name: Name, field: string): string {
  return NESTED.has(name) ? `image_request.${field}` : field;
}

/** The issues a call with these params would throw, or [] when it validates. */
function issuesOf(name: Name, params: unknown): ValidationIssue[] {
  return errorOf(name, params)?.issues ?? [];
}

function errorOf(name: Name, params: unknown): ValidationError | undefined {
  try {
    validate(endpoints[name].params as z.ZodType, params, name);
    return undefined;
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    return error;
  }
}

/** The list after "must be one of: " in an enum message. */
function allowedValues(message: string): string[] {
  const match = /must be one of: (.*) \(got /.exec(message);
  return match ? match[1]!.split(", ") : [];
}

/** The list after "Allowed: " in an unknown-field message. */
function allowedFields(message: string): string[] {
  const match = /Allowed: (.*)$/.exec(message);
  return match ? match[1]!.split(", ").filter(Boolean) : [];
}

const sorted = (values: readonly string[]) => [...values].sort();

const cartesian = <A, B>(as: readonly A[], bs: readonly B[]): [A, B][] => as.flatMap((a) => bs.map((b): [A, B] => [a, b]));

// ── the endpoint map ───────────────────────────────────────────────────────────────────────────

describe("the endpoints map", () => {
  const WIRE: Record<Name, [string, "multipart" | "json"]> = {
    "v3.generate": ["/v1/ideogram-v3/generate", "multipart"],
    "v3.remix": ["/v1/ideogram-v3/remix", "multipart"],
    "v3.edit": ["/v1/ideogram-v3/edit", "multipart"],
    "v3.replaceBackground": ["/v1/ideogram-v3/replace-background", "multipart"],
    "v3.reframe": ["/v1/ideogram-v3/reframe", "multipart"],
    "legacy.generate": ["/generate", "json"],
    "legacy.remix": ["/remix", "multipart"],
    "legacy.edit": ["/edit", "multipart"],
    "legacy.upscale": ["/upscale", "multipart"],
    "legacy.describe": ["/describe", "multipart"],
  };

  it.each(TEN)("has %s with its method, path, body kind and schemas", (name) => {
    const endpoint = endpoints[name];
    expect(endpoint).toMatchObject({ method: "POST", path: WIRE[name][0], body: WIRE[name][1] });
    expect(typeof endpoint.params.safeParse).toBe("function");
    expect(typeof endpoint.response.safeParse).toBe("function");
  });

  it.each(TEN)("%s accepts its smallest valid params", (name) => {
    expect(issuesOf(name, base(name))).toEqual([]);
  });
});

// ── enums: every documented value, and nothing else ────────────────────────────────────────────

describe("the enums hold exactly the documented values", () => {
  it("the transcribed doc lists are consistent with what the docs say about them", () => {
    // §2.2: the legacy list has 10 sizes that V3 lacks and lacks 800x1280.
    const legacyAsV3 = DOC_LEGACY_RESOLUTION.map((value) => value.replace(/^RESOLUTION_(\d+)_(\d+)$/, "$1x$2"));
    expect(legacyAsV3.filter((size) => !DOC_RESOLUTION_V3.includes(size))).toEqual([
      "640x1024", "720x1280", "768x1024", "768x1152", "768x1232", "1024x640", "1024x768", "1152x768", "1232x768", "1280x720",
    ]);
    expect(DOC_RESOLUTION_V3.filter((size) => !legacyAsV3.includes(size))).toEqual(["800x1280"]);
  });

  it.each([
    ["AspectRatioV3", AspectRatioV3.options, DOC_ASPECT_V3, 15],
    ["ResolutionV3", ResolutionV3.options, DOC_RESOLUTION_V3, 69],
    ["RenderingSpeed", RenderingSpeed.options, DOC_RENDERING_SPEED, 4],
    ["StyleTypeV3", StyleTypeV3.options, DOC_STYLE_TYPE_V3, 5],
    ["StylePresetV3", StylePresetV3.options, DOC_STYLE_PRESET, 62],
    ["MagicPrompt", MagicPrompt.options, DOC_MAGIC_PROMPT, 3],
    ["ColorPalettePresetName", ColorPalettePresetName.options, DOC_PALETTE_PRESETS, 8],
    ["LegacyAspectRatio", LegacyAspectRatio.options, DOC_LEGACY_ASPECT, 11],
    ["LegacyResolution", LegacyResolution.options, DOC_LEGACY_RESOLUTION, 78],
    ["LegacyModel", LegacyModel.options, DOC_LEGACY_MODEL, 7],
    ["LegacyStyleType", LegacyStyleType.options, DOC_LEGACY_STYLE_TYPE, 7],
    ["DescribeModelVersion", DescribeModelVersion.options, DOC_DESCRIBE_VERSION, 3],
  ] as const)("%s holds exactly the documented values", (_name, options, documented, count) => {
    expect(documented).toHaveLength(count);
    expect(options).toHaveLength(count);
    expect(new Set(documented).size).toBe(count);
    expect(sorted(options)).toEqual(sorted(documented));
  });
});

/** Where each enum is a field: [enum, documented values, endpoints, the field's value for a given enum value]. */
const ENUM_FIELDS: [string, readonly string[], readonly Name[], (value: string) => Params][] = [
  ["AspectRatioV3", DOC_ASPECT_V3, ["v3.generate", "v3.remix", "v3.edit"], (v) => ({ aspect_ratio: v })],
  ["ResolutionV3", DOC_RESOLUTION_V3, ["v3.generate", "v3.remix", "v3.reframe"], (v) => ({ resolution: v })],
  ["RenderingSpeed", DOC_RENDERING_SPEED, V3, (v) => ({ rendering_speed: v })],
  ["StyleTypeV3", DOC_STYLE_TYPE_V3, ["v3.generate", "v3.remix", "v3.edit", "v3.replaceBackground"], (v) => ({ style_type: v })],
  ["StylePresetV3", DOC_STYLE_PRESET, V3, (v) => ({ style_preset: v })],
  ["MagicPrompt", DOC_MAGIC_PROMPT, ["v3.generate", "v3.remix", "v3.edit", "v3.replaceBackground"], (v) => ({ magic_prompt: v })],
  ["MagicPrompt", DOC_MAGIC_PROMPT, ["legacy.generate", "legacy.remix", "legacy.edit", "legacy.upscale"], (v) => ({ magic_prompt_option: v })],
  ["ColorPalettePresetName", DOC_PALETTE_PRESETS, [...V3, "legacy.generate", "legacy.remix"], (v) => ({ color_palette: { name: v } })],
  ["LegacyAspectRatio", DOC_LEGACY_ASPECT, ["legacy.generate", "legacy.remix"], (v) => ({ aspect_ratio: v })],
  ["LegacyResolution", DOC_LEGACY_RESOLUTION, ["legacy.generate", "legacy.remix"], (v) => ({ resolution: v })],
  ["LegacyModel", DOC_LEGACY_MODEL, ["legacy.generate", "legacy.remix"], (v) => ({ model: v })],
  ["LegacyStyleType", DOC_LEGACY_STYLE_TYPE, ["legacy.generate", "legacy.remix", "legacy.edit"], (v) => ({ style_type: v })],
  ["DescribeModelVersion", DOC_DESCRIBE_VERSION, ["legacy.describe"], (v) => ({ describe_model_version: v })],
];

describe("every documented enum value is accepted wherever the field exists", () => {
  const rows = ENUM_FIELDS.flatMap(([enumName, values, names, field]) =>
    cartesian(names, values).map(([name, value]) => ({ enumName, name, value, fields: field(value) })),
  );

  it("covers every value of every enum on every endpoint that has the field", () => {
    expect(rows).toHaveLength(15 * 3 + 69 * 3 + 4 * 5 + 5 * 4 + 62 * 5 + 3 * 8 + 8 * 7 + 11 * 2 + 78 * 2 + 7 * 2 + 7 * 3 + 3);
  });

  it.each(rows)("$enumName $value on $name", ({ name, fields }) => {
    expect(issuesOf(name, withFields(name, fields))).toEqual([]);
  });
});

describe("wrong spellings are refused with the allowed values and a suggestion", () => {
  // [endpoint, field, value given, documented values, suggestion or undefined]
  const cases: [Name, string, string, readonly string[], string | undefined][] = [
    ["v3.generate", "aspect_ratio", "16:9", DOC_ASPECT_V3, "16x9"],
    ["v3.remix", "aspect_ratio", "16X9", DOC_ASPECT_V3, "16x9"],
    ["v3.edit", "aspect_ratio", "1:1", DOC_ASPECT_V3, "1x1"],
    ["v3.generate", "resolution", "1024X1024", DOC_RESOLUTION_V3, "1024x1024"],
    ["v3.reframe", "resolution", "1024*1024", DOC_RESOLUTION_V3, "1024x1024"],
    ["v3.generate", "style_type", "realistic", DOC_STYLE_TYPE_V3, "REALISTIC"],
    ["v3.replaceBackground", "style_type", "design", DOC_STYLE_TYPE_V3, "DESIGN"],
    ["v3.generate", "rendering_speed", "quality", DOC_RENDERING_SPEED, "QUALITY"],
    ["v3.generate", "rendering_speed", "fast", DOC_RENDERING_SPEED, undefined],
    ["v3.generate", "magic_prompt", "on", DOC_MAGIC_PROMPT, "ON"],
    ["v3.generate", "style_preset", "watercolour", DOC_STYLE_PRESET, "WATERCOLOR"],
    ["legacy.generate", "aspect_ratio", "SPECT_16_10", DOC_LEGACY_ASPECT, "ASPECT_16_10"],
    ["legacy.remix", "aspect_ratio", "aspect_16_9", DOC_LEGACY_ASPECT, "ASPECT_16_9"],
    ["legacy.generate", "style_type", "realistic", DOC_LEGACY_STYLE_TYPE, "REALISTIC"],
    ["legacy.edit", "style_type", "anime", DOC_LEGACY_STYLE_TYPE, "ANIME"],
    ["legacy.generate", "model", "v2", DOC_LEGACY_MODEL, "V_2"],
    ["legacy.remix", "model", "V2_TURBO", DOC_LEGACY_MODEL, "V_2_TURBO"],
    ["legacy.edit", "model", "v_2_turbo", ["V_2", "V_2_TURBO"], "V_2_TURBO"],
    ["legacy.upscale", "magic_prompt_option", "off", DOC_MAGIC_PROMPT, "OFF"],
    ["legacy.generate", "resolution", "RESOLUTION_1024x1024", DOC_LEGACY_RESOLUTION, "RESOLUTION_1024_1024"],
    // The gateway's page describes the legacy resolution as "width x height", so this is what its readers send.
    ["legacy.generate", "resolution", "1024x1024", DOC_LEGACY_RESOLUTION, "RESOLUTION_1024_1024"],
    ["legacy.describe", "describe_model_version", "V3", DOC_DESCRIBE_VERSION, "V_3"],
  ];

  it.each(cases)("%s %s %j", (name, field, value, allowed, suggestion) => {
    const issues = issuesOf(name, withFields(name, { [field]: value }));
    expect(issues).toEqual([{ path: at(name, field), message: expect.stringContaining(`(got ${JSON.stringify(value)})`) }]);
    const message = issues[0]!.message;
    expect(message).toMatch(/^must be one of: /);
    expect(sorted(allowedValues(message))).toEqual(sorted(allowed));
    if (suggestion) expect(message).toContain(`Did you mean "${suggestion}"?`);
    else expect(message).not.toContain("Did you mean");
  });

  it("a palette preset in the wrong case is refused at color_palette.name with a suggestion", () => {
    const issues = issuesOf("v3.generate", withFields("v3.generate", { color_palette: { name: "ember" } }));
    expect(issues).toEqual([{ path: "color_palette.name", message: expect.stringContaining('Did you mean "EMBER"?') }]);
    expect(sorted(allowedValues(issues[0]!.message))).toEqual(sorted(DOC_PALETTE_PRESETS));
  });

  it.each(["V_1", "V_1_TURBO", "V_2A", "V_2A_TURBO", "AUTO"])("legacy.edit refuses model %s (only V_2 and V_2_TURBO)", (model) => {
    const issues = issuesOf("legacy.edit", { ...base("legacy.edit"), model });
    expect(issues).toEqual([{ path: "model", message: expect.stringContaining(`(got "${model}")`) }]);
    expect(sorted(allowedValues(issues[0]!.message))).toEqual(["V_2", "V_2_TURBO"]);
  });

  it.each(["V_2", "V_2_TURBO"])("legacy.edit accepts model %s", (model) => {
    expect(issuesOf("legacy.edit", { ...base("legacy.edit"), model })).toEqual([]);
  });
});

// ── ranges and formats ─────────────────────────────────────────────────────────────────────────

const WITH_SEED: readonly Name[] = [...V3, "legacy.generate", "legacy.remix", "legacy.edit", "legacy.upscale"];
const WITH_NUM_IMAGES = WITH_SEED;

/** [endpoint, field, value, expected message or null when accepted]. */
type RangeCase = [Name, string, unknown, string | null];

function rangeCases(names: readonly Name[], field: string, accepted: unknown[], refused: [unknown, string][]): RangeCase[] {
  return names.flatMap((name): RangeCase[] => [
    ...accepted.map((value): RangeCase => [name, field, value, null]),
    ...refused.map(([value, message]): RangeCase => [name, field, value, message]),
  ]);
}

describe("integer ranges, at both edges", () => {
  // A non-integer such as 1.5 fails zod's integer check, which aborts the object's cross-field rules
  // (a known limitation of zod: that object's rules are not reported in the same error). The field's own
  // issue is still reported, which is what these cases assert.
  const cases: RangeCase[] = [
    ...rangeCases(WITH_SEED, "seed", [0, 1, 2147483647], [
      [-1, "must be at least 0 (got -1)"],
      [2147483648, "must be at most 2147483647 (got 2147483648)"],
      [1.5, "must be a whole number (got 1.5)"],
      ["7", 'must be a number (got "7")'],
    ]),
    ...rangeCases(WITH_NUM_IMAGES, "num_images", [1, 8], [
      [0, "must be at least 1 (got 0)"],
      [9, "must be at most 8 (got 9)"],
      [1.5, "must be a whole number (got 1.5)"],
    ]),
    ...rangeCases(["v3.remix", "legacy.remix"], "image_weight", [1, 50, 100], [
      [0, "must be at least 1 (got 0)"],
      [101, "must be at most 100 (got 101)"],
      [50.5, "must be a whole number (got 50.5)"],
    ]),
    ...rangeCases(["legacy.upscale"], "resemblance", [1, 100], [
      [0, "must be at least 1 (got 0)"],
      [101, "must be at most 100 (got 101)"],
      [1.5, "must be a whole number (got 1.5)"],
    ]),
    ...rangeCases(["legacy.upscale"], "detail", [1, 100], [
      [0, "must be at least 1 (got 0)"],
      [101, "must be at most 100 (got 101)"],
      [1.5, "must be a whole number (got 1.5)"],
    ]),
  ];

  it.each(cases)("%s %s = %j", (name, field, value, message) => {
    const issues = issuesOf(name, withFields(name, { [field]: value }));
    expect(issues).toEqual(message === null ? [] : [{ path: at(name, field), message }]);
  });
});

const WITH_PALETTE: readonly Name[] = [...V3, "legacy.generate", "legacy.remix"];

describe("color_palette", () => {
  const member = (color_hex: string, color_weight?: number) => (color_weight === undefined ? { color_hex } : { color_hex, color_weight });

  const weights: [number, string | null][] = [
    [0.05, null],
    [0.5, null],
    [1, null],
    [0.04, "must be at least 0.05 (got 0.04)"],
    [0, "must be at least 0.05 (got 0)"],
    [1.01, "must be at most 1 (got 1.01)"],
  ];
  it.each(cartesian(WITH_PALETTE, weights))("%s color_weight %j", (name, [weight, message]) => {
    const issues = issuesOf(name, withFields(name, { color_palette: { members: [member("#FF8800", weight)] } }));
    expect(issues).toEqual(message === null ? [] : [{ path: at(name, "color_palette.members.0.color_weight"), message }]);
  });

  const hexes: [string, boolean][] = [
    ["#F80", true],
    ["#ff8800", true],
    ["#A1b2C3", true],
    ["FF8800", false],
    ["#FF88", false],
    ["#FF880", false],
    ["#FF88001", false],
    ["#GG8800", false],
    ["red", false],
    ["", false],
  ];
  it.each(cartesian(WITH_PALETTE, hexes))("%s color_hex %j", (name, [hex, ok]) => {
    const issues = issuesOf(name, withFields(name, { color_palette: { members: [member(hex)] } }));
    expect(issues).toEqual(
      ok ? [] : [{ path: at(name, "color_palette.members.0.color_hex"), message: expect.stringContaining("must be a hex colour with #") }],
    );
  });

  it.each(WITH_PALETTE)("%s: a member without color_hex is refused at its dotted path", (name) => {
    const issues = issuesOf(name, withFields(name, { color_palette: { members: [member("#000"), { color_weight: 0.5 }] } }));
    expect(issues).toEqual([{ path: at(name, "color_palette.members.1.color_hex"), message: "is required" }]);
  });

  const counts: [number, string | null][] = [
    [1, null],
    [8, null],
    [0, "must have at least 1 item (got 0)"],
    [9, "must have at most 8 items (got 9)"],
  ];
  it.each(cartesian(WITH_PALETTE, counts))("%s with %j members", (name, [count, message]) => {
    const members = Array.from({ length: count }, (_, index) => member(`#${String(index).repeat(6)}`, 1 - index / 10));
    const issues = issuesOf(name, withFields(name, { color_palette: { members } }));
    expect(issues).toEqual(message === null ? [] : [{ path: at(name, "color_palette.members"), message }]);
  });

  const shapes: [string, unknown, boolean][] = [
    ["a preset name", { name: "JUNGLE" }, true],
    ["members", { members: [member("#123456", 0.8)] }, true],
    ["neither", {}, false],
    ["both", { name: "JUNGLE", members: [member("#123456")] }, false],
  ];
  it.each(cartesian(WITH_PALETTE, shapes))("%s: exactly one of name or members: %s", (name, [, palette, ok]) => {
    const issues = issuesOf(name, withFields(name, { color_palette: palette }));
    expect(issues).toEqual(
      ok ? [] : [{ path: at(name, "color_palette"), message: expect.stringMatching(/^give exactly one of name .* or members/) }],
    );
  });

  it("an unknown key of the palette is refused with the palette's own keys", () => {
    const issues = issuesOf("v3.generate", withFields("v3.generate", { color_palette: { name: "EMBER", colors: [] } }));
    expect(issues).toEqual([{ path: "color_palette.colors", message: expect.stringContaining("is not a field") }]);
    expect(sorted(allowedFields(issues[0]!.message))).toEqual(["members", "name"]);
  });

  it("an unknown key of a palette member is refused with a suggestion and the member's own keys", () => {
    const issues = issuesOf("v3.generate", withFields("v3.generate", {
      color_palette: { members: [{ color_hex: "#FFF", colour_weight: 0.5 }] },
    }));
    expect(issues).toEqual([{ path: "color_palette.members.0.colour_weight", message: expect.stringContaining("is not a field") }]);
    expect(issues[0]!.message).toContain('Did you mean "color_weight"?');
    expect(sorted(allowedFields(issues[0]!.message))).toEqual(["color_hex", "color_weight"]);
  });
});

describe("style_codes", () => {
  const codes: [string, boolean][] = [
    ["1a2b3c4d", true],
    ["ABCDEF12", true],
    ["00000000", true],
    ["1a2b3c4", false],
    ["1a2b3c4d5", false],
    ["1a2b3c4g", false],
    ["#1a2b3c4", false],
    ["", false],
  ];
  it.each(cartesian(V3, codes))("%s style code %j", (name, [code, ok]) => {
    const issues = issuesOf(name, withFields(name, { style_codes: ["DEADBEEF", code] }));
    expect(issues).toEqual(ok ? [] : [{ path: "style_codes.1", message: expect.stringContaining("must be an 8-character hexadecimal style code") }]);
  });

  it.each(V3)("%s: style_codes is a list", (name) => {
    expect(issuesOf(name, withFields(name, { style_codes: "1a2b3c4d" }))).toEqual([
      { path: "style_codes", message: 'must be an array (got "1a2b3c4d")' },
    ]);
  });
});

describe("custom_model_uri (v3.generate)", () => {
  it.each(["model/my-model/version/2", "model/m/version/v1.0"])("accepts %j", (uri) => {
    expect(issuesOf("v3.generate", withFields("v3.generate", { custom_model_uri: uri }))).toEqual([]);
  });

  it.each(["my-model", "model/my-model", "model//version/2", "models/my-model/version/2", "model/a/b/version/2", "model/m/version/"])(
    "refuses %j",
    (uri) => {
      expect(issuesOf("v3.generate", withFields("v3.generate", { custom_model_uri: uri }))).toEqual([
        { path: "custom_model_uri", message: "must look like model/<model_name>/version/<version_name>" },
      ]);
    },
  );
});

describe("prompts", () => {
  const withPrompt: readonly Name[] = ["v3.generate", "v3.remix", "v3.edit", "v3.replaceBackground", "legacy.generate", "legacy.remix", "legacy.edit"];
  it.each(withPrompt)("%s refuses an empty prompt", (name) => {
    expect(issuesOf(name, withFields(name, { prompt: "" }))).toEqual([{ path: at(name, "prompt"), message: "must not be empty" }]);
  });

  it.each(withPrompt)("%s refuses a prompt that is not a string", (name) => {
    expect(issuesOf(name, withFields(name, { prompt: 42 }))).toEqual([{ path: at(name, "prompt"), message: "must be a string (got 42)" }]);
  });

  it("legacy.upscale takes an optional prompt", () => {
    expect(issuesOf("legacy.upscale", withFields("legacy.upscale", { prompt: "sharper" }))).toEqual([]);
  });
});

// ── rules between fields ───────────────────────────────────────────────────────────────────────

describe("aspect_ratio and resolution exclude each other", () => {
  const cases: [Name, string, string][] = [
    ["v3.generate", "16x9", "1280x704"],
    ["v3.remix", "16x9", "1280x704"],
    ["legacy.generate", "ASPECT_16_9", "RESOLUTION_1280_704"],
    ["legacy.remix", "ASPECT_16_9", "RESOLUTION_1280_704"],
  ];

  it.each(cases)("%s accepts either alone", (name, aspect, resolution) => {
    expect(issuesOf(name, withFields(name, { aspect_ratio: aspect }))).toEqual([]);
    expect(issuesOf(name, withFields(name, { resolution }))).toEqual([]);
  });

  it.each(cases)("%s refuses both", (name, aspect, resolution) => {
    expect(issuesOf(name, withFields(name, { aspect_ratio: aspect, resolution }))).toEqual([
      { path: at(name, "resolution"), message: "cannot be used together with aspect_ratio: give one of them" },
    ]);
  });
});

describe("style_codes exclude style_reference_images and style_type", () => {
  const withStyleType: readonly V3Name[] = ["v3.generate", "v3.remix", "v3.edit", "v3.replaceBackground"];

  it.each(V3)("%s accepts style_codes alone and style_reference_images alone", (name) => {
    expect(issuesOf(name, withFields(name, { style_codes: ["1a2b3c4d"] }))).toEqual([]);
    expect(issuesOf(name, withFields(name, { style_reference_images: [png, png] }))).toEqual([]);
  });

  it.each(V3)("%s refuses style_codes with style_reference_images", (name) => {
    expect(issuesOf(name, withFields(name, { style_codes: ["1a2b3c4d"], style_reference_images: png }))).toEqual([
      { path: "style_codes", message: "cannot be used together with style_reference_images: give one of them" },
    ]);
  });

  it.each(withStyleType)("%s refuses style_codes with style_type", (name) => {
    expect(issuesOf(name, withFields(name, { style_codes: ["1a2b3c4d"], style_type: "GENERAL" }))).toEqual([
      { path: "style_codes", message: "cannot be used together with style_type: give one of them" },
    ]);
  });

  it.each(withStyleType)("%s accepts style_type with style_reference_images", (name) => {
    expect(issuesOf(name, withFields(name, { style_type: "GENERAL", style_reference_images: png }))).toEqual([]);
  });

  it.each(withStyleType)("%s reports both conflicts of style_codes at once", (name) => {
    expect(issuesOf(name, withFields(name, { style_codes: ["1a2b3c4d"], style_type: "AUTO", style_reference_images: [png] }))).toEqual([
      { path: "style_codes", message: "cannot be used together with style_reference_images: give one of them" },
      { path: "style_codes", message: "cannot be used together with style_type: give one of them" },
    ]);
  });
});

describe("character references", () => {
  const withCharacter: readonly V3Name[] = ["v3.generate", "v3.remix", "v3.edit"];

  const cases: [string, Params, ValidationIssue[]][] = [
    ["one reference (a file)", { character_reference_images: png }, []],
    ["one reference (a list of one)", { character_reference_images: [png] }, []],
    ["one reference with one mask", { character_reference_images: [png], character_reference_images_mask: [png] }, []],
    ["one reference with one mask (single files)", { character_reference_images: png, character_reference_images_mask: png }, []],
    [
      "two references",
      { character_reference_images: [png, png] },
      [{ path: "character_reference_images", message: "takes at most 1 image (got 2)" }],
    ],
    [
      "one reference with two masks",
      { character_reference_images: [png], character_reference_images_mask: [png, png] },
      [{ path: "character_reference_images_mask", message: expect.stringContaining("needs one mask per character reference image") }],
    ],
    [
      "a mask without a reference",
      { character_reference_images_mask: [png] },
      [{ path: "character_reference_images_mask", message: expect.stringContaining("needs one mask per character reference image") }],
    ],
    [
      "two references with one mask",
      { character_reference_images: [png, png], character_reference_images_mask: png },
      [
        { path: "character_reference_images", message: "takes at most 1 image (got 2)" },
        { path: "character_reference_images_mask", message: expect.stringContaining("needs one mask per character reference image") },
      ],
    ],
  ];

  it.each(cartesian(withCharacter, cases).map(([name, [label, fields, expected]]) => ({ name, label, fields, expected })))(
    "$name: $label", ({ name, fields, expected }) => {
    expect(issuesOf(name, withFields(name, fields))).toEqual(expected);
  },
  );
});

describe("legacy model rules (generate and remix)", () => {
  const samples: Record<keyof typeof LEGACY_MODEL_SUPPORT, unknown> = {
    resolution: "RESOLUTION_1024_1024",
    style_type: "DESIGN",
    negative_prompt: "blurry, watermark",
    color_palette: { name: "PASTEL" },
  };
  const fields = Object.keys(LEGACY_MODEL_SUPPORT) as (keyof typeof LEGACY_MODEL_SUPPORT)[];
  const models = [...DOC_LEGACY_MODEL, undefined];
  const rows = (["legacy.generate", "legacy.remix"] as const).flatMap((name) =>
    cartesian(fields, models).map(([field, model]) => ({ name, field, model: model ?? "(omitted)", given: model })),
  );

  it.each(rows)("$name: $field with model $model", ({ name, field, given }) => {
    const fieldsGiven: Params = { [field]: samples[field] };
    if (given !== undefined) fieldsGiven.model = given;
    const issues = issuesOf(name, withFields(name, fieldsGiven));
    // Omitted means the API's default V_2; with AUTO the server picks the model, so nothing is refused.
    const effective = given ?? "V_2";
    const supported: readonly string[] = LEGACY_MODEL_SUPPORT[field];
    if (effective === "AUTO" || supported.includes(effective)) {
      expect(issues).toEqual([]);
    } else {
      expect(issues).toEqual([{ path: `image_request.${field}`, message: expect.stringContaining(`not supported by model ${effective}`) }]);
      expect(issues[0]!.message).toContain(supported.join(", "));
    }
  });

  it.each(["legacy.generate", "legacy.remix"] as const)("%s: V_1 with every model-dependent field reports each of them", (name) => {
    const issues = issuesOf(name, withFields(name, { model: "V_1", ...samples }));
    expect(sorted(issues.map((issue) => issue.path))).toEqual(["image_request.color_palette", "image_request.resolution", "image_request.style_type"]);
  });

  it.each(["legacy.generate", "legacy.remix"] as const)("%s: V_2A_TURBO refuses resolution, negative_prompt and color_palette", (name) => {
    const issues = issuesOf(name, withFields(name, { model: "V_2A_TURBO", ...samples }));
    expect(sorted(issues.map((issue) => issue.path))).toEqual([
      "image_request.color_palette", "image_request.negative_prompt", "image_request.resolution",
    ]);
    for (const issue of issues) expect(issue.message).toContain("not supported by model V_2A_TURBO");
  });

  it.each(["legacy.generate", "legacy.remix"] as const)("%s: AUTO and the default model take every field", (name) => {
    expect(issuesOf(name, withFields(name, { model: "AUTO", ...samples }))).toEqual([]);
    expect(issuesOf(name, withFields(name, { ...samples }))).toEqual([]);
    expect(issuesOf(name, withFields(name, { model: "V_2", ...samples }))).toEqual([]);
    expect(issuesOf(name, withFields(name, { model: "V_2_TURBO", ...samples }))).toEqual([]);
  });
});

// ── per-endpoint field sets ────────────────────────────────────────────────────────────────────

/** A valid value of every V3 field (several fields need a companion to be valid alone). */
const V3_SAMPLES: Record<string, Params> = {
  prompt: { prompt: "a lighthouse" },
  image: { image: png },
  mask: { mask: png },
  image_weight: { image_weight: 60 },
  seed: { seed: 7 },
  num_images: { num_images: 2 },
  rendering_speed: { rendering_speed: "TURBO" },
  magic_prompt: { magic_prompt: "ON" },
  aspect_ratio: { aspect_ratio: "16x9" },
  resolution: { resolution: "1280x704" },
  negative_prompt: { negative_prompt: "blurry, bad anatomy, watermark" },
  style_type: { style_type: "REALISTIC" },
  style_preset: { style_preset: "WATERCOLOR" },
  color_palette: { color_palette: { name: "EMBER" } },
  style_codes: { style_codes: ["1a2b3c4d"] },
  style_reference_images: { style_reference_images: [png] },
  character_reference_images: { character_reference_images: [png] },
  character_reference_images_mask: { character_reference_images: [png], character_reference_images_mask: [png] },
  custom_model_uri: { custom_model_uri: "model/my-model/version/1" },
};

/** §3.0 with the gateway's additions (edit: aspect_ratio, negative_prompt; replace-background: style_type). */
const V3_FIELDS: Record<V3Name, string[]> = {
  "v3.generate": [
    "prompt", "seed", "num_images", "rendering_speed", "magic_prompt", "aspect_ratio", "resolution", "negative_prompt",
    "style_type", "style_preset", "color_palette", "style_codes", "style_reference_images", "character_reference_images",
    "character_reference_images_mask", "custom_model_uri",
  ],
  "v3.remix": [
    "prompt", "image", "image_weight", "seed", "num_images", "rendering_speed", "magic_prompt", "aspect_ratio", "resolution",
    "negative_prompt", "style_type", "style_preset", "color_palette", "style_codes", "style_reference_images",
    "character_reference_images", "character_reference_images_mask",
  ],
  "v3.edit": [
    "prompt", "image", "mask", "seed", "num_images", "rendering_speed", "magic_prompt", "style_type", "style_preset",
    "color_palette", "style_codes", "style_reference_images", "character_reference_images", "character_reference_images_mask",
    "aspect_ratio", "negative_prompt",
  ],
  "v3.replaceBackground": [
    "prompt", "image", "seed", "num_images", "rendering_speed", "magic_prompt", "style_type", "style_preset", "color_palette",
    "style_codes", "style_reference_images",
  ],
  "v3.reframe": [
    "image", "resolution", "seed", "num_images", "rendering_speed", "style_preset", "color_palette", "style_codes",
    "style_reference_images",
  ],
};

/** A valid value of every legacy request field. */
const LEGACY_SAMPLES: Record<string, unknown> = {
  prompt: "a lighthouse",
  aspect_ratio: "ASPECT_16_9",
  model: "V_2_TURBO",
  magic_prompt_option: "ON",
  seed: 7,
  style_type: "ANIME",
  negative_prompt: "blurry",
  num_images: 2,
  resolution: "RESOLUTION_1024_1024",
  color_palette: { name: "MAGIC" },
  image_weight: 60,
  resemblance: 70,
  detail: 80,
  describe_model_version: "V_3",
  image_request: { prompt: "a lighthouse" },
  image_file: png,
  mask: png,
};

/** The fields of `image_request` (§4.7, §4.8, §4.11 and the gateway). */
const LEGACY_REQUEST_FIELDS: Record<"legacy.generate" | "legacy.remix" | "legacy.upscale", string[]> = {
  "legacy.generate": [
    "prompt", "aspect_ratio", "model", "magic_prompt_option", "seed", "style_type", "negative_prompt", "num_images",
    "resolution", "color_palette",
  ],
  "legacy.remix": [
    "prompt", "aspect_ratio", "model", "magic_prompt_option", "seed", "style_type", "negative_prompt", "num_images",
    "resolution", "color_palette", "image_weight",
  ],
  "legacy.upscale": ["prompt", "resemblance", "detail", "magic_prompt_option", "num_images", "seed"],
};

/** The top-level fields of every legacy endpoint (§4.7-4.12 and the gateway). */
const LEGACY_TOP_FIELDS: Record<Exclude<Name, V3Name>, string[]> = {
  "legacy.generate": ["image_request"],
  "legacy.remix": ["image_request", "image_file"],
  "legacy.edit": ["image_file", "mask", "prompt", "model", "magic_prompt_option", "num_images", "seed", "style_type"],
  "legacy.upscale": ["image_request", "image_file"],
  "legacy.describe": ["image_file", "describe_model_version"],
};

const LEGACY_REQUEST_UNION = Object.keys(LEGACY_SAMPLES).filter((key) => !["describe_model_version", "image_request", "image_file", "mask"].includes(key));

describe.each(V3)("%s takes exactly its documented fields", (name) => {
  const own = V3_FIELDS[name];
  const others = Object.keys(V3_SAMPLES).filter((field) => !own.includes(field));

  it.each(own)("accepts %s", (field) => {
    expect(issuesOf(name, { ...base(name), ...V3_SAMPLES[field] })).toEqual([]);
  });

  it.each([...others, "image_request", "image_file", "magic_prompt_option", "model"])("refuses %s", (field) => {
    const issues = issuesOf(name, { ...base(name), [field]: V3_SAMPLES[field]?.[field] ?? LEGACY_SAMPLES[field] });
    expect(issues).toEqual([{ path: field, message: expect.stringMatching(/^is not a field of this endpoint\./) }]);
    expect(sorted(allowedFields(issues[0]!.message))).toEqual(sorted(own));
  });
});

describe.each(["legacy.generate", "legacy.remix", "legacy.upscale"] as const)("%s image_request takes exactly its documented fields", (name) => {
  const own = LEGACY_REQUEST_FIELDS[name];
  const others = LEGACY_REQUEST_UNION.filter((field) => !own.includes(field));

  it.each(own)("accepts image_request.%s", (field) => {
    expect(issuesOf(name, withFields(name, { [field]: LEGACY_SAMPLES[field] }))).toEqual([]);
  });

  it.each([...others, "magic_prompt", "image_file"])("refuses image_request.%s", (field) => {
    const issues = issuesOf(name, withFields(name, { [field]: LEGACY_SAMPLES[field] ?? "ON" }));
    expect(issues).toEqual([{ path: `image_request.${field}`, message: expect.stringMatching(/^is not a field of image_request\./) }]);
    expect(sorted(allowedFields(issues[0]!.message))).toEqual(sorted(own));
  });
});

describe.each(Object.keys(LEGACY_TOP_FIELDS) as Exclude<Name, V3Name>[])("%s takes exactly its documented top-level fields", (name) => {
  const own = LEGACY_TOP_FIELDS[name];
  const others = Object.keys(LEGACY_SAMPLES).filter((field) => !own.includes(field));

  it.each(own)("accepts %s", (field) => {
    expect(issuesOf(name, { ...base(name), [field]: LEGACY_SAMPLES[field] })).toEqual([]);
  });

  it.each(others)("refuses %s", (field) => {
    const issues = issuesOf(name, { ...base(name), [field]: LEGACY_SAMPLES[field] });
    expect(issues).toEqual([{ path: field, message: expect.stringMatching(/^is not a field of this endpoint\./) }]);
    expect(sorted(allowedFields(issues[0]!.message))).toEqual(sorted(own));
  });
});

describe("endpoint specifics from the docs", () => {
  it("v3.edit takes the gateway's aspect_ratio and negative_prompt but no resolution or image_weight", () => {
    expect(issuesOf("v3.edit", { ...base("v3.edit"), aspect_ratio: "16x9", negative_prompt: "blurry" })).toEqual([]);
    expect(issuesOf("v3.edit", { ...base("v3.edit"), resolution: "1024x1024", image_weight: 50 }).map((issue) => issue.path)).toEqual([
      "resolution", "image_weight",
    ]);
  });

  it("v3.replaceBackground takes the gateway's style_type but no aspect_ratio, negative_prompt or character references", () => {
    expect(issuesOf("v3.replaceBackground", { ...base("v3.replaceBackground"), style_type: "AUTO" })).toEqual([]);
    const issues = issuesOf("v3.replaceBackground", {
      ...base("v3.replaceBackground"), aspect_ratio: "1x1", negative_prompt: "x", character_reference_images: png,
    });
    expect(issues.map((issue) => issue.path)).toEqual(["aspect_ratio", "negative_prompt", "character_reference_images"]);
  });

  it("v3.reframe requires image and resolution and takes no prompt", () => {
    expect(issuesOf("v3.reframe", { image: png, resolution: "1536x640" })).toEqual([]);
    expect(issuesOf("v3.reframe", { ...base("v3.reframe"), prompt: "wider" })).toEqual([
      { path: "prompt", message: expect.stringMatching(/^is not a field of this endpoint\./) },
    ]);
  });

  it("legacy.upscale accepts no image_request at all, or an empty one", () => {
    expect(issuesOf("legacy.upscale", { image_file: png })).toEqual([]);
    expect(issuesOf("legacy.upscale", { image_file: png, image_request: {} })).toEqual([]);
  });

  it("legacy.describe takes describe_model_version, and needs nothing else than the image", () => {
    expect(issuesOf("legacy.describe", { image_file: png, describe_model_version: "V_2" })).toEqual([]);
    expect(issuesOf("legacy.describe", { image_file: png })).toEqual([]);
  });

  it("legacy.generate refuses a request whose fields are not nested in image_request", () => {
    expect(issuesOf("legacy.generate", { prompt: "a lighthouse" })).toEqual([
      { path: "image_request", message: "is required" },
      { path: "prompt", message: expect.stringMatching(/^is not a field of this endpoint\./) },
    ]);
  });

  it("legacy.remix wants image_request as an object (the SDK encodes the JSON part)", () => {
    expect(issuesOf("legacy.remix", { ...base("legacy.remix"), image_request: '{"prompt":"x"}' })).toEqual([
      { path: "image_request", message: 'must be an object (got "{\\"prompt\\":\\"x\\"}")' },
    ]);
  });
});

describe("misspelt fields are refused with a suggestion and the allowed fields", () => {
  const cases: [Name, string, Params, string][] = [
    ["v3.generate", "num_image", { num_image: 2 }, "num_images"],
    ["v3.generate", "aspectRatio", { aspectRatio: "1x1" }, "aspect_ratio"],
    ["v3.remix", "imageWeight", { imageWeight: 50 }, "image_weight"],
    ["v3.edit", "negativePrompt", { negativePrompt: "x" }, "negative_prompt"],
    ["v3.replaceBackground", "style_reference_image", { style_reference_image: png }, "style_reference_images"],
    ["v3.reframe", "rendering_sped", { rendering_sped: "TURBO" }, "rendering_speed"],
    ["legacy.generate", "image_requests", { image_requests: { prompt: "x" } }, "image_request"],
    ["legacy.remix", "imageFile", { imageFile: png }, "image_file"],
    ["legacy.edit", "styel_type", { styel_type: "AUTO" }, "style_type"],
    ["legacy.describe", "describe_model_versoin", { describe_model_versoin: "V_3" }, "describe_model_version"],
    // The V3 and legacy endpoints name the same things differently (`image` / `image_file`, and
    // `magic_prompt` / `magic_prompt_option`, §2.4): the most likely mix-ups of all.
    ["legacy.upscale", "image", { image: png }, "image_file"],
    ["legacy.remix", "image", { image: png }, "image_file"],
    ["legacy.edit", "magic_prompt", { magic_prompt: "ON" }, "magic_prompt_option"],
    ["v3.generate", "magic_prompt_option", { magic_prompt_option: "ON" }, "magic_prompt"],
  ];

  it.each(cases)("%s %s", (name, path, extra, suggestion) => {
    const issues = issuesOf(name, { ...base(name), ...extra });
    expect(issues).toEqual([{ path, message: expect.stringMatching(/^is not a field of (this endpoint|image_request)\./) }]);
    expect(issues[0]!.message).toContain(`Did you mean "${suggestion}"?`);
    const own = name.startsWith("v3.") ? V3_FIELDS[name as V3Name] : LEGACY_TOP_FIELDS[name as Exclude<Name, V3Name>];
    expect(sorted(allowedFields(issues[0]!.message))).toEqual(sorted(own));
  });

  it.each(["legacy.generate", "legacy.remix"] as const)("%s: a misspelt image_request field", (name) => {
    const issues = issuesOf(name, withFields(name, { num_image: 3 }));
    expect(issues).toEqual([{ path: "image_request.num_image", message: expect.stringContaining('Did you mean "num_images"?') }]);
    expect(sorted(allowedFields(issues[0]!.message))).toEqual(sorted(LEGACY_REQUEST_FIELDS[name]));
  });
});

// ── required fields ────────────────────────────────────────────────────────────────────────────

describe("a missing required field is reported as required at its path", () => {
  /** [endpoint, the path reported, params]. */
  const without = (name: Name, field: string): Params => {
    const params = base(name);
    delete params[field];
    return params;
  };
  const cases: [Name, string, Params][] = [
    ["v3.generate", "prompt", {}],
    ["v3.remix", "prompt", without("v3.remix", "prompt")],
    ["v3.remix", "image", without("v3.remix", "image")],
    ["v3.edit", "prompt", without("v3.edit", "prompt")],
    ["v3.edit", "image", without("v3.edit", "image")],
    ["v3.edit", "mask", without("v3.edit", "mask")],
    ["v3.replaceBackground", "prompt", without("v3.replaceBackground", "prompt")],
    ["v3.replaceBackground", "image", without("v3.replaceBackground", "image")],
    ["v3.reframe", "image", without("v3.reframe", "image")],
    ["v3.reframe", "resolution", without("v3.reframe", "resolution")],
    ["legacy.generate", "image_request", {}],
    ["legacy.generate", "image_request.prompt", { image_request: {} }],
    ["legacy.remix", "image_request", without("legacy.remix", "image_request")],
    ["legacy.remix", "image_request.prompt", { image_request: {}, image_file: png }],
    ["legacy.remix", "image_file", without("legacy.remix", "image_file")],
    ["legacy.edit", "image_file", without("legacy.edit", "image_file")],
    ["legacy.edit", "mask", without("legacy.edit", "mask")],
    ["legacy.edit", "prompt", without("legacy.edit", "prompt")],
    ["legacy.edit", "model", without("legacy.edit", "model")],
    ["legacy.upscale", "image_file", {}],
    ["legacy.describe", "image_file", {}],
  ];

  it.each(cases)("%s without %s", (name, path, params) => {
    expect(issuesOf(name, params)).toEqual([{ path, message: expect.stringMatching(/^is required\b/) }]);
  });

  it("v3.edit with nothing but a prompt reports both missing files", () => {
    expect(issuesOf("v3.edit", { prompt: "x" })).toEqual([
      { path: "image", message: expect.stringMatching(/^is required\b/) },
      { path: "mask", message: expect.stringMatching(/^is required\b/) },
    ]);
  });
});

// ── file values ────────────────────────────────────────────────────────────────────────────────

describe("file fields", () => {
  const folder = mkdtempSync(join(tmpdir(), "ideogram-schemas-"));
  const pngPath = join(folder, "input.png");
  writeFileSync(pngPath, png);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const bytes = new Uint8Array(png);
  // public-surface.md, "Files": every kind a file field takes.
  const kinds: [string, () => unknown][] = [
    ["a Blob", () => new Blob([bytes], { type: "image/png" })],
    ["a File", () => new File([bytes], "input.png", { type: "image/png" })],
    ["a Uint8Array", () => pngBytes()],
    ["a Buffer", () => Buffer.from(png)],
    ["an ArrayBuffer", () => pngBytes().buffer],
    ["a web ReadableStream", () => new Blob([bytes]).stream()],
    ["a fetch Response", () => new Response(bytes)],
    ["a URL", () => new URL("https://example.com/input.png")],
    ["a Node readable stream", () => Readable.from([Buffer.from(png)])],
    ["a path (Node)", () => pngPath],
  ];

  it.each(kinds)("v3.remix image accepts %s", (_kind, make) => {
    expect(issuesOf("v3.remix", { ...base("v3.remix"), image: make() })).toEqual([]);
  });

  it.each([
    ["a number", 42],
    ["a plain object", { bytes: [1, 2, 3] }],
    ["true", true],
    ["an empty string", ""],
  ] as [string, unknown][])("v3.remix image refuses %s", (_kind, value) => {
    expect(issuesOf("v3.remix", { ...base("v3.remix"), image: value })).toEqual([
      { path: "image", message: expect.stringContaining("expected a file") },
    ]);
  });

  it.each(["v3.generate", "v3.remix", "v3.edit", "v3.replaceBackground", "v3.reframe"] as const)(
    "%s style_reference_images takes one file or a list of files",
    (name) => {
      expect(issuesOf(name, withFields(name, { style_reference_images: png }))).toEqual([]);
      expect(issuesOf(name, withFields(name, { style_reference_images: [png, png, png] }))).toEqual([]);
      expect(issuesOf(name, withFields(name, { style_reference_images: 7 }))).toEqual([
        { path: "style_reference_images", message: expect.stringContaining("expected a file or a list of files") },
      ]);
    },
  );
});

// ── one error, every problem ───────────────────────────────────────────────────────────────────

describe("a ValidationError lists every problem at once", () => {
  it("is a ValidationError naming the endpoint, with one line per issue", () => {
    const error = errorOf("v3.generate", { prompt: "x", num_images: 9, aspect_ratio: "16:9" });
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toBeInstanceOf(IdeogramError);
    expect(error).toBeInstanceOf(Error);
    expect(error!.name).toBe("ValidationError");
    expect(error!.endpoint).toBe("v3.generate");
    expect(error!.message.split("\n")[0]).toBe("Invalid params for v3.generate:");
    for (const issue of error!.issues) expect(error!.message).toContain(`  - ${issue.path}: ${issue.message}`);
    expect(sorted(error!.issues.map((issue) => issue.path))).toEqual(["aspect_ratio", "num_images"]);
  });

  it("v3.generate: bad values, unknown fields and broken rules, all in one error", () => {
    const error = errorOf("v3.generate", {
      prompt: "",
      num_images: 9,
      aspect_ratio: "16:9",
      resolution: "1024x1024",
      num_image: 2,
      style_type: "AUTO",
      style_codes: ["1a2b3c4d", "xyz"],
      style_reference_images: png,
      color_palette: { members: [{ color_hex: "#FFF", color_weight: 0.9 }, { color_hex: "orange", color_weight: 2 }] },
      character_reference_images: [png, png],
    });
    expect(error).toBeInstanceOf(ValidationError);
    const lines = error!.issues.map((issue) => `${issue.path}: ${issue.message}`);
    const expected = [
      "prompt: must not be empty",
      "num_images: must be at most 8 (got 9)",
      "aspect_ratio: must be one of:",
      "num_image: is not a field of this endpoint. Did you mean \"num_images\"?",
      "style_codes.1: must be an 8-character hexadecimal style code",
      "color_palette.members.1.color_hex: must be a hex colour with #",
      "color_palette.members.1.color_weight: must be at most 1 (got 2)",
      "resolution: cannot be used together with aspect_ratio",
      "style_codes: cannot be used together with style_reference_images",
      "style_codes: cannot be used together with style_type",
      "character_reference_images: takes at most 1 image (got 2)",
    ];
    for (const start of expected) expect(lines.some((line) => line.startsWith(start)), start).toBe(true);
    expect(lines).toHaveLength(expected.length);
    for (const line of lines) expect(error!.message).toContain(`  - ${line}`);
    expect(error!.message).toMatch(/^Invalid params for v3\.generate:\n/);
  });

  it("legacy.generate: nested paths, bad values, an unknown field and model rules, all in one error", () => {
    const error = errorOf("legacy.generate", {
      image_request: {
        prompt: "x",
        model: "V_1",
        aspect_ratio: "SPECT_16_10",
        resolution: "RESOLUTION_1024_1024",
        style_type: "REALISTIC",
        seed: -1,
        num_image: 2,
        color_palette: { members: [{ color_hex: "#000" }, { color_hex: "#fff", color_weight: 0.01 }] },
      },
    });
    expect(error).toBeInstanceOf(ValidationError);
    const lines = error!.issues.map((issue) => `${issue.path}: ${issue.message}`);
    const expected = [
      'image_request.aspect_ratio: must be one of: ASPECT_1_1',
      "image_request.seed: must be at least 0 (got -1)",
      'image_request.num_image: is not a field of image_request. Did you mean "num_images"?',
      "image_request.color_palette.members.1.color_weight: must be at least 0.05 (got 0.01)",
      "image_request.resolution: cannot be used together with aspect_ratio",
      "image_request.resolution: resolution is not supported by model V_1",
      "image_request.style_type: style_type is not supported by model V_1",
      "image_request.color_palette: color_palette is not supported by model V_1",
    ];
    for (const start of expected) expect(lines.some((line) => line.startsWith(start)), start).toBe(true);
    expect(lines).toHaveLength(expected.length);
    expect(error!.message).toMatch(/^Invalid params for legacy\.generate:\n/);
    expect(error!.message).toContain('Did you mean "ASPECT_16_10"?');
  });

  it("legacy.edit: a wrong model, a missing file and fields the endpoint does not have", () => {
    const error = errorOf("legacy.edit", {
      image_file: png, prompt: "x", model: "V_2A", aspect_ratio: "ASPECT_1_1", negative_prompt: "x", num_images: 0,
    });
    expect(error!.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(["mask", "model", "num_images", "aspect_ratio", "negative_prompt"]),
    );
    expect(error!.issues).toHaveLength(5);
    expect(error!.message).toMatch(/^Invalid params for legacy\.edit:\n/);
  });

  it("params that are not an object are one issue at the root", () => {
    for (const params of [null, "prompt", 42, [{ prompt: "x" }]]) {
      const error = errorOf("v3.generate", params);
      expect(error!.issues).toEqual([{ path: "", message: expect.stringMatching(/^must be an object/) }]);
      expect(error!.message).toContain("  - must be an object");
    }
  });
});
