/** `ideogram-sdk/testing`: a mock Ideogram API for your tests and demos (Node). */
export { createMockServer, type MockServer, type MockServerOptions, type RecordedRequest } from "./mock-server";
export { decodeRequest } from "./decode";
