/**
 * zod and the JSON Schema in openapi.json agree: for every component made from a zod schema (each endpoint's
 * params, the objects nested in them, the enums, numbers, strings and responses), samples generated with
 * fast-check are valid for zod exactly when Ajv (JSON Schema 2020-12) finds them valid against the
 * component of the committed document.
 *
 * Samples are built from the zod schemas (their enum options, ranges, lengths and patterns): valid values,
 * and invalid ones (out-of-range and fractional numbers, wrong enum spellings, wrong types, unknown keys,
 * missing required fields, URLs of other schemes), plus targeted breaks of the rules between fields (two
 * exclusive fields, a legacy field the model refuses, both or neither of two fields of which exactly one is
 * needed, such as a palette's name and members, two character references).
 *
 * Files. A file is a binary string in the JSON Schema (`ImageFile`: type string, format binary) and anything
 * uploadable in zod, a non-empty string (a path) included. So samples carry a file as a placeholder path
 * (`"image.png"`), the one value that both accept and that stands for "a file was given"; a file list is
 * always an array of them (zod also takes a single file for a list and sends it as a list of one: the wire,
 * and so the document, has only lists). This keeps every field, the required files too, and lets the rules
 * about character references be exercised. The file components themselves (ImageFile, ImageFiles) are not
 * compared: what a file is differs by design (bytes in a document, a value to read in the SDK).
 *
 * Rules JSON Schema cannot say (`x-rules-not-in-schema`) are the known exceptions: a sample that breaks one
 * is left out of the comparison, and the list of rules left out must be exactly the document's list.
 */
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import fc from "fast-check";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import * as schemas from "ideogram-sdk/schemas";

type JSONObject = Record<string, any>;

const doc = JSON.parse(await readFile(new URL("../openapi.json", import.meta.url), "utf8")) as JSONObject;
const components = doc.components.schemas as Record<string, JSONObject>;
const REF_PREFIX = "#/components/schemas/";
const NOT_IN_SCHEMA = "x-rules-not-in-schema";

// ── Ajv: the committed document's components, $refs resolved within it ──────────────────────────

const BASE = "urn:ideogram-sdk:openapi.json";
const ajv = new Ajv2020({ strict: false, allErrors: false });
addFormats(ajv);
ajv.addSchema({ $id: BASE, components: doc.components });
function jsonValidator(id: string): (value: unknown) => boolean {
  const validate = ajv.getSchema(`${BASE}${REF_PREFIX}${id}`);
  if (!validate) throw new Error(`no component ${id}`);
  return (value) => validate(value) as boolean;
}

// ── reading the zod schemas ──────────────────────────────────────────────────────────────────────

interface ZodNode {
  _zod: { def: JSONObject & { type: string }; parent?: ZodNode };
  options?: readonly string[];
  shape?: Record<string, ZodNode>;
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
}
const defOf = (node: ZodNode) => node._zod.def;
const checksOf = (node: ZodNode): JSONObject[] => ((defOf(node).checks as { _zod: { def: JSONObject } }[] | undefined) ?? []).map((check) => check._zod.def);
const minLengthOf = (node: ZodNode) => checksOf(node).find((check) => check.check === "min_length")?.minimum as number | undefined;
const maxLengthOf = (node: ZodNode) => checksOf(node).find((check) => check.check === "max_length")?.maximum as number | undefined;
const patternOf = (node: ZodNode) => checksOf(node).find((check) => check.format === "regex")?.pattern as RegExp | undefined;

/** Below `optional` and `default` (which make a field optional on input, as in the JSON Schema). */
function unwrap(node: ZodNode): { inner: ZodNode; optional: boolean } {
  let current = node;
  let optional = false;
  while (["optional", "default", "prefault"].includes(defOf(current).type)) {
    optional = true;
    current = defOf(current).innerType as ZodNode;
  }
  return { inner: current, optional };
}
const isFile = (node: ZodNode) => defOf(node).type === "custom";
const fileListOf = (node: ZodNode) => (defOf(node).options as ZodNode[]).find((option) => defOf(option).type === "array")!;
/** The schemes a zod URL takes (its `protocol` pattern), from those a web URL has. */
const urlSchemes = (node: ZodNode) => {
  const protocol = defOf(node).protocol as RegExp | undefined;
  return ["http", "https"].filter((scheme) => !protocol || protocol.test(scheme));
};
/** A field of files: the zod union of a file and a list of files. */
const isFileList = (node: ZodNode) =>
  defOf(node).type === "union" && (defOf(node).options as ZodNode[]).some((option) => defOf(option).type === "array" && isFile(defOf(option).element as ZodNode));

const exported = new Map<string, ZodNode>();
for (const [name, value] of Object.entries(schemas)) if (value instanceof z.ZodType) exported.set(name, value as unknown as ZodNode);

// ── sample generators, from the zod schemas ──────────────────────────────────────────────────────

const ABSENT = Symbol("absent");
const FILE = "image.png";
const wrongTypes = fc.constantFrom<unknown>(null, true, 7, "text", [], {});

const ALL_ENUM_VALUES = [...exported.values()].flatMap((node) => (defOf(node).type === "enum" ? node.options! : []));
/** Near misses of an enum value: case, separators, spaces, and other enums' values. */
function misspellings(options: readonly string[]): string[] {
  const near = options.flatMap((option) => [
    option.toLowerCase(), ` ${option}`, `${option} `, `${option}_`, option.replace(/x/g, ":"), option.replace(/_/g, "-"), option.replace(/_/g, ""),
  ]);
  return [...new Set([...near, ...ALL_ENUM_VALUES, "", "AUTO ", "V_3", "16:9"])].filter((value) => !options.includes(value));
}

const memoValid = new Map<ZodNode, fc.Arbitrary<unknown>>();
const memoInvalid = new Map<ZodNode, fc.Arbitrary<unknown>>();

/** Values zod's schema takes (nested objects may still break a rule between their fields). */
function valid(node: ZodNode): fc.Arbitrary<unknown> {
  let arbitrary = memoValid.get(node);
  if (arbitrary) return arbitrary;
  const def = defOf(node);
  switch (def.type) {
    case "optional":
    case "default":
    case "prefault":
      arbitrary = valid(unwrap(node).inner);
      break;
    case "enum":
      arbitrary = fc.constantFrom(...node.options!);
      break;
    case "number": {
      const min = Math.max(node.minValue ?? -1e6, -1e6);
      const max = Math.min(node.maxValue ?? 1e6, 1e6);
      arbitrary = node.isInt
        ? fc.oneof(fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) }), fc.constantFrom(min, max))
        : fc.oneof(fc.double({ min, max, noNaN: true, noDefaultInfinity: true }), fc.constantFrom(min, max));
      break;
    }
    case "string": {
      const pattern = patternOf(node);
      const minLength = minLengthOf(node) ?? 0;
      if (def.format === "url") {
        arbitrary = fc.webUrl({ validSchemes: urlSchemes(node), withQueryParameters: true, withFragments: true });
        break;
      }
      if (def.format) throw new Error(`no generator for a zod string of format ${def.format}`);
      arbitrary = pattern
        ? fc.stringMatching(pattern)
        : fc.oneof(fc.string({ minLength }), fc.string({ minLength, unit: "binary" }));
      break;
    }
    case "boolean":
      arbitrary = fc.boolean();
      break;
    case "nullable":
      arbitrary = fc.oneof(fc.constant(null), valid(def.innerType as ZodNode));
      break;
    case "array": {
      const minLength = minLengthOf(node) ?? 0;
      arbitrary = fc.array(valid(def.element as ZodNode), { minLength, maxLength: maxLengthOf(node) ?? minLength + 3 });
      break;
    }
    case "custom":
      arbitrary = fc.constant(FILE);
      break;
    case "union": {
      if (!isFileList(node)) throw new Error("no generator for this union");
      const list = fileListOf(node);
      arbitrary = fc.array(fc.constant(FILE), { minLength: minLengthOf(list) ?? 1, maxLength: maxLengthOf(list) ?? 3 });
      break;
    }
    case "object":
      arbitrary = objectSamples(node, { invalid: 0, unknown: 0, missing: 0 });
      break;
    default:
      throw new Error(`no generator for a zod ${def.type}`);
  }
  memoValid.set(node, arbitrary);
  return arbitrary;
}

/** Values zod's schema refuses (for objects: samples with invalid parts, most of which it refuses). */
function invalid(node: ZodNode): fc.Arbitrary<unknown> {
  let arbitrary = memoInvalid.get(node);
  if (arbitrary) return arbitrary;
  const def = defOf(node);
  switch (def.type) {
    case "optional":
    case "default":
    case "prefault":
      arbitrary = invalid(unwrap(node).inner);
      break;
    case "enum": {
      const near = misspellings(node.options!);
      const others = near.filter((value) => ALL_ENUM_VALUES.includes(value));
      arbitrary = fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...near.filter((value) => !others.includes(value))) },
        { weight: 2, arbitrary: fc.constantFrom(...others) },
        { weight: 1, arbitrary: fc.constantFrom(...node.options!).map((option) => [option]) },
        { weight: 1, arbitrary: wrongTypes },
      );
      break;
    }
    case "number": {
      if (!node.isInt && !Number.isFinite(node.minValue ?? -Infinity) && !Number.isFinite(node.maxValue ?? Infinity)) {
        // Any finite number is valid (JSON has no other).
        arbitrary = fc.constantFrom<unknown>("1", null, true, [], {});
        break;
      }
      const min = Math.max(node.minValue ?? -(2 ** 53 - 1), -(2 ** 53 - 1));
      const max = Math.min(node.maxValue ?? 2 ** 53 - 1, 2 ** 53 - 1);
      const outside = node.isInt
        ? fc.oneof(
            fc.constantFrom(min - 1, max + 1, min + 0.5, max - 0.5, 2 ** 53, -(2 ** 53), 1e21),
            fc.integer({ min: Math.max(min - 2 ** 40, Number.MIN_SAFE_INTEGER), max: Math.max(min - 1, Number.MIN_SAFE_INTEGER) }),
            fc.integer({ min: Math.min(max + 1, Number.MAX_SAFE_INTEGER), max: Math.min(max + 2 ** 40, Number.MAX_SAFE_INTEGER) }),
            fc.double({ min, max, noNaN: true, noDefaultInfinity: true }),
          )
        : fc.oneof(
            fc.constantFrom(min - 1e-9, max + 1e-9, 0, -1, 100),
            fc.double({ min: min - 10, max: min, maxExcluded: true, noNaN: true }),
            fc.double({ min: max, minExcluded: true, max: max + 10, noNaN: true }),
          );
      arbitrary = fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(min - (node.isInt ? 1 : 1e-9), max + (node.isInt ? 1 : 1e-9)) },
        { weight: 4, arbitrary: outside.filter((value) => value < min || value > max || (node.isInt === true && !Number.isInteger(value))) },
        { weight: 1, arbitrary: fc.constantFrom(String(min), String(max)) },
        { weight: 1, arbitrary: wrongTypes.filter((value) => typeof value !== "number") },
      );
      break;
    }
    case "string": {
      const pattern = patternOf(node);
      const minLength = minLengthOf(node) ?? 0;
      if (def.format === "url") {
        const schemes = urlSchemes(node);
        const otherSchemes = ["ftp", "file", "ws", "data", "javascript", "mailto", "https", "http"].filter((scheme) => !schemes.includes(scheme));
        arbitrary = fc.oneof(
          { weight: 4, arbitrary: fc.webUrl({ validSchemes: otherSchemes, withQueryParameters: true }) },
          { weight: 1, arbitrary: fc.webUrl().map((url) => url.replace(/^[a-z]+:\/\//, "")) }, // no scheme
          {
            weight: 2,
            arbitrary: fc.constantFrom("not a url", "", "http//example.com/a.png", "https://", "https:///a.png", "//example.com/a.png", "mailto:someone@example.com", "urn:isbn:0451450523"),
          },
          { weight: 1, arbitrary: fc.oneof(fc.integer(), wrongTypes.filter((value) => typeof value !== "string")) },
        );
        break;
      }
      const near = pattern
        ? fc.oneof(
            fc.stringMatching(pattern).map((value) => `${value}0`),
            fc.stringMatching(pattern).map((value) => value.slice(1)),
            fc.stringMatching(pattern).map((value) => ` ${value}`),
            fc.string(),
            fc.string({ unit: "binary" }),
          ).filter((value) => !pattern.test(value))
        : minLength > 0
          ? fc.string({ maxLength: minLength - 1 })
          : undefined;
      const wrong = fc.oneof(wrongTypes.filter((value) => typeof value !== "string"), fc.integer());
      arbitrary = near ? fc.oneof(near, wrong) : wrong;
      break;
    }
    case "boolean":
      arbitrary = fc.constantFrom("true", 0, 1, null, "false");
      break;
    case "nullable":
      arbitrary = invalid(def.innerType as ZodNode).filter((value) => value !== null);
      break;
    case "array": {
      const element = def.element as ZodNode;
      const minLength = minLengthOf(node) ?? 0;
      const maxLength = maxLengthOf(node);
      const options: fc.WeightedArbitrary<unknown>[] = [
        {
          // One bad item among good ones.
          weight: 4,
          arbitrary: fc.tuple(fc.array(valid(element), { maxLength: Math.max(0, (maxLength ?? 4) - 1) }), invalid(element), fc.nat()).map(([items, bad, at]) => {
            const copy = [...items];
            copy.splice(at % (copy.length + 1), 0, bad);
            return copy;
          }),
        },
        { weight: 1, arbitrary: valid(element) }, // one item instead of a list
        { weight: 1, arbitrary: wrongTypes.filter((value) => !Array.isArray(value)) },
      ];
      if (minLength > 0) options.push({ weight: 1, arbitrary: fc.array(valid(element), { maxLength: minLength - 1 }) });
      if (maxLength !== undefined) options.push({ weight: 1, arbitrary: fc.array(valid(element), { minLength: maxLength + 1, maxLength: maxLength + 3 }) });
      arbitrary = fc.oneof(...options);
      break;
    }
    case "custom":
      arbitrary = fc.constantFrom(7, null, true, {}, [FILE]);
      break;
    case "union": {
      // A file list: empty, too long, or not files (a single placeholder is left out: zod takes it, the wire has a list).
      const max = maxLengthOf(fileListOf(node));
      arbitrary = fc.constantFrom([], [7], [FILE, null], 7, null, {}, ...(max === undefined ? [] : [Array.from({ length: max + 1 }, () => FILE)]));
      break;
    }
    case "object":
      arbitrary = fc.oneof(
        { weight: 4, arbitrary: objectSamples(node, { invalid: 2, unknown: 1, missing: 1 }) },
        ...ruleBreaks(node).map(({ sample }) => ({ weight: 1, arbitrary: sample as fc.Arbitrary<unknown> })),
        { weight: 1, arbitrary: fc.oneof(wrongTypes.filter((value) => typeof value !== "object" || value === null || Array.isArray(value)), fc.constant([{}])) },
      );
      break;
    default:
      throw new Error(`no generator for a zod ${def.type}`);
  }
  memoInvalid.set(node, arbitrary);
  return arbitrary;
}

/** Keys that are not fields: near misses of real ones, misplaced ones, and anything. */
function unknownKeys(shape: Record<string, ZodNode>): fc.Arbitrary<string> {
  const camel = Object.keys(shape).map((key) => key.replace(/_(\w)/g, (_, c: string) => c.toUpperCase()));
  const near = [...camel, "image_file", "image", "prompt", "model", "style", "n", "size", "aspectRatio", "magic_prompt_option", "magic_prompt", "constructor", "toString"];
  return fc
    .oneof(fc.constantFrom(...near), fc.string({ minLength: 1, maxLength: 12 }))
    .filter((key) => !Object.hasOwn(shape, key) && key !== "__proto__");
}

interface Rates {
  /** Weight of an invalid value for a given field (against 6 for a valid one). */
  invalid: number;
  /** Weight of one unknown key (against 8 for none). */
  unknown: number;
  /** Weight of leaving a required field out (against 6 for giving it). */
  missing: number;
}

/** Objects of the schema's fields: each given or not, valid or invalid, maybe with an unknown key. */
function objectSamples(node: ZodNode, rates: Rates): fc.Arbitrary<Record<string, unknown>> {
  const shape = node.shape!;
  const fields = Object.entries(shape).map(([key, field]) => {
    const { inner, optional } = unwrap(field);
    const choices = [
      { weight: optional ? 6 : rates.missing, arbitrary: fc.constant<unknown>(ABSENT) },
      { weight: 6, arbitrary: valid(inner) },
      { weight: rates.invalid, arbitrary: invalid(inner) },
    ].filter((choice) => choice.weight > 0);
    return fc.oneof(...choices).map((value) => [key, value] as const);
  });
  const extra = rates.unknown
    ? fc.oneof({ weight: 8, arbitrary: fc.constant(null) }, { weight: rates.unknown, arbitrary: fc.tuple(unknownKeys(shape), fc.jsonValue({ maxDepth: 2 })) })
    : fc.constant(null);
  return fc.tuple(fc.tuple(...fields), extra).map(([entries, unknown]) => {
    const sample: Record<string, unknown> = {};
    for (const [key, value] of entries) if (value !== ABSENT) sample[key] = value;
    if (unknown) sample[unknown[0]] = unknown[1];
    return sample;
  });
}

/** Valid values with exactly one field (maybe inside a nested object) made invalid or left out. */
function oneInvalidField(node: ZodNode): fc.Arbitrary<Record<string, unknown>> {
  const shape = node.shape!;
  const base = objectSamples(node, { invalid: 0, unknown: 0, missing: 0 });
  return fc.tuple(base, fc.constantFrom(...Object.keys(shape))).chain(([sample, key]) => {
    const { inner, optional } = unwrap(shape[key]!);
    const nested = defOf(inner).type === "object" ? [{ weight: 3, arbitrary: oneInvalidField(inner) as fc.Arbitrary<unknown> }] : [];
    const replacement = fc.oneof({ weight: 1, arbitrary: invalid(inner) }, ...nested, ...(optional ? [] : [{ weight: 1, arbitrary: fc.constant<unknown>(ABSENT) }]));
    return replacement.map((value) => {
      const result = { ...sample, [key]: value };
      if (value === ABSENT) delete result[key];
      return result;
    });
  });
}

// ── targeted breaks of the rules between fields (written from the API's documentation) ───────────

/** Fields that cannot be given together. */
const EXCLUSIVE: [string, string][] = [
  ["aspect_ratio", "resolution"],
  ["style_codes", "style_reference_images"],
  ["style_codes", "style_type"],
];
/** Fields of which exactly one must be given. */
const EXACTLY_ONE: [string, string][] = [
  ["name", "members"], // a colour palette
  ["images", "image_urls"], // editWithPrompt
];
/** Legacy fields and the models that take them (the model given, else V_2; AUTO lets the server decide). */
const ONLY_FOR: Record<string, string[]> = {
  resolution: ["V_2", "V_2_TURBO"],
  style_type: ["V_2", "V_2_TURBO", "V_2A", "V_2A_TURBO"],
  negative_prompt: ["V_1", "V_1_TURBO", "V_2", "V_2_TURBO"],
  color_palette: ["V_2", "V_2_TURBO"],
};
const LEGACY_MODELS = ["V_1", "V_1_TURBO", "V_2", "V_2_TURBO", "V_2A", "V_2A_TURBO"];

interface Category {
  name: string;
  sample: fc.Arbitrary<Record<string, unknown>>;
  /** Whether zod must refuse every sample of the category, accept some, or either. */
  expect: "refused" | "some accepted";
}

const memoBreaks = new Map<ZodNode, Category[]>();
function ruleBreaks(node: ZodNode): Category[] {
  const cached = memoBreaks.get(node);
  if (cached) return cached;
  const shape = node.shape!;
  const has = (...keys: string[]) => keys.every((key) => Object.hasOwn(shape, key));
  const base = objectSamples(node, { invalid: 0, unknown: 0, missing: 0 });
  const fieldValid = (key: string) => valid(unwrap(shape[key]!).inner);
  const withFields = (name: string, expect: Category["expect"], fields: Record<string, fc.Arbitrary<unknown>>): Category => ({
    name,
    expect,
    sample: fc.tuple(base, fc.record(fields)).map(([sample, given]) => {
      const result = { ...sample, ...given };
      for (const [key, value] of Object.entries(given)) if (value === ABSENT) delete result[key];
      return result;
    }),
  });
  const categories: Category[] = [];
  for (const [a, b] of EXCLUSIVE) {
    if (has(a, b)) categories.push(withFields(`${a} with ${b}`, "refused", { [a]: fieldValid(a), [b]: fieldValid(b) }));
  }
  if (has("model")) {
    for (const [field, models] of Object.entries(ONLY_FOR)) {
      // Where the field is required (legacy reframe's resolution), it is not the model-bound option.
      if (!has(field) || !unwrap(shape[field]!).optional) continue;
      const refusing = LEGACY_MODELS.filter((model) => !models.includes(model));
      categories.push(withFields(`${field} with a model that refuses it`, "refused", { model: fc.constantFrom(...refusing), [field]: fieldValid(field) }));
      categories.push(
        withFields(`${field} with a model that takes it, AUTO or none`, "some accepted", {
          model: fc.constantFrom<unknown>(...models, "AUTO", ABSENT),
          [field]: fieldValid(field),
          // Keep the other model-bound fields out, so that the sample is valid when its values are.
          ...Object.fromEntries(Object.keys(ONLY_FOR).filter((other) => other !== field && has(other) && unwrap(shape[other]!).optional).map((other) => [other, fc.constant(ABSENT)])),
        }),
      );
    }
  }
  for (const [a, b] of EXACTLY_ONE) {
    if (!has(a, b)) continue;
    categories.push(withFields(`both ${a} and ${b}`, "refused", { [a]: fieldValid(a), [b]: fieldValid(b) }));
    categories.push(withFields(`neither ${a} nor ${b}`, "refused", { [a]: fc.constant(ABSENT), [b]: fc.constant(ABSENT) }));
    categories.push(withFields(`${a} only`, "some accepted", { [a]: fieldValid(a), [b]: fc.constant(ABSENT) }));
    categories.push(withFields(`${b} only`, "some accepted", { [a]: fc.constant(ABSENT), [b]: fieldValid(b) }));
  }
  if (has("character_reference_images")) {
    categories.push(withFields("two character references", "refused", { character_reference_images: fc.constant([FILE, FILE]) }));
  }
  if (has("character_reference_images", "character_reference_images_mask")) {
    categories.push(
      withFields("a mask per character reference", "some accepted", { character_reference_images: fc.constant([FILE]), character_reference_images_mask: fc.constant([FILE]) }),
      withFields("masks that do not match the character references", "refused", {
        character_reference_images: fc.constantFrom<unknown>([FILE], ABSENT),
        character_reference_images_mask: fc.constant([FILE, FILE]),
      }),
    );
  }
  // Breaks inside a nested object (image_request, color_palette).
  for (const [key, field] of Object.entries(shape)) {
    const { inner } = unwrap(field);
    if (defOf(inner).type !== "object") continue;
    for (const nested of ruleBreaks(inner)) {
      categories.push({ name: `${key}: ${nested.name}`, expect: nested.expect, sample: fc.tuple(base, nested.sample).map(([sample, value]) => ({ ...sample, [key]: value })) });
    }
  }
  memoBreaks.set(node, categories);
  return categories;
}

// ── the rules JSON Schema cannot say: which samples break them ───────────────────────────────────

const countFiles = (value: unknown) => (value === undefined ? 0 : Array.isArray(value) ? value.length : 1);
/** Each rule of `x-rules-not-in-schema`, by its words, with the test that a sample breaks it. */
const RULES_LEFT_OUT: Record<string, (params: Record<string, unknown>) => boolean> = {
  "character_reference_images_mask needs one mask per character reference image": (params) => {
    const masks = countFiles(params.character_reference_images_mask);
    return masks > 0 && masks !== countFiles(params.character_reference_images);
  },
};

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** The unexpressed rules of the component (and of the components nested in it) that the sample breaks. */
function brokenRulesLeftOut(id: string, value: unknown): string[] {
  const component = components[id];
  if (!component || !isPlainObject(value)) return [];
  const broken: string[] = [];
  for (const rule of (component[NOT_IN_SCHEMA] as string[] | undefined) ?? []) {
    const breaks = RULES_LEFT_OUT[rule];
    if (!breaks) throw new Error(`${id} lists a rule this test does not know: "${rule}"; add how a sample breaks it to RULES_LEFT_OUT`);
    if (breaks(value)) broken.push(rule);
  }
  for (const [key, property] of Object.entries((component.properties ?? {}) as Record<string, JSONObject>)) {
    const ref = typeof property.$ref === "string" ? property.$ref.slice(REF_PREFIX.length) : undefined;
    if (ref) broken.push(...brokenRulesLeftOut(ref, value[key]));
  }
  return broken;
}

// ── the comparison ───────────────────────────────────────────────────────────────────────────────

/** Components that are not made from a zod schema, or whose zod schema is not JSON (files). */
const NOT_COMPARED: Record<string, string> = {
  Error: "the API's error body, written in the document itself",
  ImageFile: "a file: bytes in the document, an uploadable value in the SDK",
  ImageFiles: "a list of files (the SDK also takes one file)",
};

const compared = [...exported.keys()].filter((name) => components[name] && !(name in NOT_COMPARED));
const objectIds = compared.filter((name) => defOf(exported.get(name)!).type === "object");

function samplesFor(node: ZodNode): fc.Arbitrary<{ category: string; value: unknown }> {
  // Samples are JSON (what a JSON Schema can be asked about): -0 becomes 0, as it would on the wire.
  const tag = (category: string) => (value: unknown) => ({ category, value: JSON.parse(JSON.stringify(value)) as unknown });
  if (defOf(node).type !== "object") {
    return fc.oneof(valid(node).map(tag("valid")), invalid(node).map(tag("invalid")));
  }
  return fc.oneof(
    { weight: 6, arbitrary: objectSamples(node, { invalid: 1, unknown: 1, missing: 1 }).map(tag("random")) },
    { weight: 3, arbitrary: valid(node).map(tag("valid values")) },
    { weight: 6, arbitrary: oneInvalidField(node).map(tag("one invalid field")) },
    ...ruleBreaks(node).map((category) => ({ weight: 1, arbitrary: category.sample.map(tag(category.name)) })),
  );
}

interface Comparison {
  /** fast-check's report when zod and the JSON Schema disagreed on a sample (shrunk), else null. */
  failure: string | null;
  /** zod's answers by sample category, for the samples compared. */
  outcomes: Map<string, { accepted: number; refused: number }>;
  /** Samples left out, by the unexpressed rule they break. */
  leftOut: Map<string, number>;
}

/** Asks zod and the JSON Schema about `numRuns` samples of the component `id`. */
function compare(id: string, validate: (value: unknown) => boolean, numRuns: number, seed?: number): Comparison {
  const schema = exported.get(id)! as unknown as z.ZodType;
  const outcomes = new Map<string, { accepted: number; refused: number }>();
  const leftOut = new Map<string, number>();
  const details = fc.check(
    fc.property(samplesFor(exported.get(id)!), ({ category, value }) => {
      const zodAccepts = schema.safeParse(value).success;
      const broken = brokenRulesLeftOut(id, value);
      if (broken.length) {
        // A known exception, left out; zod does refuse it (the rule is real, just not in the JSON Schema).
        if (zodAccepts) throw new Error(`zod accepts a sample that breaks "${broken.join('", "')}": ${JSON.stringify(value)}`);
        for (const rule of broken) leftOut.set(rule, (leftOut.get(rule) ?? 0) + 1);
        return true;
      }
      const jsonAccepts = validate(value);
      if (jsonAccepts !== zodAccepts) {
        throw new Error(`zod ${zodAccepts ? "accepts" : "refuses"} and the JSON Schema ${jsonAccepts ? "accepts" : "refuses"} (${category}): ${JSON.stringify(value)}`);
      }
      const outcome = outcomes.get(category) ?? { accepted: 0, refused: 0 };
      outcome[zodAccepts ? "accepted" : "refused"]++;
      outcomes.set(category, outcome);
      return true;
    }),
    { numRuns, ...(seed === undefined ? {} : { seed }) },
  );
  const failure = details.failed ? `${String((details.errorInstance as Error | undefined)?.message ?? "")}\n${fc.defaultReportMessage(details) ?? ""}` : null;
  return { failure, outcomes, leftOut };
}

/** A validator for a component of a changed copy of the document. */
function changedValidator(id: string, change: (schemas: Record<string, JSONObject>) => void): (value: unknown) => boolean {
  const other = new Ajv2020({ strict: false });
  addFormats(other);
  const copy = structuredClone(doc.components) as JSONObject;
  change(copy.schemas);
  other.addSchema({ $id: BASE, components: copy });
  const validate = other.getSchema(`${BASE}${REF_PREFIX}${id}`)!;
  return (value) => validate(value) as boolean;
}

const RUNS_OBJECT = 2000;
const RUNS_VALUE = 300;

describe("zod and the JSON Schema of openapi.json agree", () => {
  it("compares every component made from a zod schema, and every exported zod schema has one", () => {
    expect(new Set([...compared, ...Object.keys(NOT_COMPARED)])).toEqual(new Set(Object.keys(components)));
    expect([...exported.keys()].filter((name) => !components[name]), "openapi.json is stale: run `npx tsx scripts/build-openapi.ts`").toEqual([]);
    expect(objectIds).toEqual(expect.arrayContaining([
      "V3GenerateParams", "V3RemixParams", "V3EditParams", "V3ReplaceBackgroundParams", "V3ReframeParams",
      "LegacyGenerateParams", "LegacyRemixParams", "LegacyEditParams", "LegacyUpscaleParams", "LegacyDescribeParams",
      "LegacyImageRequest", "LegacyRemixImageRequest", "LegacyUpscaleImageRequest", "ColorPalette", "ColorPaletteMember",
      "ImageResponse", "GeneratedImage", "DescribeResponse",
    ]));
  });

  it.each(compared)("%s", (id) => {
    const isObject = defOf(exported.get(id)!).type === "object";
    const { failure, outcomes } = compare(id, jsonValidator(id), isObject ? RUNS_OBJECT : RUNS_VALUE);
    expect(failure).toBeNull();
    // Both answers were compared, every targeted break was refused, and the lawful variants accepted.
    let accepted = 0;
    let refused = 0;
    for (const outcome of outcomes.values()) {
      accepted += outcome.accepted;
      refused += outcome.refused;
    }
    expect(accepted, "samples zod accepts").toBeGreaterThan(10);
    expect(refused, "samples zod refuses").toBeGreaterThan(10);
    if (!isObject) return;
    for (const category of ruleBreaks(exported.get(id)!)) {
      const outcome = outcomes.get(category.name);
      // A category all of whose samples break a rule left out has none compared (checked below).
      if (category.expect === "refused") expect(outcome?.accepted ?? 0, `${id}: ${category.name}`).toBe(0);
      else expect(outcome?.accepted, `${id}: ${category.name}`).toBeGreaterThan(0);
    }
  });

  it("leaves out exactly the samples that break a rule listed in x-rules-not-in-schema, and each such rule is broken", () => {
    const listedBy = Object.entries(components).filter(([, component]) => ((component[NOT_IN_SCHEMA] as string[] | undefined) ?? []).length);
    const listed = new Set(listedBy.flatMap(([, component]) => component[NOT_IN_SCHEMA] as string[]));
    expect(listed.size).toBeGreaterThan(0);
    expect(new Set(Object.keys(RULES_LEFT_OUT))).toEqual(listed);
    for (const [id, component] of listedBy) {
      const { failure, leftOut } = compare(id, jsonValidator(id), RUNS_OBJECT);
      expect(failure).toBeNull();
      expect(new Set(leftOut.keys()), id).toEqual(new Set(component[NOT_IN_SCHEMA] as string[]));
      for (const [rule, count] of leftOut) expect(count, `${id}: ${rule}`).toBeGreaterThan(5);
    }
    // Such a sample: zod refuses it, the JSON Schema cannot.
    const sample = { prompt: "p", character_reference_images: [FILE], character_reference_images_mask: [FILE, FILE] };
    expect(brokenRulesLeftOut("V3GenerateParams", sample)).toEqual(["character_reference_images_mask needs one mask per character reference image"]);
    expect(schemas.V3GenerateParams.safeParse(sample).success).toBe(false);
    expect(jsonValidator("V3GenerateParams")(sample)).toBe(true);
  });

  it.each([
    ["V3GenerateParams", "without aspect_ratio/resolution exclusive", (all: Record<string, JSONObject>) => {
      all.V3GenerateParams!.allOf = all.V3GenerateParams!.allOf.filter((rule: JSONObject) => !JSON.stringify(rule).includes('"resolution"'));
    }],
    ["LegacyImageRequest", "without the rule on negative_prompt", (all: Record<string, JSONObject>) => {
      all.LegacyImageRequest!.allOf = all.LegacyImageRequest!.allOf.filter((rule: JSONObject) => !JSON.stringify(rule).includes('"negative_prompt"'));
    }],
    ["LegacyGenerateParams", "missing a legacy model", (all: Record<string, JSONObject>) => {
      all.LegacyModel!.enum = all.LegacyModel!.enum.filter((model: string) => model !== "V_2A_TURBO");
    }],
    ["LegacyRemixParams", "taking any magic_prompt_option", (all: Record<string, JSONObject>) => {
      delete all.MagicPrompt!.enum;
    }],
    ["V3ReframeParams", "with num_images up to 9", (all: Record<string, JSONObject>) => {
      all.NumImages!.maximum = 9;
    }],
    ["ColorPalette", "taking both name and members", (all: Record<string, JSONObject>) => {
      all.ColorPalette!.allOf[0] = { anyOf: all.ColorPalette!.allOf[0].oneOf };
    }],
    ["LegacyUpscaleParams", "taking unknown fields", (all: Record<string, JSONObject>) => {
      all.LegacyUpscaleImageRequest!.additionalProperties = true;
    }],
  ] as const)("the comparison finds a %s JSON Schema %s", (id, _, change) => {
    // A fixed seed, so that this check of the check does not depend on luck (the comparisons above use a new one each run).
    const { failure } = compare(id, changedValidator(id, change), 2 * RUNS_OBJECT, 20240611);
    expect(failure).not.toBeNull();
  });
});
