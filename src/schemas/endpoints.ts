/**
 * The endpoint map: every endpoint by name, with its HTTP method, path, body kind and schemas.
 * The client, `buildRequest`, pricing, the testing kit and the CLI all read it.
 */
import type { z } from "zod";
import {
  LegacyDescribeParams, LegacyEditParams, LegacyGenerateParams, LegacyReframeParams, LegacyRemixParams, LegacyUpscaleParams,
} from "./legacy";
import { DescribeResponse, ImageResponse, LayerizeTextResponse, RemoveBackgroundResponse } from "./responses";
import { EditWithPromptParams, RemoveBackgroundParams } from "./tools";
import {
  V3EditParams, V3GenerateParams, V3GenerateTransparentParams, V3InpaintParams, V3LayerizeTextParams, V3ReframeParams, V3RemixParams,
  V3ReplaceBackgroundParams,
} from "./v3";

export interface EndpointDefinition {
  method: "POST";
  /** Relative to the client's baseURL. */
  path: string;
  /** `multipart`: one part per field; `json`: the params as the JSON body. */
  body: "multipart" | "json";
  params: z.ZodType;
  response: z.ZodType;
  /** Parts the API requires even when empty; sent with this value when the user gives none. */
  alwaysSent?: Record<string, unknown>;
  /** The file field that the `mask` field must match in size. */
  maskOf?: string;
  /** Who documents the endpoint: the gateway's page (and Ideogram), or only Ideogram's reference. */
  documentedBy: "gateway" | "ideogram";
}

export const endpoints = {
  "v3.generate": { method: "POST", path: "/v1/ideogram-v3/generate", body: "multipart", params: V3GenerateParams, response: ImageResponse, documentedBy: "gateway" },
  "v3.remix": { method: "POST", path: "/v1/ideogram-v3/remix", body: "multipart", params: V3RemixParams, response: ImageResponse, documentedBy: "gateway" },
  "v3.edit": { method: "POST", path: "/v1/ideogram-v3/edit", body: "multipart", params: V3EditParams, response: ImageResponse, maskOf: "image", documentedBy: "gateway" },
  "v3.replaceBackground": {
    method: "POST", path: "/v1/ideogram-v3/replace-background", body: "multipart", params: V3ReplaceBackgroundParams, response: ImageResponse, documentedBy: "gateway",
  },
  "v3.reframe": { method: "POST", path: "/v1/ideogram-v3/reframe", body: "multipart", params: V3ReframeParams, response: ImageResponse, documentedBy: "gateway" },
  "legacy.generate": { method: "POST", path: "/generate", body: "json", params: LegacyGenerateParams, response: ImageResponse, documentedBy: "gateway" },
  "legacy.remix": { method: "POST", path: "/remix", body: "multipart", params: LegacyRemixParams, response: ImageResponse, documentedBy: "gateway" },
  "legacy.edit": { method: "POST", path: "/edit", body: "multipart", params: LegacyEditParams, response: ImageResponse, maskOf: "image_file", documentedBy: "gateway" },
  "legacy.upscale": {
    method: "POST", path: "/upscale", body: "multipart", params: LegacyUpscaleParams, response: ImageResponse, alwaysSent: { image_request: {} }, documentedBy: "gateway",
  },
  "legacy.describe": { method: "POST", path: "/describe", body: "multipart", params: LegacyDescribeParams, response: DescribeResponse, documentedBy: "gateway" },
  // Ideogram's reference only: the gateway's page does not document these.
  "v3.inpaint": {
    method: "POST", path: "/v1/ideogram-v3/inpaint", body: "multipart", params: V3InpaintParams, response: ImageResponse, maskOf: "image", documentedBy: "ideogram",
  },
  "v3.generateTransparent": {
    method: "POST", path: "/v1/ideogram-v3/generate-transparent", body: "multipart", params: V3GenerateTransparentParams, response: ImageResponse, documentedBy: "ideogram",
  },
  "v3.layerizeText": {
    method: "POST", path: "/v1/ideogram-v3/layerize-text", body: "multipart", params: V3LayerizeTextParams, response: LayerizeTextResponse, documentedBy: "ideogram",
  },
  "legacy.reframe": { method: "POST", path: "/reframe", body: "multipart", params: LegacyReframeParams, response: ImageResponse, documentedBy: "ideogram" },
  removeBackground: {
    method: "POST", path: "/v1/remove-background", body: "multipart", params: RemoveBackgroundParams, response: RemoveBackgroundResponse, documentedBy: "ideogram",
  },
  editWithPrompt: { method: "POST", path: "/v1/edit", body: "multipart", params: EditWithPromptParams, response: ImageResponse, documentedBy: "ideogram" },
} as const satisfies Record<string, EndpointDefinition>;

export type Endpoints = typeof endpoints;
export type EndpointName = keyof Endpoints;
/** What a call of the endpoint takes. */
export type ParamsOf<E extends EndpointName> = z.input<Endpoints[E]["params"]>;
/** What a call of the endpoint resolves to. */
export type ResponseOf<E extends EndpointName> = z.infer<Endpoints[E]["response"]>;

export const endpointNames = Object.keys(endpoints) as EndpointName[];
