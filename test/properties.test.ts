/**
 * Property-based tests (fast-check, bounded runs, a fixed seed that fast-check prints on failure; set FC_SEED
 * to replay another):
 * - for every endpoint of `endpoints`, random valid params (built from the schemas' own enums, ranges and
 *   list limits; files as small PNGs in every input form) build a request that decodes back to the same
 *   params, both from `buildRequest` and as a real server on 127.0.0.1 receives it, and that the schema
 *   accepts again;
 * - random invalid params (one field broken) are refused with ValidationError, and fetch is never called;
 * - multipart text values, JSON parts and file names survive any text: unicode, quotes, CR/LF, NUL, emoji,
 *   lone surrogates, text that looks like part headers. What arrives is what the HTML multipart/form-data
 *   encoding says: line breaks in text values normalised to CRLF, `"` CR LF in file names escaped as
 *   %22 %0D %0A (and decoded back by the parser), lone surrogates as U+FFFD. JSON parts are exact.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import fc from "fast-check";
import { Ideogram, ValidationError, buildRequest } from "ideogram-sdk";
import { endpoints, type EndpointName } from "ideogram-sdk/schemas";
import { decodeRequest } from "ideogram-sdk/testing";
import { fieldKinds } from "../src/schemas/introspect";
import { answerLikeTheAPI, parseMultipart, startCaptureServer, type CaptureServer, type CapturedRequest } from "./helpers/capture-server";
import { pngBytes } from "./helpers/images";

const SEED = Number(process.env.FC_SEED ?? 20_251_128);
const RUNS = Number(process.env.FC_RUNS ?? 25);
const settings = (numRuns = RUNS) => ({ seed: SEED, numRuns, endOnFailure: false });
const KEY = "sk-properties-KEY-31415";
const ENDPOINTS = Object.keys(endpoints) as EndpointName[];

let server: CaptureServer;
beforeAll(async () => {
  server = await startCaptureServer(answerLikeTheAPI);
});
afterAll(() => server.close());

// ---------- text ----------

/** Units that stress multipart framing and encodings, mixed with any code point and any grapheme. */
const nastyUnit = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('"', "'", "\r", "\n", "\r\n", "\n\r", "\t", "\0", "%", "%22", "%0A", "%0d", ";", "=", "\\", "--", "😀", "é", "\u2028", "\ud800", "\udc00", "\ufeff", 'name="x"', "\r\n\r\n", "Content-Disposition: form-data; name=\"prompt\"") },
  { weight: 4, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 4, arbitrary: fc.string({ unit: "grapheme", minLength: 1, maxLength: 1 }) },
  { weight: 4, arbitrary: fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 1 }) },
);
const text = (minLength = 1, maxLength = 24) => fc.string({ unit: nastyUnit, minLength, maxLength });

/**
 * A parser reads each text value and file name with the Encoding Standard's "UTF-8 decode", which drops one
 * leading byte order mark (the bytes on the wire keep it; the strict parser checks those).
 */
const decodedText = (value: string) => value.replace(/^\ufeff/, "");
/** Lone surrogates become U+FFFD when a string is encoded as UTF-8 (USVString). */
const wellFormed = (value: string) => value.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd");
/** The HTML multipart/form-data encoding: a lone CR or LF in a text value becomes CRLF. */
const crlf = (value: string) => value.replace(/\r\n|\r|\n/g, "\r\n");
/** How the encoding escapes a file name (HTML: `"` CR LF as %22 %0D %0A). */
const escapeName = (name: string) => name.replace(/\r/g, "%0D").replace(/\n/g, "%0A").replace(/"/g, "%22");
/** How a parser (undici's formData) reads an escaped name back. */
const unescapeName = (name: string) => name.replace(/%0A/gi, "\n").replace(/%0D/gi, "\r").replace(/%22/g, '"');

// ---------- files ----------

type FileKind = "uint8array" | "buffer" | "arraybuffer" | "blob" | "file" | "stream" | "response";

/** A file described, made fresh (streams can be read once) for every run. */
interface FileSpec {
  readonly file: true;
  kind: FileKind;
  name: string;
  width: number;
  height: number;
  black: boolean;
}

const fileSpec: fc.Arbitrary<FileSpec> = fc.record({
  file: fc.constant(true as const),
  kind: fc.constantFrom<FileKind>("uint8array", "buffer", "arraybuffer", "blob", "file", "file", "stream", "response"),
  name: text(1, 12).filter((name) => name !== "blob"),
  width: fc.integer({ min: 1, max: 4 }),
  height: fc.integer({ min: 1, max: 4 }),
  black: fc.boolean(),
});

const isFileSpec = (value: unknown): value is FileSpec => typeof value === "object" && value !== null && (value as FileSpec).file === true;

function bytesOf(spec: FileSpec): Uint8Array<ArrayBuffer> {
  return pngBytes(spec.width, spec.height, spec.black ? [0, 0, 0] : [200, 30, 90]);
}

function materialiseFile(spec: FileSpec): unknown {
  const bytes = bytesOf(spec);
  switch (spec.kind) {
    case "uint8array":
      return bytes;
    case "buffer":
      return Buffer.from(bytes);
    case "arraybuffer":
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    case "blob":
      return new Blob([bytes]);
    case "file":
      return new File([bytes], spec.name, { type: "application/octet-stream" }); // the SDK sniffs the real type
    case "stream":
      return new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes.slice(0, 7));
          controller.enqueue(bytes.slice(7));
          controller.close();
        },
      });
    case "response":
      return new Response(bytes);
  }
}

/** Params with every FileSpec made into a real input. */
function materialise(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(params).map(([key, value]) => [
      key,
      isFileSpec(value) ? materialiseFile(value) : Array.isArray(value) && value.some(isFileSpec) ? value.map((item) => materialiseFile(item as FileSpec)) : value,
    ]),
  );
}

/** What a file decodes to: the File's own name (escaped then read back) or the SDK's default, PNG bytes. */
function expectedFile(spec: FileSpec) {
  return { name: spec.kind === "file" ? decodedText(unescapeName(escapeName(wellFormed(spec.name)))) : "image.png", type: "image/png", bytes: [...bytesOf(spec)] };
}

async function decodedFile(file: File) {
  return { name: file.name, type: file.type, bytes: [...new Uint8Array(await file.arrayBuffer())] };
}

// ---------- arbitraries from the schemas ----------

interface Node {
  def: { type: string; innerType?: Node; element?: Node; options?: Node[]; checks?: { _zod: { def: { check: string; minimum?: number; maximum?: number } } }[] };
  shape?: Record<string, Node>;
  options?: string[];
  minValue?: number;
  maxValue?: number;
  isInt?: boolean;
}

const optional = (node: Node) => (node.def.type === "optional" ? node.def.innerType! : node);

function lengthLimits(node: Node): { minLength: number; maxLength: number } {
  let minLength = 0;
  let maxLength = 3;
  for (const check of node.def.checks ?? []) {
    const def = check._zod.def;
    if (def.check === "min_length") minLength = def.minimum!;
    if (def.check === "max_length") maxLength = Math.min(def.maximum!, maxLength);
  }
  return { minLength, maxLength: Math.max(minLength, maxLength) };
}

const hex = (length: number) => fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF"), minLength: length, maxLength: length });
const slug = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789_-."), minLength: 1, maxLength: 10 });

const colorPalette = fc.oneof(
  fc.record({ name: fc.constantFrom("EMBER", "FRESH", "JUNGLE", "MAGIC", "MELON", "MOSAIC", "PASTEL", "ULTRAMARINE") }),
  fc.record({
    members: fc.array(
      fc.record(
        {
          color_hex: fc.oneof(hex(3), hex(6)).map((digits) => `#${digits}`),
          color_weight: fc.double({ min: 0.05, max: 1, noNaN: true }),
        },
        { requiredKeys: ["color_hex"] },
      ),
      { minLength: 1, maxLength: 8 },
    ),
  }),
);

/** Strings whose schema is a pattern or free text, by field name. */
function stringArbitrary(name: string): fc.Arbitrary<string> {
  if (name === "custom_model_uri") return fc.tuple(slug, slug).map(([model, version]) => `model/${model}/version/${version}`);
  if (name === "style_codes") return hex(8);
  if (name === "image_urls") return slug.map((id) => `https://ideogram.ai/api/images/ephemeral/${id}.png`);
  if (name === "prompt") return text(1);
  return text(0);
}

/** An arbitrary for a schema node: enums from their options, numbers from their ranges, lists from their limits. */
function arbitraryFor(node: Node, name: string): fc.Arbitrary<unknown> {
  const inner = optional(node);
  const type = inner.def.type;
  if (name === "color_palette") return colorPalette;
  if (type === "enum") return fc.constantFrom(...inner.options!);
  if (type === "number") {
    return inner.isInt
      ? fc.integer({ min: inner.minValue!, max: inner.maxValue! })
      : fc.double({ min: inner.minValue!, max: inner.maxValue!, noNaN: true });
  }
  if (type === "boolean") return fc.boolean();
  if (type === "string") return stringArbitrary(name);
  if (type === "custom") return fileSpec;
  if (type === "array") return fc.array(arbitraryFor(inner.def.element!, name), lengthLimits(inner));
  if (type === "union") {
    // A file or a list of files.
    const list = inner.def.options!.find((option) => option.def.type === "array")!;
    return fc.oneof(fileSpec, fc.array(fileSpec, { ...lengthLimits(list), minLength: Math.max(1, lengthLimits(list).minLength) }));
  }
  if (type === "object") return objectArbitrary(inner);
  throw new Error(`no arbitrary for ${name} (${type})`);
}

function objectArbitrary(node: Node): fc.Arbitrary<Record<string, unknown>> {
  const shape = node.shape!;
  const model = Object.fromEntries(Object.entries(shape).map(([key, field]) => [key, arbitraryFor(field, key)]));
  const requiredKeys = Object.entries(shape).filter(([, field]) => field.def.type !== "optional").map(([key]) => key);
  return fc.record(model, { requiredKeys }) as fc.Arbitrary<Record<string, unknown>>;
}

const LEGACY_ONLY_FOR: Record<string, string[]> = {
  resolution: ["V_2", "V_2_TURBO"],
  style_type: ["V_2", "V_2_TURBO", "V_2A", "V_2A_TURBO"],
  negative_prompt: ["V_1", "V_1_TURBO", "V_2", "V_2_TURBO"],
  color_palette: ["V_2", "V_2_TURBO"],
};

/** Makes generated params keep the rules between fields (each rule is the schema's, restated). */
function keepRules(endpoint: EndpointName, input: Record<string, unknown>): Record<string, unknown> {
  const params = { ...input };
  const legacy = endpoint.startsWith("legacy.");
  const fixLegacy = (request: Record<string, unknown>, fields = Object.keys(LEGACY_ONLY_FOR)) => {
    const model = String(request.model ?? "V_2");
    for (const field of fields) {
      if (model !== "AUTO" && request[field] !== undefined && !LEGACY_ONLY_FOR[field]!.includes(model)) delete request[field];
    }
    if (request.aspect_ratio !== undefined && request.resolution !== undefined) delete request.resolution;
  };
  if (params.aspect_ratio !== undefined && params.resolution !== undefined) delete params.resolution;
  if (params.style_codes !== undefined) {
    delete params.style_reference_images;
    if (!legacy) delete params.style_type;
  }
  if (params.character_reference_images !== undefined) {
    const references = params.character_reference_images;
    params.character_reference_images = Array.isArray(references) ? references.slice(0, 1) : references;
  }
  if (params.character_reference_images_mask !== undefined) {
    const references = params.character_reference_images;
    if (references === undefined) delete params.character_reference_images_mask;
    else {
      const masks = ([] as FileSpec[]).concat(params.character_reference_images_mask as FileSpec | FileSpec[]);
      params.character_reference_images_mask = Array.isArray(references) ? [masks[0]!] : masks[0]!;
    }
  }
  if (endpoint === "editWithPrompt") {
    if (params.images !== undefined && params.image_urls !== undefined) delete params.image_urls;
    if (params.images === undefined && params.image_urls === undefined) params.image_urls = ["https://ideogram.ai/api/images/ephemeral/a.png"];
  }
  if (params.image_request && typeof params.image_request === "object") {
    params.image_request = { ...(params.image_request as Record<string, unknown>) };
    fixLegacy(params.image_request as Record<string, unknown>);
  }
  if (endpoint === "legacy.reframe") fixLegacy(params, ["style_type"]);
  // An edit mask: the image's size, black where to change.
  const maskOf = (endpoints[endpoint] as { maskOf?: string }).maskOf;
  if (maskOf && isFileSpec(params.mask) && isFileSpec(params[maskOf])) {
    const image = params[maskOf] as FileSpec;
    params.mask = { ...params.mask, width: image.width, height: image.height, black: true };
  }
  return params;
}

const validParams = (endpoint: EndpointName) =>
  objectArbitrary(endpoints[endpoint].params as unknown as Node).map((params) => keepRules(endpoint, params));

/** The params as they should decode: files as their bytes and names, lists where the field is a list. */
function expectedDecoding(endpoint: EndpointName, params: Record<string, unknown>): Record<string, unknown> {
  const definition = endpoints[endpoint];
  const given: Record<string, unknown> = { ...params };
  for (const [key, value] of Object.entries((definition as { alwaysSent?: Record<string, unknown> }).alwaysSent ?? {})) given[key] ??= value;
  if (definition.body === "json") return given;
  const kinds = fieldKinds(definition.params);
  return Object.fromEntries(
    Object.entries(given).map(([key, value]) => {
      const kind = kinds[key]!;
      if (kind.item === "file") {
        const files = ([] as FileSpec[]).concat(value as FileSpec | FileSpec[]).map(expectedFile);
        return [key, kind.list ? files : files[0]];
      }
      const asText = (item: unknown) => decodedText(crlf(wellFormed(String(item))));
      if (kind.item === "text") return [key, Array.isArray(value) ? value.map(asText) : asText(value)];
      return [key, value];
    }),
  );
}

async function comparable(decoded: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(decoded)) {
    if (value instanceof File) out[key] = await decodedFile(value);
    else if (Array.isArray(value) && value.some((item) => item instanceof File)) out[key] = await Promise.all(value.map((item) => decodedFile(item as File)));
    else out[key] = value;
  }
  return out;
}

/** The request a captured one was: what the server received, as a web Request. */
function asRequest(captured: CapturedRequest): Request {
  return new Request(`${server.baseURL}${captured.url}`, {
    method: captured.method,
    headers: { "content-type": String(captured.headers["content-type"]) },
    body: new Uint8Array(captured.body),
  });
}

/** Part names in order, as the strict parser reads the raw bytes (framing checked byte by byte). */
function partNames(body: Buffer, contentType: string): string[] {
  return parseMultipart(body, contentType).map((part) => part.name);
}

function expectedPartNames(endpoint: EndpointName, expected: Record<string, unknown>): string[] {
  const names: string[] = [];
  for (const [key, value] of Object.entries(expected)) {
    const count = Array.isArray(value) && !(endpoints[endpoint].body === "json") && fieldKinds(endpoints[endpoint].params)[key]?.list ? value.length : 1;
    for (let i = 0; i < count; i++) names.push(key);
  }
  return names.sort();
}

// ---------- valid params round-trip ----------

describe("random valid params build a request that decodes back to them", () => {
  it.each(ENDPOINTS)("%s", async (endpoint) => {
    const schema = endpoints[endpoint].params;
    const client = new Ideogram({ apiKey: KEY, baseURL: server.baseURL, logLevel: "off", maxRetries: 0 });
    await fc.assert(
      fc.asyncProperty(validParams(endpoint), async (specs) => {
        const params = materialise(specs);
        expect(schema.safeParse(params).success, "the generator made invalid params").toBe(true);
        const expected = expectedDecoding(endpoint, specs);

        // buildRequest -> the testing kit's decoder (undici's multipart/JSON parser) -> the same params.
        const built = await buildRequest(endpoint, params as never, { apiKey: KEY, baseURL: "https://api.example.test" });
        expect(built.headers.get("api-key")).toBe(KEY);
        const bytes = Buffer.from(await built.clone().arrayBuffer());
        const decoded = await decodeRequest(endpoint, built);
        expect(await comparable(decoded)).toEqual(expected);
        expect(schema.safeParse(decoded).success, "the schema refuses what was decoded").toBe(true);
        if (endpoints[endpoint].body === "multipart") {
          expect(partNames(bytes, built.headers.get("content-type")!).sort()).toEqual(expectedPartNames(endpoint, expected));
        }

        // The same call through a real server on 127.0.0.1.
        const before = server.requests.length;
        await client.call(endpoint, materialise(specs) as never);
        expect(server.requests.length).toBe(before + 1);
        const captured = server.requests[before]!;
        expect(captured.headers["api-key"]).toBe(KEY);
        expect(await comparable(await decodeRequest(endpoint, asRequest(captured)))).toEqual(expected);
      }),
      settings(),
    );
    server.requests.length = 0;
  });
});

// ---------- invalid params never reach the network ----------

type Breakage = { path: string; apply: (params: Record<string, unknown>) => Record<string, unknown> };

/** One field broken in a way the endpoint's schema (or the file checks) must refuse. */
function breakages(endpoint: EndpointName): fc.Arbitrary<Breakage> {
  const kinds = fieldKinds(endpoints[endpoint].params);
  const options: fc.Arbitrary<Breakage>[] = [];
  const set = (path: string, value: unknown): Breakage => ({ path, apply: (params) => ({ ...params, [path]: value }) });
  options.push(slug.map((suffix) => set(`x_unknown_${suffix.replace(/\W/g, "_")}`, "surprise")));
  for (const [field, kind] of Object.entries(kinds)) {
    if (!kind.optional) options.push(fc.constant({ path: field, apply: (params) => Object.fromEntries(Object.entries(params).filter(([key]) => key !== field)) }));
    if (kind.item === "number") options.push(fc.constantFrom(-1, 2.5, Number.NaN, "7", 1e12).map((value) => set(field, value)));
    if (kind.item === "boolean") options.push(fc.constantFrom("true", 1, null).map((value) => set(field, value)));
    if (kind.item === "text" && !kind.list) {
      const schemaField = optional((endpoints[endpoint].params as unknown as Node).shape![field]!);
      if (schemaField.def.type === "enum") options.push(fc.constantFrom("NOT_AN_OPTION", "", "auto ", 3).map((value) => set(field, value)));
      else options.push(fc.constantFrom(42, null, { text: "x" }).map((value) => set(field, value)));
    }
    if (kind.item === "text" && kind.list) options.push(fc.constantFrom([], "not-a-list", [42]).map((value) => set(field, value)));
    if (kind.item === "json") options.push(fc.constantFrom("oops", 42, [], null).map((value) => set(field, value)));
    if (kind.item === "file") {
      const notImage = () => new Uint8Array([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0]); // a GIF header
      options.push(fc.constantFrom("not-image", "missing-path", "number", "text-file").map((what) =>
        ({
          path: field,
          apply: (params: Record<string, unknown>) => ({
            ...params,
            [field]:
              what === "not-image" ? notImage()
              : what === "missing-path" ? "/definitely/not/here/image.png"
              : what === "number" ? 12
              : new File(["plain text, not an image"], "notes.txt", { type: "text/plain" }),
          }),
        }) satisfies Breakage));
    }
  }
  if (endpoint === "legacy.generate") {
    options.push(fc.constantFrom(-1, 3.5).map((seed) => ({ path: "image_request.seed", apply: (params) => ({ ...params, image_request: { ...(params.image_request as object), seed } }) })));
    options.push(fc.constant({ path: "image_request.prompt", apply: (params) => ({ ...params, image_request: { ...(params.image_request as object), prompt: "" } }) }));
  }
  return fc.oneof(...options);
}

describe("random invalid params are refused before anything is sent", () => {
  it.each(ENDPOINTS)("%s", async (endpoint) => {
    let fetchCalls = 0;
    const countingFetch = async () => {
      fetchCalls++;
      return Response.json({});
    };
    const client = new Ideogram({ apiKey: KEY, baseURL: "https://api.example.test", fetch: countingFetch, logLevel: "off" });
    await fc.assert(
      fc.asyncProperty(validParams(endpoint), breakages(endpoint), async (specs, breakage) => {
        const params = breakage.apply(materialise(specs));
        let error: unknown;
        try {
          await client.call(endpoint, params as never);
        } catch (caught) {
          error = caught;
        }
        expect(error).toBeInstanceOf(ValidationError);
        const issues = (error as ValidationError).issues;
        expect(issues.length).toBeGreaterThan(0);
        // A broken field that was given is named; a field added where another excludes it may be reported on that one.
        const topField = breakage.path.split(".")[0]!;
        if (topField in specs || breakage.path.includes(".") || topField.startsWith("x_unknown_")) {
          expect(issues.some((issue) => issue.path === breakage.path || issue.path.startsWith(`${breakage.path}.`)), `no issue at ${breakage.path}: ${(error as Error).message}`).toBe(true);
        }
        expect((error as Error).message).not.toContain(KEY);
        await expect(buildRequest(endpoint, breakage.apply(materialise(specs)) as never, { apiKey: KEY, baseURL: "https://api.example.test" })).rejects.toBeInstanceOf(ValidationError);
        expect(fetchCalls).toBe(0);
      }),
      settings(),
    );
    expect(fetchCalls).toBe(0);
    expect(client.usage.requests).toBe(0);
  });
});

// ---------- any text through multipart ----------

describe("multipart round trip for any text", () => {
  it("text values: what arrives is the value with its line breaks as CRLF (HTML's multipart encoding)", async () => {
    await fc.assert(
      fc.asyncProperty(text(1, 40), text(0, 40), async (prompt, negative) => {
        const request = await buildRequest("v3.generate", { prompt, negative_prompt: negative }, { apiKey: KEY, baseURL: "https://api.example.test" });
        const bytes = Buffer.from(await request.clone().arrayBuffer());
        const parts = parseMultipart(bytes, request.headers.get("content-type")!);
        expect(parts.map((part) => part.name)).toEqual(["prompt", "negative_prompt"]);
        expect(parts.map((part) => part.text)).toEqual([crlf(wellFormed(prompt)), crlf(wellFormed(negative))]);
        const decoded = await decodeRequest("v3.generate", request);
        expect(decoded).toEqual({ prompt: decodedText(crlf(wellFormed(prompt))), negative_prompt: decodedText(crlf(wellFormed(negative))) });
        // Text without a lone CR or LF (or a lone surrogate, or a leading BOM) arrives exactly as given.
        if (!/\r(?!\n)|(?<!\r)\n/.test(prompt) && wellFormed(prompt) === prompt && decodedText(prompt) === prompt) expect(decoded.prompt).toBe(prompt);
      }),
      settings(300),
    );
  });

  it("file names: `\"` CR LF escaped as %22 %0D %0A on the wire, read back as the name; no part can be injected", async () => {
    await fc.assert(
      fc.asyncProperty(text(1, 30), fc.constantFrom("file", "toFile-less File in a list"), async (name, how) => {
        const image = new File([pngBytes()], name);
        const params = how === "file" ? { prompt: "p", image } : { prompt: "p", image: new File([pngBytes()], "plain.png"), style_reference_images: [image] };
        const request = await buildRequest("v3.remix", params, { apiKey: KEY, baseURL: "https://api.example.test" });
        const bytes = Buffer.from(await request.clone().arrayBuffer());
        const parts = parseMultipart(bytes, request.headers.get("content-type")!);
        expect(parts.map((part) => part.name)).toEqual(how === "file" ? ["prompt", "image"] : ["prompt", "image", "style_reference_images"]);
        const part = parts.at(-1)!;
        expect(part.filename).toBe(escapeName(wellFormed(name)));
        expect(part.rawHeaders.split("\r\n")).toHaveLength(2); // Content-Disposition and Content-Type, nothing smuggled in
        expect(part.contentType).toBe("image/png");
        const decoded = await decodeRequest("v3.remix", request);
        const file = (how === "file" ? decoded.image : (decoded.style_reference_images as File[])[0]) as File;
        expect(file.name).toBe(decodedText(unescapeName(escapeName(wellFormed(name)))));
        // A name without "%" comes back exactly (the escaping is only ambiguous for names that contain it).
        if (!name.includes("%") && wellFormed(name) === name && decodedText(name) === name) expect(file.name).toBe(name);
        expect(new Uint8Array(await file.arrayBuffer())).toEqual(pngBytes());
      }),
      settings(300),
    );
  });

  it("JSON parts (image_request, color_palette) carry any text exactly", async () => {
    await fc.assert(
      fc.asyncProperty(text(1, 40), text(0, 40), async (prompt, negative) => {
        const params = { image_request: { prompt, negative_prompt: negative, model: "V_2" as const }, image_file: pngBytes() };
        const request = await buildRequest("legacy.remix", params, { apiKey: KEY, baseURL: "https://api.example.test" });
        const decoded = await decodeRequest("legacy.remix", request);
        expect(decoded.image_request).toEqual({ prompt, negative_prompt: negative, model: "V_2" });
        const json = await buildRequest("legacy.generate", { image_request: { prompt, negative_prompt: negative } }, { apiKey: KEY, baseURL: "https://api.example.test" });
        expect(await decodeRequest("legacy.generate", json)).toEqual({ image_request: { prompt, negative_prompt: negative } });
      }),
      settings(200),
    );
  });

  it("the same text through a real server on 127.0.0.1 arrives as the encoding says", async () => {
    const client = new Ideogram({ apiKey: KEY, baseURL: server.baseURL, logLevel: "off", maxRetries: 0 });
    server.requests.length = 0;
    await fc.assert(
      fc.asyncProperty(text(1, 30), text(1, 20), async (prompt, name) => {
        const before = server.requests.length;
        await client.v3.remix({ prompt, image: new File([pngBytes()], name) });
        const captured = server.requests[before]!;
        const parts = captured.parts();
        expect(parts.map((part) => part.name)).toEqual(["prompt", "image"]);
        expect(parts[0]!.text).toBe(crlf(wellFormed(prompt)));
        expect(parts[1]!.filename).toBe(escapeName(wellFormed(name)));
        const decoded = await decodeRequest("v3.remix", asRequest(captured));
        expect(decoded.prompt).toBe(decodedText(crlf(wellFormed(prompt))));
        expect((decoded.image as File).name).toBe(decodedText(unescapeName(escapeName(wellFormed(name)))));
      }),
      settings(100),
    );
    server.requests.length = 0;
  });
});
