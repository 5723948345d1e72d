import type { Ideogram } from "../client";
import type { RequestOptions } from "../core/transport";
import type { ImageResponse, LayerizeTextResponse } from "../schemas/responses";
import type {
  V3EditParams, V3GenerateParams, V3GenerateTransparentParams, V3InpaintParams, V3LayerizeTextParams, V3ReframeParams, V3RemixParams,
  V3ReplaceBackgroundParams,
} from "../schemas/v3";

/** Ideogram 3.0: `POST /v1/ideogram-v3/...`, multipart. */
export class V3 {
  constructor(private readonly client: Ideogram) {}

  /** Generate images from a prompt. */
  generate(params: V3GenerateParams, options?: RequestOptions): Promise<ImageResponse> {
    return this.client.call("v3.generate", params, options);
  }

  /** Remix an image with a prompt (`image_weight` sets how closely it is kept). */
  remix(params: V3RemixParams, options?: RequestOptions): Promise<ImageResponse> {
    return this.client.call("v3.remix", params, options);
  }

  /**
   * Edit the masked (black) area of an image. Ideogram marks this endpoint legacy and recommends
   * `v3.inpaint`, which takes the same fields; the gateway documents `edit` (and not `inpaint`).
   */
  edit(params: V3EditParams, options?: RequestOptions): Promise<ImageResponse> {
    return this.client.call("v3.edit", params, options);
  }

  /** Keep the foreground subject and replace the background from the prompt. */
  replaceBackground(params: V3ReplaceBackgroundParams, options?: RequestOptions): Promise<ImageResponse> {
    return this.client.call("v3.replaceBackground", params, options);
  }

  /** Extend a square image to a chosen resolution. */
  reframe(params: V3ReframeParams, options?: RequestOptions): Promise<ImageResponse> {
    return this.client.call("v3.reframe", params, options);
  }

  /** Edit the masked (black) area of an image: the successor of `edit`. Ideogram's API (not on the gateway's page). */
  inpaint(params: V3InpaintParams, options?: RequestOptions): Promise<ImageResponse> {
    return this.client.call("v3.inpaint", params, options);
  }

  /** Generate images with a transparent background; `upscale_factor` X2/X4 cost more. Ideogram's API. */
  generateTransparent(params: V3GenerateTransparentParams, options?: RequestOptions): Promise<ImageResponse> {
    return this.client.call("v3.generateTransparent", params, options);
  }

  /** Split an image into a text-free base image and its text blocks. Ideogram's API. */
  layerizeText(params: V3LayerizeTextParams, options?: RequestOptions): Promise<LayerizeTextResponse> {
    return this.client.call("v3.layerizeText", params, options);
  }
}
