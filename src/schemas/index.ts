/** `ideogram-sdk/schemas`: every request and response schema, every enum, and the endpoint map. */
export * from "./common";
export * from "./v3";
export * from "./legacy";
export * from "./tools";
export * from "./responses";
export * from "./endpoints";
