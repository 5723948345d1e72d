/**
 * Published prices, as data: one table per provider, each with its source and date. A price that is not
 * published is `undefined` with the reason, never a guess.
 */
import type { Provider } from "../client";

/** What one price row covers. `per`: billed per output image, or per input submitted. */
export interface PriceRow {
  /** `v3/TURBO`, `v3+character/DEFAULT`, `legacy/V_2`, `legacy.upscale`, ... (see `priceKey`). */
  key: string;
  /** What the row is, in words. */
  label: string;
  usd: number | undefined;
  per: "output image" | "input";
  /** Why there is no price, when `usd` is undefined. */
  reason?: string;
}

export interface PriceTable {
  provider: Provider;
  source: string;
  /** The date of the source the prices were read from. */
  date: string;
  rows: PriceRow[];
}

const v3Speeds = [
  ["FLASH", "3.0 Flash"],
  ["TURBO", "3.0 Turbo"],
  ["DEFAULT", "3.0 Default"],
  ["QUALITY", "3.0 Quality"],
] as const;

const legacyModels = [
  ["V_2A", "2a"],
  ["V_2A_TURBO", "2a Turbo"],
  ["V_2", "2.0"],
  ["V_2_TURBO", "2.0 Turbo"],
  ["V_1", "1.0"],
  ["V_1_TURBO", "1.0 Turbo"],
] as const;

const V3_OPS = "v3 generate, remix, edit, reframe, replace background";
const AUTO_REASON = "model AUTO lets the server pick the model, so the price is not known before the call";

const OFF_GATEWAY = "the gateway's page does not document this endpoint or its price (Ideogram's API has it)";
const transparentPrices = {
  X1: { TURBO: 0.04, DEFAULT: 0.07, QUALITY: 0.1 },
  X2: { TURBO: 0.16, DEFAULT: 0.19, QUALITY: 0.22 },
  X4: { TURBO: 0.2, DEFAULT: 0.23, QUALITY: 0.26 },
} as const;

/** The rows of the endpoints only Ideogram documents; on the gateway each is unpublished. */
function officialOnlyRows(published: boolean): PriceRow[] {
  const price = (usd: number | undefined, reason?: string) =>
    published ? { usd, ...(usd === undefined ? { reason: reason ?? "not published" } : {}) } : { usd: undefined, reason: OFF_GATEWAY };
  const v3 = { FLASH: 0.03, TURBO: 0.03, DEFAULT: 0.06, QUALITY: 0.09 } as const;
  const character = { FLASH: undefined, TURBO: 0.1, DEFAULT: 0.15, QUALITY: 0.2 } as const;
  const legacy = { V_2A: 0.04, V_2A_TURBO: 0.025, V_2: 0.08, V_2_TURBO: 0.05, V_1: 0.06, V_1_TURBO: 0.02 } as const;
  return [
    ...v3Speeds.map(([speed, label]): PriceRow => ({ key: `v3.inpaint/${speed}`, label: `${label} inpaint (priced as edit)`, per: "output image", ...price(v3[speed]) })),
    ...v3Speeds.map(([speed, label]): PriceRow => ({
      key: `v3.inpaint+character/${speed}`,
      label: `${label} inpaint with a character reference`,
      per: "output image",
      ...price(character[speed], "Ideogram publishes no price for FLASH with a character reference"),
    })),
    ...(["X1", "X2", "X4"] as const).flatMap((factor) =>
      (["TURBO", "DEFAULT", "QUALITY"] as const).map((speed): PriceRow => ({
        key: `v3.generateTransparent/${factor}/${speed}`,
        label: `3.0 ${speed[0]}${speed.slice(1).toLowerCase()} transparent, upscale ${factor}`,
        per: "output image",
        ...price(transparentPrices[factor][speed]),
      })),
    ),
    { key: "v3.layerizeText", label: "Layerize text", per: "input", ...price(0.09) },
    ...legacyModels.map(([model, label]): PriceRow => ({ key: `legacy.reframe/${model}`, label: `${label} reframe (legacy)`, per: "output image", ...price(legacy[model]) })),
    { key: "legacy.reframe/AUTO", label: "AUTO model reframe (legacy)", per: "output image", ...price(undefined, AUTO_REASON) },
    { key: "removeBackground", label: "Remove background", per: "input", ...price(0.01) },
    { key: "editWithPrompt", label: "Edit images with a prompt", per: "output image", ...price(0.2) },
  ];
}

export const aihubmixPrices: PriceTable = {
  provider: "aihubmix",
  source: "AiHubMix Ideogram API page: \"V3 Pricing\" and \"V2 & V1 Pricing\" (shared/docs/aihubmix-ideogram-api.txt)",
  date: "2026-11-28",
  rows: [
    ...v3Speeds.map(([speed, label]): PriceRow =>
      speed === "FLASH"
        ? { key: `v3/${speed}`, label: `${label} (${V3_OPS})`, usd: undefined, per: "output image", reason: "AiHubMix does not publish a price for FLASH (Ideogram's is $0.03)" }
        : { key: `v3/${speed}`, label: `${label} (${V3_OPS})`, usd: { TURBO: 0.03, DEFAULT: 0.06, QUALITY: 0.09 }[speed], per: "output image" },
    ),
    ...v3Speeds.map(([speed, label]): PriceRow => ({
      key: `v3+character/${speed}`,
      label: `${label} with a character reference`,
      usd: undefined,
      per: "output image",
      reason: "AiHubMix does not publish character-reference prices",
    })),
    ...v3Speeds.map(([speed, label]): PriceRow => ({
      key: `v3+custom/${speed}`,
      label: `${label} with a custom model (custom_model_uri)`,
      usd: undefined,
      per: "output image",
      reason: "AiHubMix does not publish custom-model prices",
    })),
    ...legacyModels.map(([model, label]): PriceRow => ({
      key: `legacy/${model}`,
      label: `${label} (legacy generate, remix)`,
      usd: { V_2A: 0.04, V_2A_TURBO: 0.025, V_2: 0.08, V_2_TURBO: 0.05, V_1: 0.06, V_1_TURBO: 0.02 }[model],
      per: "output image",
    })),
    { key: "legacy/AUTO", label: "AUTO model (legacy generate, remix)", usd: undefined, per: "output image", reason: AUTO_REASON },
    { key: "legacy.edit/V_2", label: "2.0 Edit", usd: 0.08, per: "output image" },
    { key: "legacy.edit/V_2_TURBO", label: "2.0 Turbo Edit", usd: 0.05, per: "output image" },
    { key: "legacy.upscale", label: "Upscale", usd: 0.06, per: "input" },
    { key: "legacy.describe", label: "Describe", usd: undefined, per: "input", reason: "AiHubMix does not publish a price for describe (Ideogram's is $0.01)" },
    ...officialOnlyRows(false),
  ],
};

export const ideogramPrices: PriceTable = {
  provider: "ideogram",
  source:
    "Ideogram API pricing (ideogram.ai/features/api-pricing, 2026 capture; ideogram.ai/blog/ideogram-api-pricing of 2026-11-16), " +
    "as compiled in shared/docs/ideogram-official-api.md section 7",
  date: "2026-11-16",
  rows: [
    ...v3Speeds.map(([speed, label]): PriceRow => ({
      key: `v3/${speed}`,
      label: `${label} (${V3_OPS})`,
      usd: { FLASH: 0.03, TURBO: 0.03, DEFAULT: 0.06, QUALITY: 0.09 }[speed],
      per: "output image",
    })),
    ...v3Speeds.map(([speed, label]): PriceRow =>
      speed === "FLASH"
        ? { key: `v3+character/${speed}`, label: `${label} with a character reference`, usd: undefined, per: "output image", reason: "Ideogram publishes no price for FLASH with a character reference" }
        : { key: `v3+character/${speed}`, label: `${label} with a character reference`, usd: { TURBO: 0.1, DEFAULT: 0.15, QUALITY: 0.2 }[speed], per: "output image" },
    ),
    ...v3Speeds.map(([speed, label]): PriceRow =>
      speed === "FLASH"
        ? { key: `v3+custom/${speed}`, label: `${label} with a custom model`, usd: undefined, per: "output image", reason: "Ideogram publishes no custom-model price for FLASH" }
        : { key: `v3+custom/${speed}`, label: `${label} with a custom model (custom_model_uri)`, usd: { TURBO: 0.06, DEFAULT: 0.12, QUALITY: 0.18 }[speed], per: "output image" },
    ),
    ...legacyModels.map(([model, label]): PriceRow => ({
      key: `legacy/${model}`,
      label: `${label} (legacy generate, remix)`,
      usd: { V_2A: 0.04, V_2A_TURBO: 0.025, V_2: 0.08, V_2_TURBO: 0.05, V_1: 0.06, V_1_TURBO: 0.02 }[model],
      per: "output image",
    })),
    { key: "legacy/AUTO", label: "AUTO model (legacy generate, remix)", usd: undefined, per: "output image", reason: AUTO_REASON },
    { key: "legacy.edit/V_2", label: "2.0 Edit", usd: 0.08, per: "output image" },
    { key: "legacy.edit/V_2_TURBO", label: "2.0 Turbo Edit", usd: 0.05, per: "output image" },
    { key: "legacy.upscale", label: "Upscale", usd: 0.06, per: "input" },
    { key: "legacy.describe", label: "Describe", usd: 0.01, per: "input" },
    ...officialOnlyRows(true),
  ],
};

export const priceTables: Record<Provider, PriceTable> = { aihubmix: aihubmixPrices, ideogram: ideogramPrices };
