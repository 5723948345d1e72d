/**
 * Errors of the AI SDK provider. They are IdeogramErrors, and they also carry the markers by which the AI SDK
 * recognises its own errors (`APICallError.isInstance`, `NoSuchModelError.isInstance`), so that an app or a
 * retry middleware classifies them without this entry importing `@ai-sdk/provider` at run time.
 */
import { IdeogramError } from "../core/errors";
import type { ImageResponse } from "../schemas/responses";

/** `AISDKError.hasMarker` looks for `Symbol.for("vercel.ai.error")` and `Symbol.for("vercel.ai.error.<name>")`, set to true. */
function markAsAISDKError(error: Error, name: string): void {
  Object.assign(error, { [Symbol.for("vercel.ai.error")]: true, [Symbol.for(`vercel.ai.error.${name}`)]: true });
}

/**
 * Every image of a call was withheld by Ideogram's safety check (`is_image_safe: false`, no link), or the API
 * answered with no image at all.
 *
 * Withheld images are billed, and a retry would buy them again, so this error is not retryable: the AI SDK
 * sees an `APICallError` with `isRetryable: false` and does not send the call again.
 */
export class ImagesWithheldError extends IdeogramError {
  override name = "ImagesWithheldError";
  /** Always false: a retry would buy the withheld images again. */
  readonly isRetryable = false;
  /** How many images the API withheld. */
  readonly withheld: number;
  /** The request's URL (APICallError's `url`). */
  readonly url: string;
  /** The params sent, without their files (APICallError's `requestBodyValues`). */
  readonly requestBodyValues: Record<string, unknown>;
  /** The HTTP status of the answer (a success: the images were made, then withheld), when known. */
  readonly statusCode: number | undefined;
  readonly responseHeaders: Record<string, string> | undefined;
  /** The answer as JSON text (APICallError's `responseBody`). */
  readonly responseBody: string;
  /** The parsed answer, with each image's `seed`, `prompt` and `is_image_safe`. */
  readonly data: ImageResponse;

  constructor(init: {
    endpoint: string;
    url: string;
    requestBodyValues: Record<string, unknown>;
    statusCode: number | undefined;
    responseHeaders: Record<string, string> | undefined;
    data: ImageResponse;
  }) {
    const count = init.data.data.length;
    super(
      count === 0
        ? `Ideogram answered ${init.endpoint} with no images. The call is not retried, so that nothing is bought twice.`
        : `Ideogram's safety check withheld ${count === 1 ? "the image" : `all ${count} images`} of this ${init.endpoint} call (is_image_safe: false). ` +
            "Withheld images are billed, so the call is not retried (a retry would buy them again); try another prompt.",
    );
    this.withheld = count;
    this.url = init.url;
    this.requestBodyValues = init.requestBodyValues;
    this.statusCode = init.statusCode;
    this.responseHeaders = init.responseHeaders;
    this.responseBody = JSON.stringify(init.data);
    this.data = init.data;
    markAsAISDKError(this, "AI_APICallError");
  }
}

/** A model id this provider does not have (the AI SDK's `NoSuchModelError`). */
export class NoSuchModelError extends IdeogramError {
  override name = "NoSuchModelError";
  readonly modelId: string;
  readonly modelType: "languageModel" | "embeddingModel" | "imageModel";

  constructor(modelId: string, modelType: NoSuchModelError["modelType"], message: string) {
    super(message);
    this.modelId = modelId;
    this.modelType = modelType;
    markAsAISDKError(this, "AI_NoSuchModelError");
  }
}
