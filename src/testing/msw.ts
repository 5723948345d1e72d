/**
 * msw 2 request handlers for the mock API: `setupServer(...handlers)` and every call of a client on either
 * provider's base URL is answered by `./core`, as the mock server answers it; image links point at a
 * host that the same handlers serve.
 */
import { http, type HttpHandler } from "msw";
import { createMockAPI, type MockBehaviour, type MockControls } from "./core";

/** The providers' base URLs (the client's defaults). */
export const PROVIDER_BASE_URLS = ["https://aihubmix.com/ideogram", "https://api.ideogram.ai"];
/** Where image links point by default; it never resolves, so it only answers under msw. */
export const MOCK_IMAGE_BASE_URL = "https://mock.ideogram.test";

export interface HandlersOptions extends MockBehaviour {
  /** Base URLs to answer on. Default: both providers' (`PROVIDER_BASE_URLS`). */
  baseURLs?: string[];
  /** Where image links point (served by these handlers). Default `https://mock.ideogram.test`. */
  imageBaseURL?: string;
}

/** An array to spread into `setupServer`, with the mock's controls (`requests`, `fail`, `reset`, ...). */
export type MockHandlers = HttpHandler[] & MockControls;

export function createHandlers(options: HandlersOptions = {}): MockHandlers {
  const { baseURLs = PROVIDER_BASE_URLS, imageBaseURL = MOCK_IMAGE_BASE_URL, ...behaviour } = options;
  const api = createMockAPI(behaviour, imageBaseURL);
  const trim = (url: string) => url.replace(/\/+$/, "");
  const list = [
    http.get(`${trim(imageBaseURL)}/images/*`, ({ request }) => api.handle(request)),
    ...baseURLs.map((base) => http.all(`${trim(base)}/*`, ({ request }) => api.handle(request, new URL(trim(base)).pathname))),
  ];
  return Object.assign(list, api.controls);
}

/** Ready-made handlers for both providers, with the default behaviour; `handlers.reset()` between tests. */
export const handlers: MockHandlers = createHandlers();
