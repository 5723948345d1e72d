/**
 * From the AI SDK's call options to one Ideogram call: which endpoint (generate, remix or edit of the model's
 * generation), and its params in the API's own names and values. Everything the AI SDK's settings cannot say
 * comes from `providerOptions.ideogram`, checked afterwards by the endpoint's own schema like any call.
 */
import type { ImageModelV3 } from "@ai-sdk/provider";
import { ValidationError, type ValidationIssue } from "../core/errors";
import { AspectRatioV3, LegacyAspectRatio, LegacyEditModel, LegacyModel, LegacyResolution, ResolutionV3 } from "../schemas/common";
import { endpoints, type EndpointName } from "../schemas/endpoints";
import { fieldKinds } from "../schemas/introspect";
import { LegacyImageRequest, LegacyRemixImageRequest } from "../schemas/legacy";
import type { Uploadable } from "../uploads/uploadable";

export type CallOptions = Parameters<ImageModelV3["doGenerate"]>[0];
export type CallResult = Awaited<ReturnType<ImageModelV3["doGenerate"]>>;
export type Warning = CallResult["warnings"][number];
type ModelFile = NonNullable<CallOptions["files"]>[number];

/** Ideogram 3.0, and the legacy models (V_1, V_2, V_2A, their TURBO variants, and AUTO: the server picks). */
export const IMAGE_MODEL_IDS = ["V_3", ...LegacyModel.options] as const;
export type IdeogramImageModelId = (typeof IMAGE_MODEL_IDS)[number];

/** The key of the provider's options and metadata: `providerOptions.ideogram`, `providerMetadata.ideogram`. */
export const PROVIDER_KEY = "ideogram";

export interface MappedCall {
  endpoint: EndpointName;
  params: Record<string, unknown>;
  warnings: Warning[];
}

/** The wire fields that the AI SDK's own settings fill, and where to set them instead of providerOptions. */
const SET_BY_SETTINGS: Record<string, string> = {
  prompt: "is set by generateImage's prompt",
  num_images: "is set by n (the AI SDK splits an n above 8 into several calls)",
  seed: "is set by seed",
  aspect_ratio: 'is set by aspectRatio (as "16:9")',
  resolution: 'is set by size (as "1024x1024")',
  image: "is set by the prompt's images",
  image_file: "is set by the prompt's images",
  mask: "is set by the prompt's mask",
  model: 'is set by the model id (ideogram.image("V_2"))',
  image_request: "takes image_request's fields directly (providerOptions.ideogram.magic_prompt_option)",
};

export function mapCall(modelId: IdeogramImageModelId, options: CallOptions): MappedCall {
  const issues: ValidationIssue[] = [];
  const warnings: Warning[] = [];
  const v3 = modelId === "V_3";
  const files = options.files ?? [];
  const operation = options.mask ? "edit" : files.length ? "remix" : "generate";
  const endpoint = `${v3 ? "v3" : "legacy"}.${operation}` as const satisfies EndpointName;

  if (options.mask && !files.length) issues.push({ path: "mask", message: "needs the image to edit: give it in the prompt's images beside the mask" });
  if (files.length > 1) issues.push({ path: "files", message: `Ideogram takes one input image to ${operation} (got ${files.length})` });
  if (operation === "edit" && !v3 && !(LegacyEditModel.options as readonly string[]).includes(modelId)) {
    issues.push({
      path: "model",
      message: `${modelId} cannot edit with a mask: Ideogram's legacy /edit takes ${LegacyEditModel.options.join(" or ")} only. Use ideogram.image("V_3"), "V_2" or "V_2_TURBO".`,
    });
  }

  // The fields the settings go to: the endpoint's, or for legacy generate and remix those of image_request.
  const nested = endpoint === "legacy.generate" || endpoint === "legacy.remix";
  const requestSchema = endpoint === "legacy.generate" ? LegacyImageRequest : endpoint === "legacy.remix" ? LegacyRemixImageRequest : endpoints[endpoint].params;
  const fields = fieldKinds(requestSchema);
  const request: Record<string, unknown> = { prompt: options.prompt };
  if (!v3) request.model = modelId;

  if (options.aspectRatio !== undefined) {
    if (!fields.aspect_ratio) warnings.push(unsupported("aspectRatio", `${endpoint} takes no aspect ratio; the result keeps the input image's.`));
    else request.aspect_ratio = toAspectRatio(options.aspectRatio, v3, issues);
  }
  if (options.size !== undefined) {
    if (!fields.resolution) warnings.push(unsupported("size", `${endpoint} takes no resolution; the result keeps the input image's size.`));
    else if (options.aspectRatio !== undefined) issues.push({ path: "size", message: "cannot be used together with aspectRatio: give one of them" });
    else request.resolution = toResolution(options.size, v3, issues);
  }
  if (options.seed !== undefined) request.seed = options.seed;
  request.num_images = options.n;

  const extra = providerOptions(options, endpoint, nested, issues);
  Object.assign(request, extra);
  if (issues.length) throw new ValidationError(issues, endpoint);

  const image = files[0] && toUploadable(files[0], "files.0", issues);
  const mask = options.mask && toUploadable(options.mask, "mask", issues);
  if (issues.length) throw new ValidationError(issues, endpoint);

  let params: Record<string, unknown>;
  if (nested) params = { image_request: request, ...(image ? { image_file: image } : {}) };
  else if (v3) params = { ...(image ? { image } : {}), ...(mask ? { mask } : {}), ...request };
  else params = { image_file: image, mask, ...request };
  return { endpoint, params: withoutUndefined(params), warnings };
}

/** `16:9` → `16x9` (V3) or `ASPECT_16_9` (legacy), when the API lists it. */
function toAspectRatio(value: string, v3: boolean, issues: ValidationIssue[]): string | undefined {
  const options: readonly string[] = v3 ? AspectRatioV3.options : LegacyAspectRatio.options;
  const [width, height] = /^(\d+):(\d+)$/.exec(value)?.slice(1) ?? [];
  const wire = width && (v3 ? `${width}x${height}` : `ASPECT_${width}_${height}`);
  if (wire && options.includes(wire)) return wire;
  const allowed = options.map((option) => option.replace(/^ASPECT_/, "").replace(/[x_]/, ":"));
  issues.push({ path: "aspectRatio", message: `must be one of the aspect ratios ${v3 ? "Ideogram 3.0" : "the legacy models"} take: ${allowed.join(", ")} (got ${JSON.stringify(value)})` });
  return undefined;
}

/** `1024x1024` → `1024x1024` (V3) or `RESOLUTION_1024_1024` (legacy), when the API lists it. */
function toResolution(value: string, v3: boolean, issues: ValidationIssue[]): string | undefined {
  const options: readonly string[] = v3 ? ResolutionV3.options : LegacyResolution.options;
  const [width, height] = /^(\d+)x(\d+)$/.exec(value)?.slice(1) ?? [];
  const wire = width && (v3 ? `${width}x${height}` : `RESOLUTION_${width}_${height}`);
  if (wire && options.includes(wire)) return wire;
  const allowed = options.map((option) => option.replace(/^RESOLUTION_(\d+)_(\d+)$/, "$1x$2"));
  issues.push({ path: "size", message: `must be one of the sizes ${v3 ? "Ideogram 3.0" : "the legacy models"} render: ${allowed.join(", ")} (got ${JSON.stringify(value)})` });
  return undefined;
}

/** `providerOptions.ideogram`: the endpoint's other wire fields, as given (the endpoint's schema checks them). */
function providerOptions(options: CallOptions, endpoint: EndpointName, nested: boolean, issues: ValidationIssue[]): Record<string, unknown> {
  const given: unknown = options.providerOptions?.[PROVIDER_KEY];
  if (given === undefined) return {};
  const path = `providerOptions.${PROVIDER_KEY}`;
  if (typeof given !== "object" || given === null || Array.isArray(given)) {
    issues.push({ path, message: "must be an object of the endpoint's wire fields (as { rendering_speed: \"QUALITY\" })" });
    return {};
  }
  const kinds = fieldKinds(endpoints[endpoint].params);
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(given)) {
    const setBy = Object.hasOwn(SET_BY_SETTINGS, key) && (key !== "image_request" || nested) ? SET_BY_SETTINGS[key] : undefined;
    if (setBy) issues.push({ path: `${path}.${key}`, message: setBy });
    else if (key === "__proto__") issues.push({ path: `${path}.${key}`, message: "is not a field of any endpoint" });
    else if (kinds[key]?.item === "file") result[key] = Array.isArray(value) ? value.map((item, index) => fileOption(item, `${path}.${key}.${index}`, issues)) : fileOption(value, `${path}.${key}`, issues);
    else result[key] = value;
  }
  return result;
}

/**
 * A file given in providerOptions (`style_reference_images`): bytes, an http(s) URL (fetched) or a data: URL.
 * Any other string is refused: it would be read as a path from the server's disk.
 */
function fileOption(value: unknown, path: string, issues: ValidationIssue[]): unknown {
  if (typeof value !== "string") return value;
  if (value.startsWith("data:")) return dataURL(value, path, issues);
  if (/^https?:\/\//i.test(value)) return parseURL(value, path, issues);
  issues.push({ path, message: "must be bytes (a Uint8Array or Blob), an http(s) URL or a data: URL; a file path is not read from providerOptions" });
  return undefined;
}

/** An AI SDK file (bytes, base64 text, or a URL) as a file input of the SDK. Never a string: that would be a path. */
function toUploadable(file: ModelFile, path: string, issues: ValidationIssue[]): Uploadable | undefined {
  if (file.type === "url") {
    if (file.url.startsWith("data:")) return dataURL(file.url, path, issues);
    if (/^https?:\/\//i.test(file.url)) return parseURL(file.url, path, issues);
    issues.push({ path, message: `must be an http(s) or data: URL (got ${JSON.stringify(file.url.slice(0, 40))})` });
    return undefined;
  }
  return typeof file.data === "string" ? base64(file.data, path, issues) : file.data;
}

function parseURL(value: string, path: string, issues: ValidationIssue[]): URL | undefined {
  try {
    return new URL(value);
  } catch {
    issues.push({ path, message: `is not a valid URL (got ${JSON.stringify(value.slice(0, 40))})` });
    return undefined;
  }
}

function dataURL(value: string, path: string, issues: ValidationIssue[]): Uint8Array | undefined {
  const match = /^data:[^,]*;base64,(.*)$/s.exec(value);
  if (!match) {
    issues.push({ path, message: "must be a base64 data: URL (data:image/png;base64,...)" });
    return undefined;
  }
  return base64(match[1]!, path, issues);
}

function base64(text: string, path: string, issues: ValidationIssue[]): Uint8Array | undefined {
  try {
    const binary = atob(text.replace(/\s+/g, "").replace(/-/g, "+").replace(/_/g, "/"));
    const bytes = new Uint8Array(binary.length);
    for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
    return bytes;
  } catch {
    issues.push({ path, message: "is not valid base64 image data" });
    return undefined;
  }
}

function unsupported(feature: string, details: string): Warning {
  return { type: "unsupported", feature, details };
}

function withoutUndefined(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([, value]) => value !== undefined));
}
