/**
 * Params are checked with the endpoint's zod schema before anything is sent; zod's issues become one
 * ValidationError whose lines name each field by its wire path and say what is allowed.
 */
import type { z } from "zod";
import { fieldKinds } from "../schemas/introspect";
import { isUploadable } from "../uploads/uploadable";
import { ValidationError, type ValidationIssue } from "./errors";

export function validate<S extends z.ZodType>(schema: S, params: unknown, endpoint?: string): z.output<S> {
  // Without options first: a successful zod parse given any options (`reportInput`) is 2-3 times slower
  // (docs/benchmarks.md). Only a failure is parsed again, with the inputs its messages quote.
  const result = schema.safeParse(params);
  if (result.success) return result.data;
  const detailed = schema.safeParse(params, { reportInput: true });
  const issues = detailed.success ? result.error.issues : detailed.error.issues;
  throw new ValidationError(issues.flatMap((issue) => describeIssue(issue, schema, params)), endpoint);
}

type ZodIssue = z.core.$ZodIssue & { input?: unknown };

function describeIssue(issue: ZodIssue, schema: z.ZodType, root: unknown): ValidationIssue[] {
  const path = issue.path.map(String).join(".");
  const got = shown(issue.input);
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return [{ path, message: "is required" }];
      if (issue.expected === "int" || (issue.expected === "number" && typeof issue.input === "number")) {
        return [{ path, message: `must be a whole number (got ${got})` }];
      }
      return [{ path, message: issue.message.startsWith("Invalid input") ? `must be ${article(issue.expected)} (got ${got})` : `${issue.message} (got ${got})` }];
    case "invalid_value": {
      const allowed = issue.values.map(String);
      if (issue.input === undefined) return [{ path, message: `is required: one of ${allowed.join(", ")}` }];
      const hint = typeof issue.input === "string" ? closest(issue.input, allowed) : undefined;
      const suggestion = hint ? ` Did you mean "${hint}"?` : "";
      return [{ path, message: `must be one of: ${allowed.join(", ")} (got ${got}).${suggestion}` }];
    }
    case "too_big":
    case "too_small": {
      const bound = issue.code === "too_big" ? issue.maximum : issue.minimum;
      const word = issue.code === "too_big" ? (issue.inclusive ? "at most" : "less than") : issue.inclusive ? "at least" : "more than";
      if (issue.origin === "array") return [{ path, message: `must have ${word} ${bound} item${bound === 1 ? "" : "s"} (got ${countOf(issue.input)})` }];
      if (issue.origin === "string") {
        return [{ path, message: Number(bound) === 1 && word === "at least" ? "must not be empty" : `must be ${word} ${bound} characters long` }];
      }
      return [{ path, message: `must be ${word} ${bound} (got ${got})` }];
    }
    case "unrecognized_keys": {
      const known = knownKeys(schema, issue.path);
      const files = known.filter((key) => fieldKinds(objectAt(schema, issue.path) as z.ZodType)[key]?.item === "file");
      return issue.keys.map((key) => {
        // A file under a wrong name is most likely meant for a file field (`image` → `image_file`).
        const value = (issue.input as Record<string, unknown> | undefined)?.[key];
        const isFile = isUploadable(value) && typeof value !== "string";
        const hint = (isFile && files.length ? closest(key, files) : undefined) ?? closest(key, known);
        const suggestion = hint ? ` Did you mean "${hint}"?` : "";
        return {
          path: path ? `${path}.${key}` : key,
          message: `is not a field of ${path ? path.replace(/\.\d+$/, "") : "this endpoint"}.${suggestion} Allowed: ${known.join(", ")}`,
        };
      });
    }
    case "invalid_union": {
      // The branch that matched the input's kind (a list, for a list of files) says what is wrong inside it.
      const branches = (issue as { errors?: ZodIssue[][] }).errors ?? [];
      const inside = (inner: ZodIssue) => inner.path.length > 0 || inner.code === "too_big" || inner.code === "too_small";
      const telling = branches.find((branch) => branch.length && branch.every(inside));
      if (telling) {
        return telling.flatMap((inner) => describeIssue({ ...inner, path: [...issue.path, ...inner.path] } as ZodIssue, schema, root));
      }
      if (issue.input === undefined) return [{ path, message: "is required" }];
      return [{ path, message: issue.message === "Invalid input" ? `is not valid here (got ${got})` : issue.message }];
    }
    default:
      if (issue.input === undefined && issue.code !== "custom") return [{ path, message: "is required" }];
      if (issue.input === undefined && path && !issue.path.some((key) => typeof key === "number")) {
        return [{ path, message: `is required (${issue.message})` }];
      }
      return [{ path, message: issue.message }];
  }
}

/** The keys of the (strict) object found at `path` in the schema, for "did you mean" and the allowed list. */
function knownKeys(schema: z.ZodType, path: PropertyKey[]): string[] {
  const shape = (objectAt(schema, path) as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** The object schema found at `path`, through optional wrappers and list elements. */
function objectAt(schema: z.ZodType, path: PropertyKey[]): unknown {
  let node: unknown = schema;
  for (const key of path) {
    node = unwrap(node);
    if (typeof key === "number") continue; // an index into a list: unwrap went into its element already
    node = (node as { shape?: Record<string, unknown> }).shape?.[String(key)];
  }
  return unwrap(node);
}

/** Through optional/default wrappers and into array elements, to the object that holds the keys. */
function unwrap(node: unknown): unknown {
  let current = node as { def?: { innerType?: unknown; element?: unknown; type?: string } } | undefined;
  while (current?.def?.innerType || current?.def?.type === "array") {
    current = (current.def.innerType ?? current.def.element) as typeof current;
  }
  return current;
}

/**
 * The closest allowed value: the same letters and digits (`aspect_16_10` → `ASPECT_16_10`), the same numbers
 * (`16:9` → `16x9`, `1024x1024` → `RESOLUTION_1024_1024`), one name inside the other (`image` →
 * `image_file`), or a small edit distance.
 */
export function closest(input: string, options: string[]): string | undefined {
  const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");
  const numbers = (text: string) => text.match(/\d+/g)?.join(",") ?? "";
  const squashed = squash(input);
  const exact = options.find((option) => squash(option) === squashed);
  if (exact) return exact;
  if (numbers(input)) {
    const sameNumbers = options.filter((option) => numbers(option) === numbers(input));
    if (sameNumbers.length === 1) return sameNumbers[0];
  }
  // A typo: a small edit distance (`negativ_prompt` → `negative_prompt`).
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(input.length / 3)) + 1;
  for (const option of options) {
    const distance = editDistance(input.toLowerCase(), option.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [option, distance];
  }
  if (best) return best;
  if (squashed.length >= 4) {
    const containing = options.filter((option) => squash(option).includes(squashed));
    if (containing.length === 1) return containing[0];
    // The longest name inside the input: `magic_prompt_option` → `magic_prompt`, not `prompt`.
    const contained = options.filter((option) => squash(option).length >= 4 && squashed.includes(squash(option)));
    if (contained.length && !containing.length) return contained.sort((a, b) => b.length - a.length)[0];
  }
  return undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function shown(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint" || value === null) return String(value);
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return `a ${(value as object).constructor?.name ?? "value"}`;
}

function countOf(value: unknown): string {
  return Array.isArray(value) ? String(value.length) : shown(value);
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}
