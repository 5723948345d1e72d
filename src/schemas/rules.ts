/**
 * Rules between fields. Each rule is a small function; `refineAll` runs them all so that a ValidationError
 * lists every problem at once. Rules read the raw params defensively: other fields may be invalid too.
 */
import type { z } from "zod";

export type Params = Record<string, unknown>;
/** Report a problem with the field at `path` (relative to the object the rule checks). */
export type Issue = (path: string, message: string) => void;
export type Rule = (params: Params, issue: Issue) => void;

export function refineAll<T extends z.ZodType>(schema: T, rules: Rule[]): T {
  if (!rules.length) return schema;
  return schema.superRefine(
    (value, ctx) => {
      for (const rule of rules) {
        rule(value as Params, (path, message) => ctx.addIssue({ code: "custom", path: path ? path.split(".") : [], message }));
      }
    },
    // Run even when a field failed, so that one ValidationError lists every problem.
    { when: isObject },
  ) as unknown as T;
}

export function exclusive(a: string, b: string): Rule {
  return (params, issue) => {
    if (params[a] !== undefined && params[b] !== undefined) issue(b, `cannot be used together with ${a}: give one of them`);
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
