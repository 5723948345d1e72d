/**
 * `ideogram-sdk/ai-sdk`: Ideogram as an image model provider of the Vercel AI SDK (`generateImage` of `ai` 6
 * and 7, image model specification v3). Only types come from `@ai-sdk/provider`: nothing of the AI SDK is
 * loaded at run time.
 *
 * ```ts
 * import { generateImage } from "ai";
 * import { ideogram } from "ideogram-sdk/ai-sdk";
 *
 * const { images } = await generateImage({ model: ideogram.image("V_3"), prompt: "a lighthouse at dusk", aspectRatio: "16:9" });
 * ```
 */
export { createIdeogram, ideogram, type IdeogramProvider, type IdeogramProviderSettings } from "./provider";
export { IdeogramImageModel, MAX_IMAGES_PER_CALL, type IdeogramImageMetadata } from "./model";
export { IMAGE_MODEL_IDS, type IdeogramImageModelId } from "./mapping";
export { ImagesWithheldError, NoSuchModelError } from "./errors";
