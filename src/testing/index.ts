/**
 * `ideogram-sdk/testing`: a mock Ideogram API for your tests and demos (Node): a real HTTP server
 * (`createMockServer`) and msw handlers (`handlers`, `createHandlers`), both answered by the same core.
 */
export { createMockServer, type MockServer, type MockServerOptions } from "./mock-server";
export { createHandlers, handlers, MOCK_IMAGE_BASE_URL, PROVIDER_BASE_URLS, type HandlersOptions, type MockHandlers } from "./msw";
export type { MockBehaviour, MockControls, MockFailure, RecordedRequest } from "./core";
export { decodeRequest } from "./decode";
