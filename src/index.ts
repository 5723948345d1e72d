/** `ideogram-sdk`: the client, errors, files, buildRequest and the types of every request and response. */
export { Ideogram, DEFAULT_BASE_URLS, type ClientOptions, type Provider } from "./client";
export type { RequestOptions } from "./core/transport";
export type { RetryPolicy } from "./core/retry";
export type { LogLevel, Logger } from "./core/log";
export { buildRequest, type BuildRequestOptions } from "./build-request";
export {
  IdeogramError, APIError, BadRequestError, AuthenticationError, PermissionDeniedError, NotFoundError,
  UnprocessableEntityError, RateLimitError, InternalServerError, APIConnectionError, APITimeoutError,
  APIUserAbortError, ValidationError, BudgetExceededError, ImageDownloadError, type ValidationIssue,
} from "./core/errors";
export { toFile, MAX_FILE_BYTES, MAX_REQUEST_FILE_BYTES } from "./uploads/to-file";
export type { Uploadable, FileLike } from "./uploads/uploadable";
export { createMask, maskFromAlpha, type MaskRect } from "./images/mask";
export { downloadImages, type DownloadOptions, type ImageLinks } from "./results/download";
export { saveImages, type SaveOptions } from "./results/save";
export type {
  V3GenerateParams, V3RemixParams, V3EditParams, V3ReplaceBackgroundParams, V3ReframeParams, V3InpaintParams,
  V3GenerateTransparentParams, V3LayerizeTextParams,
} from "./schemas/v3";
export type { RemoveBackgroundParams, EditWithPromptParams } from "./schemas/tools";
export type {
  LegacyGenerateParams, LegacyRemixParams, LegacyEditParams, LegacyUpscaleParams, LegacyDescribeParams,
  LegacyImageRequest, LegacyRemixImageRequest, LegacyUpscaleImageRequest, LegacyReframeParams,
} from "./schemas/legacy";
export type {
  ImageResponse, GeneratedImage, DescribeResponse, LayerizeTextResponse, TextBlock, RemoveBackgroundResponse,
} from "./schemas/responses";
export type { EndpointName, ParamsOf, ResponseOf } from "./schemas/endpoints";
export { estimateCost, type CostEstimate } from "./pricing/estimate";
export { priceTables, aihubmixPrices, ideogramPrices, type PriceTable, type PriceRow } from "./pricing/tables";
export type { Usage } from "./pricing/budget";
