/**
 * Published prices, as data: one table per provider, each with its source and date. A price that is not
 * published is `undefined` with the reason, never a guess. The rows (what can be priced) are listed once;
 * each provider gives its prices for them.
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

/** A price, or why there is none. */
type Price = number | { unpublished: string };

interface RowDefinition {
  key: string;
  label: string;
  per: PriceRow["per"];
  /** Documented on the gateway's page (else only Ideogram's reference has the endpoint). */
  onGateway: boolean;
}

const SPEEDS = [["FLASH", "3.0 Flash"], ["TURBO", "3.0 Turbo"], ["DEFAULT", "3.0 Default"], ["QUALITY", "3.0 Quality"]] as const;
const LEGACY_MODELS = [["V_2A", "2a"], ["V_2A_TURBO", "2a Turbo"], ["V_2", "2.0"], ["V_2_TURBO", "2.0 Turbo"], ["V_1", "1.0"], ["V_1_TURBO", "1.0 Turbo"], ["AUTO", "AUTO model"]] as const;
const FACTORS = ["X1", "X2", "X4"] as const;
const V3_OPS = "v3 generate, remix, edit, reframe, replace background";

const row = (key: string, label: string, onGateway: boolean, per: PriceRow["per"] = "output image"): RowDefinition => ({ key, label, per, onGateway });

const ROWS: RowDefinition[] = [
  ...SPEEDS.map(([speed, label]) => row(`v3/${speed}`, `${label} (${V3_OPS})`, true)),
  ...SPEEDS.map(([speed, label]) => row(`v3+character/${speed}`, `${label} with a character reference`, true)),
  ...SPEEDS.map(([speed, label]) => row(`v3+custom/${speed}`, `${label} with a custom model (custom_model_uri)`, true)),
  ...LEGACY_MODELS.map(([model, label]) => row(`legacy/${model}`, `${label} (legacy generate, remix)`, true)),
  row("legacy.edit/V_2", "2.0 Edit", true),
  row("legacy.edit/V_2_TURBO", "2.0 Turbo Edit", true),
  row("legacy.upscale", "Upscale", true, "input"),
  row("legacy.describe", "Describe", true, "input"),
  ...SPEEDS.map(([speed, label]) => row(`v3.inpaint/${speed}`, `${label} inpaint (priced as edit)`, false)),
  ...SPEEDS.map(([speed, label]) => row(`v3.inpaint+character/${speed}`, `${label} inpaint with a character reference`, false)),
  ...FACTORS.flatMap((factor) =>
    SPEEDS.filter(([speed]) => speed !== "FLASH").map(([speed, label]) => row(`v3.generateTransparent/${factor}/${speed}`, `${label} transparent, upscale ${factor}`, false)),
  ),
  row("v3.layerizeText", "Layerize text", false, "input"),
  ...LEGACY_MODELS.map(([model, label]) => row(`legacy.reframe/${model}`, `${label} reframe (legacy)`, false)),
  row("removeBackground", "Remove background", false, "input"),
  row("editWithPrompt", "Edit images with a prompt", false),
];

const AUTO: Price = { unpublished: "model AUTO lets the server pick the model, so the price is not known before the call" };
const V3 = { FLASH: 0.03, TURBO: 0.03, DEFAULT: 0.06, QUALITY: 0.09 } as const;
const LEGACY = { V_2A: 0.04, V_2A_TURBO: 0.025, V_2: 0.08, V_2_TURBO: 0.05, V_1: 0.06, V_1_TURBO: 0.02, AUTO } as const;
const CHARACTER: Record<string, Price> = { FLASH: { unpublished: "Ideogram publishes no price for FLASH with a character reference" }, TURBO: 0.1, DEFAULT: 0.15, QUALITY: 0.2 };
const CUSTOM: Record<string, Price> = { FLASH: { unpublished: "Ideogram publishes no custom-model price for FLASH" }, TURBO: 0.06, DEFAULT: 0.12, QUALITY: 0.18 };
const TRANSPARENT = {
  X1: { TURBO: 0.04, DEFAULT: 0.07, QUALITY: 0.1 },
  X2: { TURBO: 0.16, DEFAULT: 0.19, QUALITY: 0.22 },
  X4: { TURBO: 0.2, DEFAULT: 0.23, QUALITY: 0.26 },
} as const;

/** Ideogram's prices (section 7 of the reference notes): every row. */
const IDEOGRAM: Record<string, Price> = Object.fromEntries([
  ...SPEEDS.map(([speed]) => [`v3/${speed}`, V3[speed]]),
  ...SPEEDS.map(([speed]) => [`v3+character/${speed}`, CHARACTER[speed]!]),
  ...SPEEDS.map(([speed]) => [`v3+custom/${speed}`, CUSTOM[speed]!]),
  ...LEGACY_MODELS.map(([model]) => [`legacy/${model}`, LEGACY[model]]),
  ["legacy.edit/V_2", 0.08],
  ["legacy.edit/V_2_TURBO", 0.05],
  ["legacy.upscale", 0.06],
  ["legacy.describe", 0.01],
  // Inpaint is billed like edit; legacy reframe like the model's generate.
  ...SPEEDS.map(([speed]) => [`v3.inpaint/${speed}`, V3[speed]]),
  ...SPEEDS.map(([speed]) => [`v3.inpaint+character/${speed}`, CHARACTER[speed]!]),
  ...FACTORS.flatMap((factor) => (["TURBO", "DEFAULT", "QUALITY"] as const).map((speed) => [`v3.generateTransparent/${factor}/${speed}`, TRANSPARENT[factor][speed]])),
  ["v3.layerizeText", 0.09],
  ...LEGACY_MODELS.map(([model]) => [`legacy.reframe/${model}`, LEGACY[model]]),
  ["removeBackground", 0.01],
  ["editWithPrompt", 0.2],
]);

/** The gateway's prices: its "V3 Pricing" and "V2 & V1 Pricing" sections. Rows not listed here it does not publish. */
const AIHUBMIX: Record<string, Price> = Object.fromEntries([
  ["v3/FLASH", { unpublished: "AiHubMix does not publish a price for FLASH (Ideogram's is $0.03)" }],
  ...SPEEDS.filter(([speed]) => speed !== "FLASH").map(([speed]) => [`v3/${speed}`, V3[speed]]),
  ...SPEEDS.map(([speed]) => [`v3+character/${speed}`, { unpublished: "AiHubMix does not publish character-reference prices" }]),
  ...SPEEDS.map(([speed]) => [`v3+custom/${speed}`, { unpublished: "AiHubMix does not publish custom-model prices" }]),
  ...LEGACY_MODELS.map(([model]) => [`legacy/${model}`, LEGACY[model]]),
  ["legacy.edit/V_2", 0.08],
  ["legacy.edit/V_2_TURBO", 0.05],
  ["legacy.upscale", 0.06],
  ["legacy.describe", { unpublished: "AiHubMix does not publish a price for describe (Ideogram's is $0.01)" }],
]);

const OFF_GATEWAY = "the gateway's page does not document this endpoint or its price (Ideogram's API has it)";

function table(provider: Provider, source: string, date: string, prices: Record<string, Price>): PriceTable {
  const rows = ROWS.map(({ key, label, per, onGateway }): PriceRow => {
    const price = prices[key] ?? { unpublished: onGateway ? `${provider} publishes no price for ${key}` : OFF_GATEWAY };
    return typeof price === "number" ? { key, label, per, usd: price } : { key, label, per, usd: undefined, reason: price.unpublished };
  });
  return { provider, source, date, rows };
}

export const aihubmixPrices: PriceTable = table(
  "aihubmix",
  "AiHubMix Ideogram API page: \"V3 Pricing\" and \"V2 & V1 Pricing\" (shared/docs/aihubmix-ideogram-api.txt)",
  "2026-11-28",
  AIHUBMIX,
);

export const ideogramPrices: PriceTable = table(
  "ideogram",
  "Ideogram API pricing (ideogram.ai/features/api-pricing, 2026 capture; ideogram.ai/blog/ideogram-api-pricing of 2026-11-16), " +
    "as compiled in shared/docs/ideogram-official-api.md section 7",
  "2026-11-16",
  IDEOGRAM,
);

export const priceTables: Record<Provider, PriceTable> = { aihubmix: aihubmixPrices, ideogram: ideogramPrices };
