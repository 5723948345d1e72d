/**
 * From an endpoint name and params to the exact HTTP request: validate, read the files, encode the body.
 * Both the client's calls and `buildRequest` go through `prepareRequest`, so they cannot differ.
 */
import { endpoints, type EndpointName } from "../schemas/endpoints";
import { fieldKinds } from "../schemas/introspect";
import type { Uploadable } from "../uploads/uploadable";
import { checkMask } from "../images/mask";
import { prepareFiles, type FileInput, type PreparedFile } from "../uploads/to-file";
import { ValidationError } from "./errors";
import { encodeMultipart, textParts } from "./multipart";
import { validate } from "./validate";

export interface PreparedRequest {
  endpoint: EndpointName;
  method: string;
  url: string;
  headers: Headers;
  /**
   * A string (JSON) or a Blob (multipart in memory), both sent again as they are on a retry; or, when a file
   * is read from disk, a function that gives a fresh stream for each attempt.
   */
  body: Blob | string | (() => ReadableStream<Uint8Array>);
  /** The validated params, for pricing. */
  params: Record<string, unknown>;
}

export interface RequestTarget {
  baseURL: string;
  apiKey?: string | undefined;
  headers?: HeadersInit | undefined;
}

export async function prepareRequest(endpoint: EndpointName, params: unknown, target: RequestTarget): Promise<PreparedRequest> {
  const definition = endpoints[endpoint];
  if (!definition) {
    throw new ValidationError([{ path: "", message: `unknown endpoint "${String(endpoint)}"; endpoints: ${Object.keys(endpoints).join(", ")}` }]);
  }
  validate(definition.params, params, endpoint);
  // The params as the user wrote them (same values, the user's key order), plus parts the API always needs.
  const given = { ...(params as Record<string, unknown>) };
  for (const [key, value] of Object.entries(("alwaysSent" in definition && definition.alwaysSent) || {})) {
    if (given[key] === undefined) given[key] = value;
  }

  const headers = new Headers(target.headers);
  if (target.apiKey) headers.set("Api-Key", target.apiKey);
  let body: PreparedRequest["body"];
  if (definition.body === "json") {
    body = JSON.stringify(given);
    headers.set("Content-Type", "application/json");
  } else {
    const fileFields = new Set(Object.entries(fieldKinds(definition.params)).filter(([, kind]) => kind.item === "file").map(([name]) => name));
    const files = await prepareFiles(fileInputs(given, fileFields), endpoint);
    const maskOf = "maskOf" in definition ? definition.maskOf : undefined;
    if (maskOf) await checkMaskField(files, maskOf, endpoint);
    const multipart = encodeMultipart(textParts(given, fileFields), files);
    body = multipart.body;
    headers.set("Content-Type", multipart.contentType);
    // A Blob's length is sent by fetch itself; a stream needs it said, so the body has a fixed length.
    if (typeof body === "function" && multipart.contentLength !== undefined) headers.set("Content-Length", String(multipart.contentLength));
  }
  return { endpoint, method: definition.method, url: joinURL(target.baseURL, definition.path), headers, body, params: given };
}

async function checkMaskField(files: PreparedFile[], imageField: string, endpoint: string): Promise<void> {
  const mask = files.find((file) => file.field === "mask");
  const image = files.find((file) => file.field === imageField);
  if (!mask || !image) return;
  const issues = await checkMask(mask.file, image.file, { mask: mask.path, image: image.path });
  if (issues.length) throw new ValidationError(issues, endpoint);
}

/** Every file in the params, in order; a list field gives one entry per file. */
function fileInputs(params: Record<string, unknown>, fileFields: Set<string>): FileInput[] {
  const inputs: FileInput[] = [];
  for (const [field, value] of Object.entries(params)) {
    if (!fileFields.has(field) || value === undefined) continue;
    if (Array.isArray(value)) value.forEach((item, index) => inputs.push({ field, path: `${field}.${index}`, value: item as Uploadable }));
    else inputs.push({ field, path: field, value: value as Uploadable });
  }
  return inputs;
}

export function joinURL(baseURL: string, path: string): string {
  return `${baseURL.replace(/\/+$/, "")}${path}`;
}

/** The standard Request for a prepared one (for `buildRequest`, and for fetch implementations that want one). */
export function toRequest(prepared: PreparedRequest, signal?: AbortSignal): Request {
  return new Request(prepared.url, { method: prepared.method, headers: prepared.headers, ...bodyInit(prepared), signal: signal ?? null });
}

/** The body for one attempt: a stream body is made anew (and needs `duplex: "half"` in fetch). */
export function bodyInit(prepared: PreparedRequest): { body: BodyInit; duplex?: "half" } {
  return typeof prepared.body === "function" ? { body: prepared.body(), duplex: "half" } : { body: prepared.body };
}
