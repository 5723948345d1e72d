/**
 * `--dry-run`: the exact request a call would send (from `buildRequest`), shown without sending it: method,
 * URL, headers with the key redacted, and the body (JSON, or each multipart part with files as their name,
 * type and size), plus the estimated cost.
 */
import type { CostEstimate } from "../pricing/estimate";

export interface RequestDescription {
  method: string;
  url: string;
  headers: Record<string, string>;
  body:
    | { type: "json"; json: unknown }
    | { type: "multipart"; parts: ({ name: string; value: string } | { name: string; filename: string; contentType: string; size: number })[] };
}

const SECRET_HEADERS = new Set(["api-key", "authorization"]);

export async function describeRequest(request: Request): Promise<RequestDescription> {
  const headers: Record<string, string> = {};
  request.headers.forEach((value, name) => {
    headers[name] = SECRET_HEADERS.has(name.toLowerCase()) ? "[redacted]" : value;
  });
  const type = request.headers.get("content-type") ?? "";
  if (/^multipart\/form-data/i.test(type)) {
    const form = await request.formData();
    const parts: Extract<RequestDescription["body"], { type: "multipart" }>["parts"] = [];
    form.forEach((value, name) => {
      if (typeof value === "string") parts.push({ name, value });
      else parts.push({ name, filename: value.name, contentType: value.type, size: value.size });
    });
    return { method: request.method, url: request.url, headers, body: { type: "multipart", parts } };
  }
  const text = await request.text();
  let json: unknown = text;
  try {
    json = JSON.parse(text);
  } catch {
    // shown as text
  }
  return { method: request.method, url: request.url, headers, body: { type: "json", json } };
}

export function formatRequest(description: RequestDescription, hasKey: boolean): string {
  const lines = [`${description.method} ${description.url}`];
  for (const [name, value] of Object.entries(description.headers)) lines.push(`${displayName(name)}: ${value}`);
  if (!hasKey) lines.push("(no Api-Key: none given; a real call needs --api-key or AIHUBMIX_API_KEY / IDEOGRAM_API_KEY)");
  lines.push("");
  if (description.body.type === "json") {
    lines.push(JSON.stringify(description.body.json, null, 2));
  } else {
    for (const part of description.body.parts) {
      if ("filename" in part) lines.push(`--- part "${part.name}": file ${JSON.stringify(part.filename)} (${part.contentType || "no type"}, ${formatBytes(part.size)})`);
      else lines.push(`--- part "${part.name}": ${part.value}`);
    }
  }
  return lines.join("\n");
}

export function formatEstimate(estimate: CostEstimate): string {
  if (estimate.usd === undefined) return `Estimated cost: not published (${estimate.reason ?? "no price"}).`;
  const count = estimate.per === "input" ? "1 input" : `${estimate.images} image${estimate.images === 1 ? "" : "s"}`;
  return `Estimated cost: ${formatUSD(estimate.usd)} (${count} at ${formatUSD(estimate.unitUSD!)}; ${estimate.key}, ${estimate.provider} prices).`;
}

export function formatUSD(usd: number): string {
  // Cents, with more decimals only where the price has them ($0.025).
  return `$${usd.toFixed(4).replace(/0{1,2}$/, "")}`;
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Header names as the documentation writes them (`Api-Key`, `Content-Type`); Headers lower-cases them. */
function displayName(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, letter: string) => dash + letter.toUpperCase());
}
