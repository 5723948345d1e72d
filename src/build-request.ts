import { DEFAULT_BASE_URLS, apiKeyFromEnv, checkBaseURL, checkProvider, type Provider } from "./client";
import { prepareRequest, toRequest } from "./core/build";
import { readEnv } from "./core/env";
import type { EndpointName, ParamsOf } from "./schemas/endpoints";

export interface BuildRequestOptions {
  /** Default: IDEOGRAM_BASE_URL, else the provider's base URL. */
  baseURL?: string;
  /** Sent as `Api-Key`. Default: the same environment variables as the client; no header when there is none. */
  apiKey?: string;
  provider?: Provider;
  headers?: HeadersInit;
}

/**
 * Validates `params` exactly as a call does and resolves to the standard `Request` the call would send,
 * without sending it. For other SDKs, proxies and tests.
 */
export async function buildRequest<E extends EndpointName>(endpoint: E, params: ParamsOf<E>, options: BuildRequestOptions = {}): Promise<Request> {
  const provider = checkProvider(options.provider);
  const apiKey = options.apiKey ?? apiKeyFromEnv(provider);
  const baseURL = checkBaseURL(options.baseURL ?? readEnv("IDEOGRAM_BASE_URL") ?? DEFAULT_BASE_URLS[provider]);
  return toRequest(await prepareRequest(endpoint, params, { baseURL, apiKey, headers: options.headers }));
}
