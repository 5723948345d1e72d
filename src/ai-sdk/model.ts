/**
 * An Ideogram model as the AI SDK's image model (specification v3): one `doGenerate` is one call of the
 * client (validation, retries, budget and usage included), then the images are downloaded from their
 * temporary links.
 *
 * No `#private` members: `ai` 7 wraps models in a Proxy, through which private fields cannot be reached.
 */
import type { ImageModelV3 } from "@ai-sdk/provider";
import type { Ideogram } from "../client";
import { joinURL } from "../core/build";
import type { FetchFunction } from "../core/transport";
import { fetchImage } from "../results/download";
import { endpoints, type ParamsOf } from "../schemas/endpoints";
import { fieldKinds } from "../schemas/introspect";
import type { GeneratedImage, ImageResponse } from "../schemas/responses";
import { ImagesWithheldError } from "./errors";
import { mapCall, PROVIDER_KEY, type CallOptions, type CallResult, type IdeogramImageModelId, type Warning } from "./mapping";

/** Ideogram generates at most 8 images a call (`num_images`); the AI SDK splits a larger `n`. */
export const MAX_IMAGES_PER_CALL = 8;

export interface IdeogramImageModelConfig {
  /** The client calls go through (made on first use). */
  client: () => Ideogram;
  /** Notes the response headers, where the provider made the client itself. */
  /** The fetch for downloading the images; default the global fetch. */
  downloadFetch?: FetchFunction | undefined;
}

/** What `providerMetadata.ideogram.images` holds for each returned image, in the API's names. */
export type IdeogramImageMetadata = {
  seed: number;
  resolution: string;
  /** The prompt the image was made from, after Magic Prompt. */
  prompt: string;
  style_type: string | null;
  is_image_safe: boolean;
};

export class IdeogramImageModel implements ImageModelV3 {
  readonly specificationVersion = "v3";
  readonly provider = "ideogram.image";
  readonly maxImagesPerCall = MAX_IMAGES_PER_CALL;
  readonly modelId: IdeogramImageModelId;
  private readonly config: IdeogramImageModelConfig;

  constructor(modelId: IdeogramImageModelId, config: IdeogramImageModelConfig) {
    this.modelId = modelId;
    this.config = config;
  }

  async doGenerate(options: CallOptions): Promise<CallResult> {
    const timestamp = new Date();
    const { endpoint, params, warnings } = mapCall(this.modelId, options);
    const client = this.config.client();
    const answer = await client.callWithResponse(endpoint, params as ParamsOf<typeof endpoint>, {
      signal: options.abortSignal,
      headers: definedHeaders(options.headers),
    });
    const response = answer.data as ImageResponse;
    const answered = { status: answer.response.status, headers: Object.fromEntries(answer.response.headers) };

    const returned = response.data.filter((image) => image.url && image.is_image_safe !== false);
    if (!returned.length) {
      throw new ImagesWithheldError({
        endpoint,
        url: joinURL(client.baseURL, endpoints[endpoint].path),
        requestBodyValues: withoutFiles(endpoint, params),
        statusCode: answered.status,
        responseHeaders: answered.headers,
        data: response,
      });
    }
    const withheld = response.data.length - returned.length;
    if (withheld) warnings.push(withheldWarning(response.data, withheld));

    const downloads = await Promise.all(
      returned.map((image) => fetchImage(image.url!, { signal: options.abortSignal, fetch: this.config.downloadFetch as typeof fetch | undefined })),
    );
    return {
      images: downloads.map((download) => download.bytes),
      warnings,
      providerMetadata: { [PROVIDER_KEY]: { images: returned.map(metadataOf) } },
      response: { timestamp, modelId: this.modelId, headers: answered.headers },
    };
  }
}

function metadataOf(image: GeneratedImage): IdeogramImageMetadata {
  return {
    seed: image.seed,
    resolution: image.resolution,
    prompt: image.prompt,
    style_type: image.style_type ?? null,
    is_image_safe: image.is_image_safe,
  } satisfies IdeogramImageMetadata;
}

function withheldWarning(data: GeneratedImage[], withheld: number): Warning {
  const which = data.flatMap((image, index) => (image.url && image.is_image_safe !== false ? [] : [`#${index + 1} (seed ${image.seed})`]));
  return {
    type: "other",
    message:
      `Ideogram's safety check withheld ${withheld} of ${data.length} images (is_image_safe: false): ${which.join(", ")}. ` +
      "They are left out of the images, and they are billed.",
  };
}

/** The AI SDK's per-call headers, without the ones it leaves undefined. */
function definedHeaders(headers: Record<string, string | undefined> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

/** The params sent, without their files (for the error's `requestBodyValues`). */
function withoutFiles(endpoint: keyof typeof endpoints, params: Record<string, unknown>): Record<string, unknown> {
  const kinds = fieldKinds(endpoints[endpoint].params);
  return Object.fromEntries(Object.entries(params).filter(([key]) => kinds[key]?.item !== "file"));
}
