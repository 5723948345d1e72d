/**
 * `createIdeogram(options)` and the default `ideogram`: a provider of the AI SDK whose image models call
 * Ideogram through one `Ideogram` client, made on first use, so that importing reads no key.
 */
import type { ProviderV3 } from "@ai-sdk/provider";
import { Ideogram, type ClientOptions } from "../client";
import { IdeogramError } from "../core/errors";
import type { FetchFunction } from "../core/transport";
import { platform } from "#platform";
import { NoSuchModelError } from "./errors";
import { IMAGE_MODEL_IDS, type IdeogramImageModelId } from "./mapping";
import { IdeogramImageModel } from "./model";

/**
 * The client's options (`apiKey`, `provider`, `baseURL`, `maxRetries`, `budgetUSD`, ...; see `ClientOptions`),
 * or `{ client }`: an existing `Ideogram`, whose retries, budget and usage the calls then share.
 */
export interface IdeogramProviderSettings extends ClientOptions {
  /** An existing client to call through. No other option may be given with it. */
  client?: Ideogram | undefined;
}

export interface IdeogramProvider extends ProviderV3 {
  /**
   * An Ideogram model for `generateImage`: `"V_3"` (Ideogram 3.0) or a legacy model (`"V_2"`, `"V_2_TURBO"`,
   * `"V_2A"`, `"V_2A_TURBO"`, `"V_1"`, `"V_1_TURBO"`, `"AUTO"`).
   */
  image(modelId: IdeogramImageModelId): IdeogramImageModel;
  /** The same as `image` (the AI SDK's provider interface). */
  imageModel(modelId: IdeogramImageModelId): IdeogramImageModel;
  /** The client the calls go through, made on first use: its `usage`, `committedUSD`, `estimateCost`. */
  readonly client: Ideogram;
}

export function createIdeogram(settings: IdeogramProviderSettings = {}): IdeogramProvider {
  const { client: given, ...clientOptions } = settings;
  if (given !== undefined) {
    if (typeof (given as Partial<Ideogram>).call !== "function") throw new IdeogramError("createIdeogram({ client }) takes an Ideogram client (new Ideogram(options)).");
    const others = Object.entries(clientOptions).filter(([, value]) => value !== undefined).map(([key]) => key);
    if (others.length) {
      throw new IdeogramError(`createIdeogram takes either { client } or the client's options, not both (got client and ${others.join(", ")}); set them on the client.`);
    }
  }

  let client = given;
  let downloadFetch: FetchFunction | undefined;
  // Made on first use: the default provider reads the key from the environment then, not at import.
  const getClient = (): Ideogram => {
    if (client) return client;
    client = new Ideogram(clientOptions);
    // Images are downloaded with the fetch the client uses (a custom one, or on Node the dispatcher or proxy).
    downloadFetch = (clientOptions.fetch as FetchFunction | undefined) ?? platform.proxiedFetch(clientOptions.dispatcher);
    return client;
  };

  const config = {
    client: getClient,
    get downloadFetch() {
      return downloadFetch;
    },
  };

  const image = (modelId: IdeogramImageModelId): IdeogramImageModel => {
    if (!(IMAGE_MODEL_IDS as readonly string[]).includes(modelId)) {
      throw new NoSuchModelError(String(modelId), "imageModel", `Ideogram has no image model ${JSON.stringify(modelId)}; models: ${IMAGE_MODEL_IDS.join(", ")}.`);
    }
    return new IdeogramImageModel(modelId, config);
  };
  const noSuchModel = (modelType: "languageModel" | "embeddingModel") => (modelId: string): never => {
    throw new NoSuchModelError(modelId, modelType, `Ideogram makes images only: there is no ${modelType} ${JSON.stringify(modelId)}; use ideogram.image("V_3").`);
  };

  return {
    specificationVersion: "v3",
    image,
    imageModel: image,
    languageModel: noSuchModel("languageModel"),
    embeddingModel: noSuchModel("embeddingModel"),
    get client() {
      return getClient();
    },
  };
}

/**
 * The default provider: the key from AIHUBMIX_API_KEY or IDEOGRAM_API_KEY (and IDEOGRAM_BASE_URL), read when
 * the first call is made, not at import.
 */
export const ideogram: IdeogramProvider = createIdeogram();
