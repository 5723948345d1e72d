/**
 * The OpenAPI document for other SDKs (`ideogram-sdk/openapi.json`): current with the schemas, a valid
 * OpenAPI 3.1 document, complete (every endpoint, field, enum value, range and default, the encodings,
 * files, servers, security and responses), usable (openapi-typescript's types of it type-check a consumer
 * and refuse wrong values), and `buildRequest` gives the very bytes the client sends.
 */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { compileErrors, dereference, validate as validateOpenAPI } from "@readme/openapi-parser";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { Ideogram, buildRequest } from "ideogram-sdk";
import * as schemas from "ideogram-sdk/schemas";
import { endpointNames, endpoints, type EndpointName } from "ideogram-sdk/schemas";
import { DEFAULT_BASE_URLS } from "../src/client";
import { openAPIDocument } from "../src/openapi/document";
import { fieldKinds } from "../src/schemas/introspect";
import { committedDocumentURL, fixtureURL, openAPITypes } from "./fixtures/openapi-consumer/generate";
import { legacyGenerate, v3Generate } from "./fixtures/openapi-consumer/consumer";
import { json, startCaptureServer, type CaptureServer, type CapturedRequest } from "./helpers/capture-server";
import { answer } from "../src/testing/responses";
import { jpegBytes, pngBytes, webpBytes } from "./helpers/images";

type JSONObject = Record<string, any>;

const packageJSON = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8")) as { version: string };
const committedText = await readFile(committedDocumentURL, "utf8");
const doc = JSON.parse(committedText) as JSONObject;
const componentSchemas = doc.components.schemas as Record<string, JSONObject>;

const REF_PREFIX = "#/components/schemas/";

/** The JSON pointer's target in the document, or undefined. */
function pointer(target: unknown, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  let node: unknown = target;
  for (const raw of ref.slice(2).split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (typeof node !== "object" || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as JSONObject)[key];
  }
  return node;
}

/** Every `$ref` in the document with where it is. */
function refsIn(node: unknown, at = "#"): { at: string; ref: string }[] {
  if (typeof node !== "object" || node === null) return [];
  const found: { at: string; ref: string }[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "$ref" && typeof value === "string") found.push({ at, ref: value });
    else found.push(...refsIn(value, `${at}/${key}`));
  }
  return found;
}

/** A schema with its `$ref`s followed; keywords beside a `$ref` win over the target's (OpenAPI 3.1). */
function resolved(schema: JSONObject): JSONObject {
  if (typeof schema.$ref !== "string") return schema;
  const { $ref, ...siblings } = schema;
  const target = pointer(doc, $ref) as JSONObject | undefined;
  if (!target) throw new Error(`unresolved ${$ref}`);
  return { ...resolved(target), ...siblings };
}

/** The component id of an exported zod schema (the document names components after their exports). */
const exported = new Map<unknown, string>();
for (const [name, value] of Object.entries(schemas)) if (value instanceof z.ZodType && !exported.has(value)) exported.set(value, name);
/** The id of a schema or of the exported schema it was made from (`.describe()` and `.meta()` make copies). */
const idOf = {
  get(schema: unknown): string | undefined {
    for (let node = schema as { _zod?: { parent?: unknown } } | undefined; node; node = node._zod?.parent as typeof node) {
      const id = exported.get(node);
      if (id) return id;
    }
    return undefined;
  },
};

// ── zod introspection, for the expectations ──────────────────────────────────────────────────────

interface ZodNode {
  _zod: { def: JSONObject & { type: string } };
  options?: readonly string[];
  shape?: Record<string, ZodNode>;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
}

const defOf = (node: ZodNode) => node._zod.def;
const checksOf = (node: ZodNode): JSONObject[] => ((defOf(node).checks as { _zod: { def: JSONObject } }[] | undefined) ?? []).map((check) => check._zod.def);
const metaOf = (node: ZodNode): JSONObject => (z.globalRegistry.get(node as unknown as z.ZodType) as JSONObject | undefined) ?? {};

/** A field's schema below `optional`, and the default given on any layer (the outermost wins). */
function unwrapField(node: ZodNode): { inner: ZodNode; optional: boolean; default: unknown; description: string | undefined } {
  let current = node;
  let optional = false;
  let found: unknown;
  let description: string | undefined;
  for (;;) {
    const meta = metaOf(current);
    if (found === undefined && "default" in meta) found = meta.default;
    description ??= meta.description as string | undefined;
    const type = defOf(current).type;
    if (type !== "optional" && type !== "default" && type !== "prefault") break;
    // A zod default makes the field optional on input, and is the JSON Schema's default.
    if (type !== "optional" && found === undefined) found = structuredClone(defOf(current).defaultValue);
    optional = true;
    current = defOf(current).innerType as ZodNode;
  }
  return { inner: current, optional, default: found, description };
}

/** The object schemas to compare: every endpoint's params and the objects nested in them. */
function objectSchemas(): Map<string, ZodNode> {
  const found = new Map<string, ZodNode>();
  const visit = (node: ZodNode) => {
    const { inner } = unwrapField(node);
    const type = defOf(inner).type;
    if (type === "object") {
      const id = idOf.get(inner) ?? idOf.get(node);
      if (!id) throw new Error("an object schema that is not exported has no component");
      if (found.has(id)) return;
      found.set(id, inner);
      for (const field of Object.values(inner.shape!)) visit(field);
    } else if (type === "array") visit(defOf(inner).element as ZodNode);
    else if (type === "union") for (const option of defOf(inner).options as ZodNode[]) visit(option);
  };
  for (const name of endpointNames) visit(endpoints[name].params as unknown as ZodNode);
  return found;
}

/** Compares one zod field with its JSON Schema property; returns what differs, as lines. */
function fieldDifferences(field: ZodNode, property: JSONObject, at: string): string[] {
  const problems: string[] = [];
  const differ = (what: string, zodValue: unknown, jsonValue: unknown) => {
    if (JSON.stringify(zodValue) !== JSON.stringify(jsonValue)) {
      problems.push(`${at}: ${what} is ${JSON.stringify(jsonValue)} in openapi.json, ${JSON.stringify(zodValue)} in zod`);
    }
  };
  const { inner, default: zodDefault, description } = unwrapField(field);
  const json = resolved(property);
  differ("default", zodDefault, json.default);
  if (description !== undefined) differ("description", description, json.description);
  const def = defOf(inner);
  switch (def.type) {
    case "enum":
      differ("type", "string", json.type);
      differ("enum", inner.options, json.enum);
      break;
    case "number":
      differ("type", inner.isInt ? "integer" : "number", json.type);
      differ("minimum", inner.minValue, json.minimum);
      differ("maximum", inner.maxValue, json.maximum);
      break;
    case "boolean":
      differ("type", "boolean", json.type);
      break;
    case "string": {
      differ("type", "string", json.type);
      if (def.format === "url") {
        differ("format", "uri", json.format);
        // The schemes zod allows must be said too, or a JSON Schema validator takes any URI.
        const protocol = def.protocol as RegExp | undefined;
        if (protocol) {
          const pattern = typeof json.pattern === "string" ? new RegExp(json.pattern, "u") : undefined;
          for (const url of ["https://example.com/a.png", "http://example.com/a.png", "ftp://example.com/a.png", "file:///a.png"]) {
            const allowed = protocol.test(url.slice(0, url.indexOf(":")));
            const says = pattern ? pattern.test(url) : true;
            if (allowed !== says) problems.push(`${at}: zod ${allowed ? "takes" : "refuses"} ${url}, openapi.json ${says ? "takes" : "refuses"} it (no pattern for the URL schemes ${protocol})`);
          }
        }
      } else if (def.format !== undefined) {
        problems.push(`${at}: no expectation for a zod string of format ${String(def.format)}`);
      }
      const minLength = checksOf(inner).find((check) => check.check === "min_length")?.minimum;
      differ("minLength", minLength, json.minLength);
      const pattern = checksOf(inner).find((check) => check.format === "regex")?.pattern as RegExp | undefined;
      // (A URL's schemes may be said with a pattern: checked above by what it takes.)
      if (def.format !== "url") differ("pattern", pattern?.source, json.pattern);
      break;
    }
    case "array": {
      differ("type", "array", json.type);
      differ("minItems", checksOf(inner).find((check) => check.check === "min_length")?.minimum, json.minItems);
      differ("maxItems", checksOf(inner).find((check) => check.check === "max_length")?.maximum, json.maxItems);
      if (json.items) problems.push(...fieldDifferences(def.element as ZodNode, json.items as JSONObject, `${at}[]`));
      break;
    }
    case "custom": // a file: one binary part
      differ("type", "string", json.type);
      differ("format", "binary", json.format);
      break;
    case "union": {
      // A file field that also takes a list: on the wire, a list of binary parts.
      const list = (def.options as ZodNode[]).find((option) => defOf(option).type === "array");
      if (!list || defOf(defOf(list).element as ZodNode).type !== "custom") {
        problems.push(`${at}: a union that is not a file list`);
        break;
      }
      differ("type (a list of files is an array of binary parts on the wire)", "array", json.type);
      if (json.type !== "array") break;
      differ("items.type", "string", resolved(json.items as JSONObject).type);
      differ("items.format", "binary", resolved(json.items as JSONObject).format);
      differ("minItems", checksOf(list).find((check) => check.check === "min_length")?.minimum, json.minItems);
      differ("maxItems", checksOf(list).find((check) => check.check === "max_length")?.maximum, json.maxItems);
      break;
    }
    case "object":
      differ("$ref", `${REF_PREFIX}${idOf.get(inner) ?? idOf.get(field)}`, property.$ref);
      break;
    default:
      problems.push(`${at}: no expectation for a zod ${def.type}`);
  }
  return problems;
}

// ── the document itself ──────────────────────────────────────────────────────────────────────────

describe("openapi.json", () => {
  it("is current: the generator's output for today's schemas (after a schema change run `npx tsx scripts/build-openapi.ts`)", () => {
    const generated = JSON.parse(JSON.stringify(openAPIDocument(packageJSON.version))) as unknown;
    expect(doc, "openapi.json is stale: run `npx tsx scripts/build-openapi.ts`").toEqual(generated);
    // As the script writes it, byte for byte.
    expect(committedText).toBe(`${JSON.stringify(generated, null, 2)}\n`);
  });

  it("is the same whichever way the generator is loaded (tsx, as the build script runs it, and vitest)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "ideogram-openapi-loader-"));
    try {
      const script = join(dir, "print.ts");
      const documentModule = fileURLToPath(new URL("../src/openapi/document.ts", import.meta.url));
      await writeFile(script, `import { openAPIDocument } from ${JSON.stringify(documentModule)};\nprocess.stdout.write(JSON.stringify(openAPIDocument("0.0.0-test"), null, 2));\n`);
      const tsx = fileURLToPath(new URL("../node_modules/tsx/dist/cli.mjs", import.meta.url));
      const { stdout } = await promisify(execFile)(process.execPath, [tsx, script], { cwd: fileURLToPath(new URL("..", import.meta.url)), maxBuffer: 64 << 20 });
      // Byte for byte: the order of components and of the description's lines included.
      expect(JSON.stringify(openAPIDocument("0.0.0-test"), null, 2)).toBe(stdout);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 20_000);

  it("is a valid OpenAPI 3.1 document (@readme/openapi-parser)", async () => {
    const result = await validateOpenAPI(structuredClone(doc) as never);
    expect(result.valid, result.valid ? "" : compileErrors(result)).toBe(true);
    expect(result.warnings).toEqual([]);
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toBe(packageJSON.version);
  });

  it("the validator catches a broken document", async () => {
    const broken = structuredClone(doc);
    delete broken.paths["/generate"].post.responses;
    broken.paths["/remix"].post.operationId = "v3_generate"; // a duplicate operationId
    const result = await validateOpenAPI(broken as never);
    expect(result.valid).toBe(false);
  });

  it("every $ref resolves, and dereferencing leaves none", async () => {
    const refs = refsIn(doc);
    expect(refs.length).toBeGreaterThan(50);
    const unresolved = refs.filter(({ ref }) => pointer(doc, ref) === undefined);
    expect(unresolved).toEqual([]);
    expect(refs.filter(({ ref }) => !ref.startsWith(REF_PREFIX))).toEqual([]);
    const dereferenced = await dereference(structuredClone(doc) as never);
    expect(refsIn(dereferenced)).toEqual([]);
    // And a dangling one is caught (so the checks above can fail).
    const broken = structuredClone(doc);
    broken.components.schemas.V3GenerateParams.properties.seed.$ref = `${REF_PREFIX}NoSuchSchema`;
    expect(refsIn(broken).filter(({ ref }) => pointer(broken, ref) === undefined)).toHaveLength(1);
    await expect(dereference(broken as never)).rejects.toThrow(/NoSuchSchema/);
  });
});

describe("what the document covers", () => {
  const operations = Object.entries(doc.paths as Record<string, JSONObject>).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({ path, method, operation: operation as JSONObject })),
  );
  const operationOf = (name: EndpointName) => operations.find(({ operation }) => operation.operationId === name.replace(".", "_"))!;

  it("has one POST operation per endpoint, named after it, at the endpoint's path", () => {
    expect(operations.map(({ operation }) => operation.operationId).sort()).toEqual(endpointNames.map((name) => name.replace(".", "_")).sort());
    expect(operations.map(({ operation }) => operation.operationId)).toContain("v3_generate");
    expect(operations.map(({ operation }) => operation.operationId)).toContain("legacy_describe");
    for (const name of endpointNames) {
      const found = operationOf(name);
      expect(found, name).toBeDefined();
      expect(found.method, name).toBe(endpoints[name].method.toLowerCase());
      expect(found.path, name).toBe(endpoints[name].path);
      expect(found.operation.tags, name).toEqual([name.includes(".") ? name.split(".")[0] : "tools"]);
      expect(found.operation.summary, name).toEqual(expect.any(String));
      expect(found.operation.description, name).toBe(endpoints[name].params.description);
    }
  });

  it("declares every tag an operation uses (Redocly's operation-tag-defined), with a description", () => {
    const declared = new Map((doc.tags as JSONObject[]).map((tag) => [tag.name as string, tag.description as unknown]));
    const used = new Set(operations.flatMap(({ operation }) => operation.tags as string[]));
    expect([...used].filter((tag) => !declared.has(tag))).toEqual([]);
    for (const tag of used) expect(declared.get(tag), tag).toEqual(expect.any(String));
  });

  it.each(endpointNames)("%s: the request body (media type, schema, JSON parts and binary files)", (name) => {
    const { operation } = operationOf(name);
    const definition = endpoints[name];
    expect(operation.requestBody.required).toBe(true);
    const content = operation.requestBody.content as Record<string, JSONObject>;
    const mediaType = name === "legacy.generate" ? "application/json" : "multipart/form-data";
    expect(Object.keys(content)).toEqual([mediaType]);
    expect(definition.body).toBe(name === "legacy.generate" ? "json" : "multipart");
    const media = content[mediaType]!;
    expect(media.schema).toEqual({ $ref: `${REF_PREFIX}${idOf.get(definition.params)}` });
    const schema = resolved(media.schema as JSONObject);

    const kinds = fieldKinds(definition.params);
    const fileFields = Object.keys(kinds).filter((field) => kinds[field]!.item === "file");
    const jsonFields = Object.keys(kinds).filter((field) => kinds[field]!.item === "json");
    if (mediaType === "application/json") {
      expect(media.encoding).toBeUndefined();
      expect(fileFields).toEqual([]);
      return;
    }
    const encoding = media.encoding as Record<string, { contentType: string }>;
    // Every object-valued field is one JSON part; every file field a binary part of an image type.
    for (const field of jsonFields) expect(encoding[field], field).toEqual({ contentType: "application/json" });
    for (const field of fileFields) {
      expect(encoding[field]?.contentType, field).toMatch(/^image\/png, image\/jpeg, image\/webp$/);
      const property = resolved(schema.properties[field] as JSONObject);
      if (kinds[field]!.list) {
        expect(property.type, field).toBe("array");
        expect(resolved(property.items as JSONObject), field).toMatchObject({ type: "string", format: "binary" });
      } else {
        expect(property, field).toMatchObject({ type: "string", format: "binary" });
      }
    }
    expect(Object.keys(encoding).sort()).toEqual([...jsonFields, ...fileFields].sort());
  });

  it("describes the JSON parts color_palette and image_request as application/json", () => {
    const encodings = operations.flatMap(({ operation }) =>
      Object.entries((operation.requestBody.content["multipart/form-data"]?.encoding ?? {}) as Record<string, JSONObject>).map(
        ([field, encoding]) => [operation.operationId, field, encoding.contentType] as const,
      ),
    );
    const jsonParts = encodings.filter(([, , type]) => type === "application/json");
    expect(new Set(jsonParts.map(([, field]) => field))).toEqual(new Set(["color_palette", "image_request"]));
    expect(jsonParts).toContainEqual(["v3_generate", "color_palette", "application/json"]);
    expect(jsonParts).toContainEqual(["legacy_remix", "image_request", "application/json"]);
    expect(jsonParts).toContainEqual(["legacy_upscale", "image_request", "application/json"]);
  });

  it("has every field of every params schema (and nested object) with its enum values, ranges, patterns, defaults and descriptions", () => {
    const compared = objectSchemas();
    expect([...compared.keys()]).toEqual(
      expect.arrayContaining([
        ...endpointNames.map((name) => idOf.get(endpoints[name].params)!),
        "ColorPalette", "ColorPaletteMember", "LegacyImageRequest", "LegacyRemixImageRequest", "LegacyUpscaleImageRequest",
      ]),
    );
    const problems: string[] = [];
    for (const [id, node] of compared) {
      const component = componentSchemas[id];
      if (!component) {
        problems.push(`${id}: no component`);
        continue;
      }
      const shape = node.shape!;
      const properties = component.properties as Record<string, JSONObject>;
      if (JSON.stringify(Object.keys(properties)) !== JSON.stringify(Object.keys(shape))) {
        problems.push(`${id}: properties ${Object.keys(properties).join(",")} in openapi.json, fields ${Object.keys(shape).join(",")} in zod`);
      }
      const required = Object.keys(shape).filter((key) => !unwrapField(shape[key]!).optional);
      if (JSON.stringify(component.required ?? []) !== JSON.stringify(required)) {
        problems.push(`${id}: required ${JSON.stringify(component.required)} in openapi.json, ${JSON.stringify(required)} in zod`);
      }
      // Strict objects refuse unknown fields; so must the document.
      if (defOf(node).catchall === undefined || defOf(defOf(node).catchall as ZodNode).type !== "never") problems.push(`${id}: not a strict object`);
      if (component.additionalProperties !== false) problems.push(`${id}: additionalProperties is not false`);
      if (component.description !== metaOf(node).description) {
        problems.push(`${id}: description ${JSON.stringify(component.description)} in openapi.json, ${JSON.stringify(metaOf(node).description)} in zod`);
      }
      for (const [key, field] of Object.entries(shape)) {
        if (!properties[key]) continue;
        problems.push(...fieldDifferences(field, properties[key], `${id}.${key}`));
      }
    }
    expect(problems).toEqual([]);
  });

  it("has every exported enum as a component with the zod enum's options, and the numbers with their ranges", () => {
    const enums = Object.entries(schemas).filter(([, value]) => value instanceof z.ZodEnum) as [string, z.ZodEnum][];
    expect(enums.length).toBeGreaterThanOrEqual(13);
    for (const [name, schema] of enums) {
      expect(componentSchemas[name], name).toMatchObject({ type: "string", enum: schema.options });
    }
    expect(componentSchemas.Seed).toMatchObject({ type: "integer", minimum: 0, maximum: 2147483647 });
    expect(componentSchemas.NumImages).toMatchObject({ type: "integer", minimum: 1, maximum: 8, default: 1 });
    expect(componentSchemas.Percent).toMatchObject({ type: "integer", minimum: 1, maximum: 100 });
    expect(componentSchemas.RenderingSpeed).toMatchObject({ default: "DEFAULT" });
    expect(componentSchemas.LegacyModel).toMatchObject({ default: "V_2" });
    expect(componentSchemas.ColorPaletteMember!.properties.color_weight).toMatchObject({ type: "number", minimum: 0.05, maximum: 1 });
  });

  it("carries the rules between fields that JSON Schema can say, and lists the others", () => {
    const v3 = componentSchemas.V3GenerateParams!;
    expect(v3.allOf).toContainEqual({ not: { required: ["aspect_ratio", "resolution"] } });
    expect(v3.allOf).toContainEqual({ not: { required: ["style_codes", "style_type"] } });
    expect(componentSchemas.ColorPalette!.allOf).toContainEqual({ oneOf: [{ required: ["name"] }, { required: ["members"] }] });
    expect(componentSchemas.LegacyImageRequest!.allOf).toContainEqual({
      if: { required: ["model"], properties: { model: { enum: ["V_1", "V_1_TURBO", "V_2A", "V_2A_TURBO"] } } },
      then: { not: { required: ["resolution"] } },
    });
    const listed = Object.entries(componentSchemas).flatMap(([id, schema]) =>
      ((schema["x-rules-not-in-schema"] as string[] | undefined) ?? []).map((rule) => `- ${id}: ${rule}`),
    );
    expect(listed.length).toBeGreaterThan(0);
    for (const line of listed) expect(doc.info.description).toContain(line);
  });

  it("has a server per provider, the Api-Key header scheme, and security on every operation", () => {
    expect(doc.servers.map((server: JSONObject) => server.url)).toEqual([DEFAULT_BASE_URLS.aihubmix, DEFAULT_BASE_URLS.ideogram]);
    expect(doc.servers[0].description).toMatch(/aihubmix/i);
    expect(doc.servers[1].description).toMatch(/ideogram/i);
    expect(doc.components.securitySchemes).toEqual({ ApiKey: { type: "apiKey", in: "header", name: "Api-Key" } });
    expect(doc.security).toEqual([{ ApiKey: [] }]);
    for (const { operation } of operations) expect(operation.security ?? doc.security).toEqual([{ ApiKey: [] }]);
  });

  it.each(endpointNames)("%s: the 200 response schema and the error responses", (name) => {
    const { operation } = operationOf(name);
    const responses = operation.responses as Record<string, JSONObject>;
    expect(responses["200"]!.content["application/json"].schema).toEqual({ $ref: `${REF_PREFIX}${idOf.get(endpoints[name].response)}` });
    if (name === "legacy.describe") expect(idOf.get(endpoints[name].response)).toBe("DescribeResponse");
    if (name.endsWith(".generate")) expect(idOf.get(endpoints[name].response)).toBe("ImageResponse");
    for (const status of ["400", "401", "403", "422", "429", "default"]) {
      expect(responses[status], status).toMatchObject({ description: expect.any(String), content: { "application/json": { schema: { $ref: `${REF_PREFIX}Error` } } } });
    }
    expect(componentSchemas.Error).toMatchObject({ type: "object", properties: { error: expect.any(Object) } });
    // The response components match the zod response schemas field for field.
    const response = resolved(responses["200"]!.content["application/json"].schema as JSONObject);
    expect(Object.keys(response.properties)).toEqual(Object.keys((endpoints[name].response as unknown as ZodNode).shape!));
    expect(response.required).toEqual(
      Object.entries((endpoints[name].response as unknown as ZodNode).shape!).filter(([, field]) => !unwrapField(field).optional).map(([key]) => key),
    );
  });
});

// ── usable by another SDK: openapi-typescript's types ────────────────────────────────────────────

describe("types generated with openapi-typescript", () => {
  const fixtureDir = fileURLToPath(new URL("./fixtures/openapi-consumer/", import.meta.url));
  let dir: string;
  let generated: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ideogram-openapi-consumer-"));
    generated = await openAPITypes(doc);
    await writeFile(join(dir, "openapi.d.ts"), generated);
    await cp(join(fixtureDir, "consumer.ts"), join(dir, "consumer.ts"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** Type-checks the consumer in the temp folder as another SDK's project would (strict). */
  function typeCheck(source?: string): ts.Diagnostic[] {
    const file = join(dir, source === undefined ? "consumer.ts" : "variant.ts");
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
      types: [],
      skipDefaultLibCheck: true,
      noUncheckedIndexedAccess: true,
      verbatimModuleSyntax: true,
    };
    const host = ts.createCompilerHost(options);
    if (source !== undefined) {
      const readFile = host.readFile.bind(host);
      host.readFile = (name) => (name === file ? source : readFile(name));
      const fileExists = host.fileExists.bind(host);
      host.fileExists = (name) => name === file || fileExists(name);
    }
    const program = ts.createProgram({ rootNames: [file], options, host });
    return [...ts.getPreEmitDiagnostics(program)];
  }
  const show = (diagnostics: ts.Diagnostic[]) =>
    diagnostics.map((d) => `${d.file ? `${d.file.fileName.split("/").pop()}:${d.file.getLineAndCharacterOfPosition(d.start!).line + 1} ` : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);

  it("are those committed beside the consumer (after a schema change run `npx tsx test/fixtures/openapi-consumer/generate.ts`)", async () => {
    expect(generated).toBe(await readFile(fixtureURL, "utf8"));
  });

  it("have an operation per endpoint and the request bodies' fields", () => {
    for (const name of endpointNames) expect(generated).toContain(`    ${name.replace(".", "_")}: {`);
    expect(generated).toMatch(/"multipart\/form-data": components\["schemas"\]\["V3GenerateParams"\]/);
    expect(generated).toMatch(/"application\/json": components\["schemas"\]\["LegacyGenerateParams"\]/);
    expect(generated).toContain(`NumImages: number;`);
    expect(generated).toContain(`MagicPrompt: "AUTO" | "ON" | "OFF";`);
  });

  it("type-check a consumer that builds v3_generate and legacy generate bodies; the lines marked @ts-expect-error do not compile", async () => {
    expect(show(typeCheck())).toEqual([]);
    // Without the markers, exactly the marked lines fail: the types do refuse wrong values (not `any`).
    const source = await readFile(join(dir, "consumer.ts"), "utf8");
    const marker = /^\s*\/\/ @ts-expect-error/;
    const marked = source.split("\n").flatMap((line, index) => (marker.test(line) ? [index + 2] : []));
    expect(marked.length).toBe(4);
    const unmarked = source.split("\n").map((line) => (marker.test(line) ? "//" : line)).join("\n");
    const errors = typeCheck(unmarked);
    const lines = [...new Set(errors.map((d) => d.file!.getLineAndCharacterOfPosition(d.start!).line + 1))].sort((a, b) => a - b);
    expect(lines, show(errors).join("\n")).toEqual(marked);
    // And a wrong value in a body that should compile is caught too.
    const wrong = source.replace(`rendering_speed: "TURBO"`, `rendering_speed: "FAST"`);
    expect(show(typeCheck(wrong)).join("\n")).toMatch(/"FAST"/);
  }, 30_000);

  it("the consumer's typed bodies are requests the SDK accepts and sends as they are", async () => {
    expect(endpoints["v3.generate"].params.safeParse(v3Generate).success).toBe(true);
    expect(endpoints["legacy.generate"].params.safeParse(legacyGenerate).success).toBe(true);
    const request = await buildRequest("legacy.generate", legacyGenerate as never, { baseURL: "https://example.test" });
    expect(JSON.parse(await request.text())).toEqual(legacyGenerate);
  });
});

// ── buildRequest: the client's bytes ────────────────────────────────────────────────────────────

describe("buildRequest gives the request the client sends, byte for byte", () => {
  const KEY = "sk-openapi-test";
  let server: CaptureServer;
  let client: Ideogram;
  let dir: string;
  let pngPath: string;

  beforeAll(async () => {
    // Answers each endpoint with a body of its shape, as the API would.
    server = await startCaptureServer((request, res) => {
      const name = endpointNames.find((endpoint) => request.url === endpoints[endpoint].path)!;
      json(res, 200, answer(name, {}, { imageURL: () => "https://ideogram.ai/api/images/direct/x.png", nextId: () => "1" }).body);
    });
    client = new Ideogram({ apiKey: KEY, baseURL: server.baseURL, maxRetries: 0, defaultHeaders: { "X-Trace": "t-1" } });
    dir = await mkdtemp(join(tmpdir(), "ideogram-openapi-build-"));
    pngPath = join(dir, "on-disk.png");
    await writeFile(pngPath, pngBytes(6, 6, [0, 128, 255]));
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const png = pngBytes(4, 4);
  const mask = pngBytes(4, 4, [0, 0, 0]);
  const jpeg = jpegBytes();
  const webp = webpBytes();

  // At least one call per endpoint; every file kind, a JSON part, a list of files, a file read from disk.
  const cases = (
    [
    ["v3.generate", () => ({ prompt: "Ünïcode ✓ \"quoted\"", seed: 7, num_images: 2, rendering_speed: "TURBO", resolution: "1024x1024", style_codes: ["1a2b3c4d", "FFFFFFFF"], color_palette: { name: "EMBER" } })],
    ["v3.generate", () => ({ prompt: "refs", style_reference_images: [png, jpeg], character_reference_images: [webp], character_reference_images_mask: [mask], color_palette: { members: [{ color_hex: "#F80", color_weight: 0.5 }] } })],
    ["v3.remix", () => ({ prompt: "remix", image: jpeg, image_weight: 80, aspect_ratio: "16x9", magic_prompt: "OFF" })],
    ["v3.edit", () => ({ prompt: "edit", image: png, mask, style_type: "DESIGN", negative_prompt: "no text" })],
    ["v3.replaceBackground", () => ({ prompt: "beach", image: webp, style_preset: "ART_DECO" })],
    ["v3.reframe", () => ({ image: pngPath, resolution: "1536x640", seed: 1 })],
    ["legacy.generate", () => ({ image_request: { prompt: "cat", model: "V_2", aspect_ratio: "ASPECT_16_9", color_palette: { name: "PASTEL" } } })],
    ["legacy.remix", () => ({ image_request: { prompt: "dog", image_weight: 30, model: "V_2A" }, image_file: jpeg })],
    ["legacy.edit", () => ({ image_file: png, mask, prompt: "hat", model: "V_2_TURBO", seed: 3 })],
    ["legacy.upscale", () => ({ image_file: png })],
    ["legacy.upscale", () => ({ image_request: { resemblance: 60, detail: 40 }, image_file: pngPath })],
    ["legacy.describe", () => ({ image_file: webp, describe_model_version: "V_3" })],
    ["v3.inpaint", () => ({ prompt: "inpaint", image: png, mask, style_codes: ["0a0b0c0d"] })],
    ["v3.generateTransparent", () => ({ prompt: "logo", upscale_factor: "X2", rendering_speed: "TURBO", aspect_ratio: "3x2" })],
    ["v3.layerizeText", () => ({ image: png, prompt: "a poster", seed: 9 })],
    ["legacy.reframe", () => ({ image_file: png, resolution: "RESOLUTION_1024_640", model: "V_2", style_type: "DESIGN" })],
    ["removeBackground", () => ({ image: pngPath })],
    ["editWithPrompt", () => ({ prompt: "make it blue", images: [png, jpeg], transparent_background: true })],
    ["editWithPrompt", () => ({ prompt: "make it red", image_urls: ["https://ideogram.ai/api/images/direct/abc.png"], resolution: "1024x1024" })],
    ] as [string, () => Record<string, unknown>][]
  ).filter(([name]) => Object.hasOwn(endpoints, name)) as [EndpointName, () => Record<string, unknown>][];
  // An endpoint added later is called with its required fields (files: a PNG; a mask: a black PNG of its size).
  for (const name of endpointNames) if (!cases.some(([endpoint]) => endpoint === name)) cases.push([name, () => requiredOnly(name)]);

  /** The endpoint's required fields with the first value each takes. */
  function requiredOnly(name: EndpointName): Record<string, unknown> {
    const shape = (endpoints[name].params as unknown as ZodNode).shape!;
    const params: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(shape)) {
      const { inner, optional } = unwrapField(field);
      if (optional) continue;
      const type = defOf(inner).type;
      if (type === "custom") params[key] = key === "mask" ? mask : png;
      else if (type === "union") params[key] = [png];
      else if (type === "enum") params[key] = inner.options![0];
      else if (type === "number") params[key] = inner.minValue;
      else if (type === "boolean") params[key] = false;
      else params[key] = "text";
    }
    return params;
  }

  it("covers every endpoint", () => {
    expect(new Set(cases.map(([name]) => name))).toEqual(new Set(endpointNames));
    // The fallback's params must be valid, or the endpoint needs a case above.
    for (const [name, params] of cases) expect(endpoints[name].params.safeParse(params()).success, `${name}: add a case with valid params`).toBe(true);
  });

  const boundaryOf = (contentType: string | null | undefined) => /boundary=([^;]+)/.exec(String(contentType))?.[1];
  /** The bytes with the multipart boundary (random per request) replaced by a fixed one. */
  const normalise = (bytes: Buffer, boundary: string | undefined) =>
    boundary ? Buffer.from(bytes.toString("latin1").split(boundary).join("BOUNDARY"), "latin1") : bytes;
  const normaliseType = (contentType: string) => {
    const boundary = boundaryOf(contentType);
    return boundary ? contentType.split(boundary).join("BOUNDARY") : contentType;
  };

  it.each(cases.map(([name, params], index) => [`${name} #${index}`, name, params] as const))("%s", async (_, name, params) => {
    server.requests.length = 0;
    await client.call(name, params() as never);
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]!;

    const built = await buildRequest(name, params() as never, { baseURL: server.baseURL, apiKey: KEY, headers: { "X-Trace": "t-1" } });
    expect(built.method).toBe(sent.method);
    expect(built.url).toBe(`${server.baseURL}${sent.url}`);
    expect(sent.url).toBe(endpoints[name].path);
    // Every header buildRequest sets is sent with the same value (the boundary aside).
    const builtHeaders = Object.fromEntries(built.headers);
    for (const [header, value] of Object.entries(builtHeaders)) {
      const sentValue = String(sent.headers[header]);
      if (header === "content-type") expect(normaliseType(sentValue), header).toBe(normaliseType(value));
      else expect(sentValue, header).toBe(value);
    }
    expect(Object.keys(builtHeaders)).toEqual(expect.arrayContaining(["api-key", "content-type", "x-trace"]));
    const builtBody = Buffer.from(await built.clone().arrayBuffer());
    expect(normalise(builtBody, boundaryOf(built.headers.get("content-type"))).equals(normalise(sent.body, boundaryOf(sent.headers["content-type"] as string)))).toBe(true);
    if (builtHeaders["content-length"] !== undefined) expect(builtHeaders["content-length"]).toBe(String(builtBody.length));

    // Sent as it is, the built Request reaches the server as the client's did.
    server.requests.length = 0;
    await fetch(built);
    const replayed = server.requests[0] as CapturedRequest;
    expect(replayed.method).toBe(sent.method);
    expect(replayed.url).toBe(sent.url);
    for (const header of ["api-key", "x-trace", "content-length"]) expect(replayed.headers[header], header).toBe(sent.headers[header]);
    expect(normalise(replayed.body, boundaryOf(replayed.headers["content-type"] as string)).equals(normalise(sent.body, boundaryOf(sent.headers["content-type"] as string)))).toBe(true);
    if (name !== "legacy.generate") expect(replayed.parts().map((part) => part.name)).toEqual(sent.parts().map((part) => part.name));
  });

  it("the normalisation only hides the boundary: a different body is told apart", async () => {
    const a = await buildRequest("v3.generate", { prompt: "a" }, { baseURL: server.baseURL });
    const b = await buildRequest("v3.generate", { prompt: "b" }, { baseURL: server.baseURL });
    const bodyA = normalise(Buffer.from(await a.arrayBuffer()), boundaryOf(a.headers.get("content-type")));
    const bodyB = normalise(Buffer.from(await b.arrayBuffer()), boundaryOf(b.headers.get("content-type")));
    expect(bodyA.equals(bodyB)).toBe(false);
    expect(bodyA.toString()).toContain("--BOUNDARY");
  });

  it("without a baseURL, targets the document's server of the provider", async () => {
    vi.stubEnv("IDEOGRAM_BASE_URL", "");
    try {
      for (const [provider, server] of [["aihubmix", doc.servers[0]], ["ideogram", doc.servers[1]]] as const) {
        for (const name of endpointNames) {
          const params = cases.find(([endpoint]) => endpoint === name)![1]();
          const request = await buildRequest(name, params as never, { provider, apiKey: "k" });
          expect(request.url).toBe(`${server.url}${endpoints[name].path}`);
          expect(request.headers.get("Api-Key")).toBe("k");
        }
      }
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
