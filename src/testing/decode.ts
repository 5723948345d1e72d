/**
 * The reverse of the SDK's encoding: an HTTP request back into params, read with the endpoint's schema
 * (numbers parsed, JSON parts parsed, repeated parts collected). The mock server validates what it gets
 * with it, and tests use it to check that encoding round-trips.
 */
import { endpoints, type EndpointName } from "../schemas/endpoints";
import { fieldKinds, type ItemKind } from "../schemas/introspect";

/** Decodes a request to `endpoint` into the params it carries (files as `File`s). */
export async function decodeRequest(endpoint: EndpointName, request: Request): Promise<Record<string, unknown>> {
  const definition = endpoints[endpoint];
  if (definition.body === "json") return (await request.json()) as Record<string, unknown>;
  const form = await request.formData();
  const kinds = fieldKinds(definition.params);
  const params: Record<string, unknown> = {};
  for (const name of new Set(form.keys())) {
    const kind = kinds[name] ?? { list: false, item: "text", optional: true };
    const decoded = form.getAll(name).map((value) => (typeof value === "string" ? decodeText(value, kind.item) : value));
    params[name] = kind.list ? decoded : decoded.length === 1 ? decoded[0] : decoded;
  }
  return params;
}

function decodeText(text: string, kind: ItemKind): unknown {
  if (kind === "number") return text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : text;
  if (kind === "boolean") return text === "true" ? true : text === "false" ? false : text;
  if (kind === "json") {
    try {
      return JSON.parse(text);
    } catch {
      return text; // left as text, so validation reports it
    }
  }
  return text;
}
