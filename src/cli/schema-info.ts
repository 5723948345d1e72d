/**
 * What the CLI knows about each endpoint's fields, read from the zod schemas themselves (descriptions,
 * `.meta({ default })`, enum values, ranges, required-ness, rules between fields). Nothing here lists a
 * field or an enum value: `--help` and flag parsing follow the schemas as they change.
 */
import type { z } from "zod";
import { endpoints, type EndpointName } from "../schemas/endpoints";
import { fieldKinds, type FieldKind } from "../schemas/introspect";
import { UNEXPRESSED_RULES } from "../schemas/rules";

export interface FieldInfo {
  /** The wire name, which is also the flag's name. */
  name: string;
  /** Set for a field of the nested request object (`image_request`) given as its own flag. */
  parent?: string;
  kind: FieldKind;
  required: boolean;
  description?: string;
  default?: unknown;
  /** Allowed values of an enum field (or of each item of a list of enums). */
  values?: string[];
  /** Number range (inclusive), and whether the number must be whole. */
  min?: number;
  max?: number;
  integer?: boolean;
  /** List length bounds (for list fields). */
  minItems?: number;
  maxItems?: number;
  /** A text pattern (regex source). */
  pattern?: string;
}

export interface EndpointInfo {
  endpoint: EndpointName;
  description?: string;
  /** The endpoint's own fields, in schema order. */
  fields: FieldInfo[];
  /**
   * The nested request object (`image_request` of the legacy endpoints), when the endpoint has one: its
   * fields are flags too, mapped into it. Found by shape, not by name: a JSON field that is the endpoint's
   * only non-file field is the request envelope.
   */
  envelope?: { field: FieldInfo; fields: FieldInfo[]; rules: string[] };
  /** Rules between fields, in words. */
  rules: string[];
}

/** A zod schema node as read here (zod 4's `def` and the registry's metadata). */
interface Node {
  def: {
    type: string;
    innerType?: Node;
    in?: Node;
    element?: Node;
    options?: Node[];
    entries?: Record<string, string | number>;
    checks?: { _zod: { def: { check: string; minimum?: number; maximum?: number; inclusive?: boolean; pattern?: RegExp } } }[];
  };
  shape?: Record<string, Node>;
  meta?: () => Record<string, unknown> | undefined;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
}

const cache = new Map<EndpointName, EndpointInfo>();

export function endpointInfo(endpoint: EndpointName): EndpointInfo {
  let info = cache.get(endpoint);
  if (!info) {
    info = readEndpoint(endpoint);
    cache.set(endpoint, info);
  }
  return info;
}

function readEndpoint(endpoint: EndpointName): EndpointInfo {
  const schema = endpoints[endpoint].params as z.ZodType;
  const root = schema as unknown as Node;
  const fields = readFields(schema);
  const meta = metaOf(root);
  const info: EndpointInfo = { endpoint, fields, rules: rulesOf(meta) };
  if (typeof meta.description === "string") info.description = meta.description;
  const nonFile = fields.filter((field) => field.kind.item !== "file");
  const candidate = nonFile.length === 1 && nonFile[0]!.kind.item === "json" && !nonFile[0]!.kind.list ? nonFile[0]! : undefined;
  const nested = candidate && unwrap(objectShape(root)?.[candidate.name]);
  if (candidate && nested?.shape) {
    info.envelope = {
      field: candidate,
      fields: readFields(nested as unknown as z.ZodType).map((field) => ({ ...field, parent: candidate.name })),
      rules: rulesOf(metaOf(nested)),
    };
  }
  return info;
}

function readFields(schema: z.ZodType): FieldInfo[] {
  const shape = objectShape(schema as unknown as Node) ?? {};
  const kinds = fieldKinds(schema);
  return Object.entries(shape).map(([name, node]) => readField(name, node, kinds[name]!));
}

function objectShape(node: Node): Record<string, Node> | undefined {
  return unwrap(node).shape;
}

/** Through optional/default/pipe wrappers; metadata of the outer wrappers wins over the inner ones. */
function unwrap(node: Node | undefined): Node {
  let current = node!;
  while (current.def.innerType || (current.def.type === "pipe" && current.def.in)) current = (current.def.innerType ?? current.def.in)!;
  return current;
}

function metaOf(node: Node): Record<string, unknown> {
  const layers: Record<string, unknown>[] = [];
  let current: Node | undefined = node;
  while (current) {
    layers.push(current.meta?.() ?? {});
    current = current.def.innerType ?? (current.def.type === "pipe" ? current.def.in : undefined);
  }
  return Object.assign({}, ...layers.reverse());
}

function readField(name: string, node: Node, kind: FieldKind): FieldInfo {
  const meta = metaOf(node);
  const info: FieldInfo = { name, kind, required: !kind.optional };
  if (typeof meta.description === "string") info.description = meta.description;
  if ("default" in meta) info.default = meta.default;
  let inner = unwrap(node);
  // A field of files or a list: read the list's bounds, then describe its item.
  if (inner.def.type === "union") inner = unwrap(inner.def.options?.find((option) => unwrap(option).def.type === "array") ?? inner.def.options?.[0]);
  if (inner.def.type === "array") {
    const { min, max } = lengthBounds(inner);
    if (min !== undefined && min > 1) info.minItems = min;
    if (max !== undefined) info.maxItems = max;
    inner = unwrap(inner.def.element);
  }
  if (inner.def.type === "enum" && inner.def.entries) info.values = Object.values(inner.def.entries).map(String);
  if (inner.def.type === "number") {
    const safe = (value: number | null | undefined) => (typeof value === "number" && Math.abs(value) < Number.MAX_SAFE_INTEGER ? value : undefined);
    const min = safe(inner.minValue);
    const max = safe(inner.maxValue);
    if (min !== undefined) info.min = min;
    if (max !== undefined) info.max = max;
    if (inner.isInt) info.integer = true;
  }
  if (inner.def.type === "string") {
    const pattern = inner.def.checks?.map((check) => check._zod.def.pattern).find(Boolean);
    if (pattern) info.pattern = pattern.source;
  }
  return info;
}

function lengthBounds(node: Node): { min?: number; max?: number } {
  const bounds: { min?: number; max?: number } = {};
  for (const check of node.def.checks ?? []) {
    const def = check._zod.def;
    if (def.check === "min_length" && def.minimum !== undefined) bounds.min = def.minimum;
    if (def.check === "max_length" && def.maximum !== undefined) bounds.max = def.maximum;
    if (def.check === "length_equals" && def.minimum !== undefined) bounds.min = bounds.max = def.minimum;
  }
  return bounds;
}

/**
 * The rules between fields in words, from the JSON Schema fragments `refineAll` keeps in the metadata
 * (`not required [a, b]`, `oneOf required`, `if model ... then not required`) and the rules it could not
 * express there.
 */
function rulesOf(meta: Record<string, unknown>): string[] {
  const rules: string[] = [];
  for (const fragment of (meta.allOf as Record<string, unknown>[] | undefined) ?? []) {
    const text = ruleText(fragment);
    if (text) rules.push(text);
  }
  for (const says of (meta[UNEXPRESSED_RULES] as string[] | undefined) ?? []) rules.push(says);
  return rules;
}

type Fragment = Record<string, unknown> & {
  not?: { required?: string[] };
  oneOf?: { required?: string[] }[];
  if?: { required?: string[]; properties?: Record<string, { enum?: unknown[] }> };
  then?: { not?: { required?: string[] } };
  properties?: Record<string, { maxItems?: number; minItems?: number }>;
};

function ruleText(fragment: Fragment): string | undefined {
  const excluded = fragment.not?.required;
  if (excluded && excluded.length > 1) return `${excluded.join(" and ")} cannot be used together`;
  if (fragment.oneOf?.every((option) => option.required?.length === 1)) {
    return `give exactly one of ${fragment.oneOf.map((option) => option.required![0]).join(" or ")}`;
  }
  const condition = fragment.if?.properties;
  const refused = fragment.then?.not?.required;
  if (condition && refused?.length) {
    const [field, values] = Object.entries(condition).map(([key, value]) => [key, value.enum] as const)[0] ?? [];
    if (field && values) return `${refused.join(", ")} cannot be used with ${field} ${values.join(", ")}`;
  }
  if (fragment.properties) {
    const texts = Object.entries(fragment.properties).flatMap(([field, bounds]) => [
      ...(bounds.maxItems !== undefined ? [`${field} takes at most ${bounds.maxItems} item${bounds.maxItems === 1 ? "" : "s"}`] : []),
      ...(bounds.minItems !== undefined ? [`${field} takes at least ${bounds.minItems} items`] : []),
    ]);
    if (texts.length) return texts.join("; ");
  }
  return undefined;
}
