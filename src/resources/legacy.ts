import type { Ideogram } from "../client";
import type { RequestOptions } from "../core/transport";
import type {
  LegacyDescribeParams, LegacyEditParams, LegacyGenerateParams, LegacyReframeParams, LegacyRemixParams, LegacyUpscaleParams,
} from "../schemas/legacy";
import type { DescribeResponse, ImageResponse } from "../schemas/responses";

/** The V_1, V_2 and V_2A models: `POST /generate`, `/remix`, `/edit`, `/upscale`, `/describe`. */
export class Legacy {
  constructor(private readonly client: Ideogram) {}

  /** Generate images from `image_request` (sent as a JSON body). */
  generate(params: LegacyGenerateParams, options?: RequestOptions): Promise<ImageResponse> {
    return this.client.call("legacy.generate", params, options);
  }

  /** Remix `image_file` with `image_request` (sent as a JSON part). */
  remix(params: LegacyRemixParams, options?: RequestOptions): Promise<ImageResponse> {
    return this.client.call("legacy.remix", params, options);
  }

  /** Edit the masked (black) area of `image_file`; models V_2 and V_2_TURBO only. */
  edit(params: LegacyEditParams, options?: RequestOptions): Promise<ImageResponse> {
    return this.client.call("legacy.edit", params, options);
  }

  /** Upscale `image_file`; `image_request` is optional (`{}` is sent when left out). */
  upscale(params: LegacyUpscaleParams, options?: RequestOptions): Promise<ImageResponse> {
    return this.client.call("legacy.upscale", params, options);
  }

  /** Describe `image_file` in words. */
  describe(params: LegacyDescribeParams, options?: RequestOptions): Promise<DescribeResponse> {
    return this.client.call("legacy.describe", params, options);
  }

  /** Extend a square `image_file` to a `resolution` with a legacy `model`. Ideogram's API (not on the gateway's page). */
  reframe(params: LegacyReframeParams, options?: RequestOptions): Promise<ImageResponse> {
    return this.client.call("legacy.reframe", params, options);
  }
}
