/**
 * Reading the schemas themselves: what each field of an endpoint holds on the wire. The request builder (which
 * fields are files), the wire decoder of the testing kit and the CLI's flags all read it, so no list of
 * fields is written twice.
 */
import type { z } from "zod";

export type ItemKind = "text" | "number" | "boolean" | "json" | "file";

export interface FieldKind {
  /** The field takes a list (a list of files for a file field that also takes a single file). */
  list: boolean;
  item: ItemKind;
  optional: boolean;
}

interface SchemaNode {
  def?: { type?: string; innerType?: SchemaNode; element?: SchemaNode; options?: SchemaNode[]; in?: SchemaNode };
  shape?: Record<string, SchemaNode>;
}

const cache = new WeakMap<object, Record<string, FieldKind>>();

/** Every top-level field of a params schema with what it holds. */
export function fieldKinds(schema: z.ZodType): Record<string, FieldKind> {
  let kinds = cache.get(schema);
  if (!kinds) {
    const shape = unwrap(schema as unknown as SchemaNode).shape ?? {};
    kinds = Object.fromEntries(
      Object.entries(shape).map(([name, node]) => [name, { ...kindOf(node), optional: node.def?.type === "optional" }]),
    );
    cache.set(schema, kinds);
  }
  return kinds;
}

function unwrap(node: SchemaNode | undefined): SchemaNode {
  let current = node ?? {};
  while (current.def?.innerType || current.def?.type === "pipe") current = (current.def.innerType ?? current.def.in)!;
  return current;
}

function kindOf(node: SchemaNode | undefined): Omit<FieldKind, "optional"> {
  const field = unwrap(node);
  const type = field.def?.type;
  if (type === "array") return { list: true, item: itemKind(field.def!.element) };
  if (type === "union") {
    const options = field.def!.options ?? [];
    const list = options.find((option) => unwrap(option).def?.type === "array");
    if (list) return { list: itemKind(unwrap(list).def!.element) === "file", item: itemKind(unwrap(list).def!.element) };
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
