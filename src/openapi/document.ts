/**
 * The OpenAPI 3.1 document, generated from the zod schemas (zod 4's JSON Schema output, dialect 2020-12):
 * one operation per endpoint, named after it (`v3_generate`), with the wire's request bodies (multipart with
 * binary file parts and JSON parts, or the JSON body of legacy generate), responses, errors, the Api-Key
 * scheme and a server per provider. Rules JSON Schema cannot express are listed on each schema
 * (`x-rules-not-in-schema`) and in the document's description.
 */
import * as z from "zod";
import { DEFAULT_BASE_URLS } from "../client";
import * as schemas from "../schemas";
import { endpoints, type EndpointName } from "../schemas/endpoints";
import { fieldKinds } from "../schemas/introspect";
import { UNEXPRESSED_RULES } from "../schemas/rules";

type JSONObject = Record<string, unknown>;

const REF = (id: string) => `#/components/schemas/${id}`;
const IMAGE_TYPES = "image/png, image/jpeg, image/webp";

const SUMMARIES: Record<EndpointName, string> = {
  "v3.generate": "Generate images (Ideogram 3.0)",
  "v3.remix": "Remix an image (Ideogram 3.0)",
  "v3.edit": "Edit the masked area of an image (Ideogram 3.0; Ideogram recommends inpaint)",
  "v3.replaceBackground": "Replace the background of an image (Ideogram 3.0)",
  "v3.reframe": "Reframe a square image to a resolution (Ideogram 3.0)",
  "legacy.generate": "Generate images (V_1, V_2, V_2A)",
  "legacy.remix": "Remix an image (V_1, V_2, V_2A)",
  "legacy.edit": "Edit the masked area of an image (V_2, V_2_TURBO)",
  "legacy.upscale": "Upscale an image",
  "legacy.describe": "Describe an image",
  "v3.inpaint": "Edit the masked area of an image (Ideogram 3.0; successor of v3 edit)",
  "v3.generateTransparent": "Generate images with a transparent background (Ideogram 3.0)",
  "v3.layerizeText": "Split an image into a text-free base image and text blocks (Ideogram 3.0)",
  "legacy.reframe": "Reframe a square image to a resolution (V_1, V_2, V_2A)",
  removeBackground: "Remove the background of an image",
  editWithPrompt: "Edit images with an instruction",
};

interface SchemaDef {
  type: string;
  options?: { _zod: { def: SchemaDef } }[];
}

const BINARY = { type: "string", format: "binary", contentMediaType: "application/octet-stream" };

/** Every exported schema with its export name, sorted, so the document does not depend on how modules load. */
function namedSchemas(): [string, z.ZodType][] {
  return (Object.entries(schemas) as [string, unknown][])
    .filter((entry): entry is [string, z.ZodType] => entry[1] instanceof z.ZodType)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function tagOf(name: EndpointName): string {
  return name.includes(".") ? name.split(".")[0]! : "tools";
}

/** The components: every exported schema by its export name, enums included. */
function componentSchemas(): Record<string, JSONObject> {
  const registry = z.registry<{ id: string }>();
  for (const [name, value] of namedSchemas()) if (!registry.has(value)) registry.add(value, { id: name });
  const { schemas: generated } = z.toJSONSchema(registry, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
    uri: REF,
    override: (ctx) => {
      const def = (ctx.zodSchema as unknown as { _zod: { def: SchemaDef } })._zod.def;
      const json = ctx.jsonSchema as JSONObject;
      // A file is a binary part on the wire.
      if (def.type === "custom") Object.assign(json, BINARY);
      // A field of one file or several is, on the wire, one part per file: a list.
      const list = def.type === "union" ? def.options?.find((option) => option._zod.def.type === "array") : undefined;
      if (list && def.options?.some((option) => option._zod.def.type === "custom")) {
        const listJSON = (json.anyOf as JSONObject[] | undefined)?.find((branch) => branch.type === "array") ?? {};
        delete json.anyOf;
        Object.assign(json, { type: "array", items: BINARY, minItems: listJSON.minItems, maxItems: listJSON.maxItems });
        for (const key of ["minItems", "maxItems"]) if (json[key] === undefined) delete json[key];
      }
    },
  });
  const result: Record<string, JSONObject> = {};
  for (const [id, schema] of Object.entries(generated)) {
    const { $schema: _, $id: __, ...rest } = schema as JSONObject;
    result[id] = rest;
  }
  result.Error = {
    type: "object",
    description: "The API's error body. `error` is a message, or an object with a `message`.",
    properties: { error: { anyOf: [{ type: "string" }, { type: "object", properties: { message: { type: "string" } } }] } },
    additionalProperties: true,
  };
  return result;
}

function operation(name: EndpointName, ids: Map<unknown, string>): JSONObject {
  const definition = endpoints[name];
  const paramsId = ids.get(definition.params)!;
  const responseId = ids.get(definition.response)!;
  const kinds = fieldKinds(definition.params);
  const encoding: Record<string, JSONObject> = {};
  for (const [field, kind] of Object.entries(kinds)) {
    if (kind.item === "json") encoding[field] = { contentType: "application/json" };
    if (kind.item === "file") encoding[field] = { contentType: IMAGE_TYPES };
  }
  const body =
    definition.body === "json"
      ? { "application/json": { schema: { $ref: REF(paramsId) } } }
      : { "multipart/form-data": { schema: { $ref: REF(paramsId) }, encoding } };
  const error = (description: string) => ({ description, content: { "application/json": { schema: { $ref: REF("Error") } } } });
  return {
    operationId: name.replace(".", "_"),
    summary: SUMMARIES[name],
    description: (definition.params as z.ZodType).description,
    tags: [tagOf(name)],
    requestBody: { required: true, content: body },
    responses: {
      "200": { description: "Success.", content: { "application/json": { schema: { $ref: REF(responseId) } } } },
      "400": error("Invalid input."),
      "401": error("Missing or wrong Api-Key."),
      "403": error("Not authorized (Ideogram answers 403 instead of 401 on remix and upscale)."),
      "422": error("The prompt or an image failed the safety check."),
      "429": error("Too many requests in flight."),
      default: error("Any other error."),
    },
  };
}

export function openAPIDocument(version: string): JSONObject {
  const components = componentSchemas();
  const ids = new Map<unknown, string>();
  for (const [name, value] of namedSchemas()) if (!ids.has(value)) ids.set(value, name);
  const unexpressed = Object.entries(components).flatMap(([id, schema]) =>
    ((schema[UNEXPRESSED_RULES] as string[] | undefined) ?? []).map((rule) => `- ${id}: ${rule}`),
  );
  const paths: Record<string, JSONObject> = {};
  for (const name of Object.keys(endpoints) as EndpointName[]) paths[endpoints[name].path] = { post: operation(name, ids) };
  return {
    openapi: "3.1.0",
    info: {
      title: "Ideogram API (ideogram-sdk)",
      version,
      description: [
        "The Ideogram image API as the ideogram-sdk package validates and sends it, generated from its zod schemas.",
        "Served by the AiHubMix gateway under /ideogram and by Ideogram itself; paths are the same below each server.",
        "Rules between fields are in each schema's allOf/oneOf where JSON Schema can say them. These it cannot:",
        ...unexpressed,
        "- Files must be JPEG, PNG or WebP, at most 25 MB each and 50 MB a request; a mask must have its image's size.",
      ].join("\n"),
      license: { name: "MIT", identifier: "MIT" },
    },
    servers: [
      { url: DEFAULT_BASE_URLS.aihubmix, description: "AiHubMix gateway (provider \"aihubmix\")" },
      { url: DEFAULT_BASE_URLS.ideogram, description: "Ideogram (provider \"ideogram\")" },
    ],
    security: [{ ApiKey: [] }],
    tags: [
      { name: "v3", description: "Ideogram 3.0" },
      { name: "legacy", description: "Models V_1, V_2 and V_2A" },
      { name: "tools", description: "Model-independent tools (Ideogram's API)" },
    ],
    paths,
    components: {
      securitySchemes: { ApiKey: { type: "apiKey", in: "header", name: "Api-Key" } },
      schemas: components,
    },
  };
}
