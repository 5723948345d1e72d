/**
 * What a call will cost, from the price tables, before it is sent. Params are priced without their files;
 * the API's defaults apply where a field is not given (speed DEFAULT, model V_2, one image).
 */
import { checkProvider, type Provider } from "../client";
import { validate } from "../core/validate";
import { ValidationError } from "../core/errors";
import { endpoints, type EndpointName, type ParamsOf } from "../schemas/endpoints";
import { fieldKinds } from "../schemas/introspect";
import { priceTables, type PriceRow } from "./tables";

export interface CostEstimate {
  /** Total in US dollars; undefined when the provider has not published the price (see `reason`). */
  usd: number | undefined;
  /** Images the call returns (0 for describe). */
  images: number;
  /** The price of one unit (an output image, or an input for upscale and describe). */
  unitUSD: number | undefined;
  /** Why `usd` is undefined. */
  reason?: string;
  /** The price row used. */
  key: string;
  /** What one unit is: an output image, or an input (upscale, describe). */
  per: "output image" | "input";
  provider: Provider;
}

/** Defaults the API applies when a field is not given. */
const DEFAULT_SPEED = "DEFAULT";
const DEFAULT_MODEL = "V_2";

/**
 * Estimates a call from the published prices, synchronously. Validates `params` like a call (file fields may
 * be left out) and throws the same ValidationError.
 */
export function estimateCost<E extends EndpointName>(endpoint: E, params: ParamsOf<E> | Omit<ParamsOf<E>, FileFields>, options: { provider?: Provider } = {}): CostEstimate {
  const definition = endpoints[endpoint];
  if (!definition) throw new ValidationError([{ path: "", message: `unknown endpoint "${String(endpoint)}"; endpoints: ${Object.keys(endpoints).join(", ")}` }]);
  validateWithoutFiles(endpoint, params);
  return priceOf(endpoint, params as Record<string, unknown>, checkProvider(options.provider));
}

/** The file fields of any endpoint, which estimation does not need. */
type FileFields = "image" | "mask" | "image_file" | "style_reference_images" | "character_reference_images" | "character_reference_images_mask";

/** The price of validated params. */
export function priceOf(endpoint: EndpointName, params: Record<string, unknown>, provider: Provider): CostEstimate {
  const { key, units, images, reason } = priceKey(endpoint, params);
  const row: PriceRow | undefined = priceTables[provider].rows.find((candidate) => candidate.key === key);
  const unitUSD = reason ? undefined : row?.usd;
  const per = row?.per ?? "output image";
  if (unitUSD === undefined || reason) {
    return { usd: undefined, images, unitUSD, key, per, provider, reason: reason ?? row?.reason ?? `no ${provider} price for ${key}` };
  }
  return { usd: roundUSD(unitUSD * units), images, unitUSD, key, per, provider };
}

/** The price row a call falls under, and how many units it buys. */
export function priceKey(endpoint: EndpointName, params: Record<string, unknown>): { key: string; units: number; images: number; reason?: string } {
  const request = (params.image_request as Record<string, unknown> | undefined) ?? params;
  const images = typeof request.num_images === "number" ? request.num_images : 1;
  const speed = (params.rendering_speed as string | undefined) ?? DEFAULT_SPEED;
  switch (endpoint) {
    case "v3.generateTransparent":
      return { key: `v3.generateTransparent/${(params.upscale_factor as string | undefined) ?? "X1"}/${speed}`, units: images, images };
    case "v3.layerizeText":
    case "removeBackground":
      return { key: endpoint, units: 1, images: 1 };
    case "editWithPrompt":
      return { key: endpoint, units: images, images };
    case "legacy.reframe":
      return { key: `legacy.reframe/${params.model as string}`, units: images, images };
    case "v3.inpaint": {
      const tier = params.character_reference_images !== undefined ? "+character" : "";
      return { key: `v3.inpaint${tier}/${speed}`, units: images, images };
    }
  }
  if (endpoint.startsWith("v3.")) {
    const tier = params.custom_model_uri !== undefined ? "+custom" : params.character_reference_images !== undefined ? "+character" : "";
    return { key: `v3${tier}/${speed}`, units: images, images };
  }
  if (endpoint === "legacy.edit") return { key: `legacy.edit/${params.model as string}`, units: images, images };
  if (endpoint === "legacy.upscale") {
    const reason =
      images > 1 ? "upscale is billed per input, and whether num_images above 1 costs more is not published" : undefined;
    return { key: "legacy.upscale", units: 1, images, ...(reason ? { reason } : {}) };
  }
  if (endpoint === "legacy.describe") return { key: "legacy.describe", units: 1, images: 0 };
  return { key: `legacy/${(request.model as string | undefined) ?? DEFAULT_MODEL}`, units: images, images };
}

/**
 * Validates like a call, but estimation needs no files: a required file left out is filled with an empty
 * stand-in, and a problem reported on a file field left out (`images` of editWithPrompt) is not one here.
 */
function validateWithoutFiles(endpoint: EndpointName, params: unknown): void {
  if (!params || typeof params !== "object") return void validate(endpoints[endpoint].params, params, endpoint);
  const given = params as Record<string, unknown>;
  const filled: Record<string, unknown> = { ...given };
  const leftOut = new Set<string>();
  for (const [field, kind] of Object.entries(fieldKinds(endpoints[endpoint].params))) {
    if (kind.item !== "file" || given[field] !== undefined) continue;
    leftOut.add(field);
    if (!kind.optional) filled[field] = new Blob([]);
  }
  try {
    validate(endpoints[endpoint].params, filled, endpoint);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    const issues = error.issues.filter((issue) => !leftOut.has(issue.path.split(".")[0]!));
    if (issues.length) throw new ValidationError(issues, endpoint);
  }
}

export function roundUSD(usd: number): number {
  return Math.round(usd * 1e6) / 1e6; // exact to a millionth: 0.025 * 3 is 0.075, not 0.07500000000000001
}
