/**
 * The reverse of the SDK's encoding: an HTTP request back into params, read with the endpoint's schema
 * (numbers parsed, JSON parts parsed, repeated parts collected). The mock server validates what it gets
 * with it, and tests use it to check that encoding round-trips.
 */
import type { z } from "zod";
import { endpoints, type EndpointName } from "../schemas/endpoints";

/** Decodes a request to `endpoint` into the params it carries (files as `File`s). */
export async function decodeRequest(endpoint: EndpointName, request: Request): Promise<Record<string, unknown>> {
  const definition = endpoints[endpoint];
  if (definition.body === "json") return (await request.json()) as Record<string, unknown>;
  const form = await request.formData();
  const params: Record<string, unknown> = {};
  const shape = shapeOf(definition.params);
  for (const name of new Set(form.keys())) {
    const values = form.getAll(name);
    const kind = kindOf(shape[name]);
    const decoded = values.map((value) => (typeof value === "string" ? decodeText(value, kind.item) : value));
    params[name] = kind.list ? decoded : decoded.length === 1 ? decoded[0] : decoded;
  }
  return params;
}

type ItemKind = "text" | "number" | "boolean" | "json" | "file";

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

interface SchemaNode {
  type?: string;
  def?: { type?: string; innerType?: SchemaNode; element?: SchemaNode; options?: SchemaNode[]; in?: SchemaNode };
  shape?: Record<string, SchemaNode>;
}

function shapeOf(schema: z.ZodType): Record<string, SchemaNode> {
  return (unwrap(schema as unknown as SchemaNode).shape ?? {}) as Record<string, SchemaNode>;
}

function unwrap(node: SchemaNode | undefined): SchemaNode {
  let current = node ?? {};
  while (current.def?.innerType || current.def?.type === "pipe") current = (current.def.innerType ?? current.def.in)!;
  return current;
}

/** What a field holds on the wire: one item or a list, and of which kind. */
function kindOf(node: SchemaNode | undefined): { list: boolean; item: ItemKind } {
  const field = unwrap(node);
  const type = field.def?.type;
  if (type === "array") return { list: true, item: itemKind(field.def!.element) };
  if (type === "union") {
    const options = field.def!.options ?? [];
    const list = options.find((option) => unwrap(option).def?.type === "array");
    if (list) return { list: false, item: itemKind(unwrap(list).def!.element) };
    return { list: false, item: itemKind(options[0]) };
  }
  return { list: false, item: itemKind(field) };
}

function itemKind(node: SchemaNode | undefined): ItemKind {
  const type = unwrap(node).def?.type;
  if (type === "number" || type === "int") return "number";
  if (type === "boolean") return "boolean";
  if (type === "object" || type === "record") return "json";
  if (type === "custom") return "file";
  return "text";
}
