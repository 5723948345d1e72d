/**
 * Rules between fields. Each rule is written once: the check that zod runs (so that one ValidationError
 * lists every problem) and, where JSON Schema can say it, the same rule as a JSON Schema fragment, which
 * `refineAll` puts in the schema's metadata so that the JSON Schema and OpenAPI output carry it too.
 */
import type { z } from "zod";

export type Params = Record<string, unknown>;
/** Report a problem with the field at `path` (relative to the object the rule checks). */
export type Issue = (path: string, message: string) => void;

export interface Rule {
  /** The rule in words, for documents (and for those JSON Schema cannot express). */
  says: string;
  check: (params: Params, issue: Issue) => void;
  /** The same rule in JSON Schema, when it can be said there. */
  jsonSchema?: Record<string, unknown>;
}

/** Key of the schema metadata listing the rules JSON Schema cannot express. */
export const UNEXPRESSED_RULES = "x-rules-not-in-schema";

export function refineAll<T extends z.ZodType>(schema: T, rules: Rule[]): T {
  if (!rules.length) return schema;
  const expressed = rules.flatMap((rule) => (rule.jsonSchema ? [rule.jsonSchema] : []));
  const unexpressed = rules.filter((rule) => !rule.jsonSchema).map((rule) => rule.says);
  return schema
    .superRefine(
      (value, ctx) => {
        for (const rule of rules) {
          rule.check(value as Params, (path, message) => ctx.addIssue({ code: "custom", path: path ? path.split(".") : [], message }));
        }
      },
      // Run even when a field failed, so that one ValidationError lists every problem.
      { when: isObject },
    )
    .meta({ ...(expressed.length ? { allOf: expressed } : {}), ...(unexpressed.length ? { [UNEXPRESSED_RULES]: unexpressed } : {}) }) as unknown as T;
}

/** `a` and `b` exclude each other; the problem is reported on `reportOn` (default `b`). */
export function exclusive(a: string, b: string, reportOn: string = b): Rule {
  const other = reportOn === b ? a : b;
  return {
    says: `${a} and ${b} cannot be used together`,
    check: (params, issue) => {
      if (params[a] !== undefined && params[b] !== undefined) issue(reportOn, `cannot be used together with ${other}: give one of them`);
    },
    jsonSchema: { not: { required: [a, b] } },
  };
}

/** How many files a file field holds (a single file or a list). */
export function countFiles(value: unknown): number {
  if (value === undefined) return 0;
  return Array.isArray(value) ? value.length : 1;
}

export function isObject(payload: { value: unknown }): boolean {
  return typeof payload.value === "object" && payload.value !== null && !Array.isArray(payload.value);
}
