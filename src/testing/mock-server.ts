/**
 * A real HTTP server on 127.0.0.1 that answers like the Ideogram API (on either provider's paths): it checks
 * the Api-Key, validates every request with the SDK's schemas (400 with the API's `{ error }` shape when
 * invalid), and answers with image URLs that serve real PNG bytes at the requested resolution.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { deflateSync } from "node:zlib";
import { ValidationError } from "../core/errors";
import { validate } from "../core/validate";
import { readImageSize } from "../images/sniff";
import { endpoints, type EndpointName } from "../schemas/endpoints";
import { prepareFiles } from "../uploads/to-file";
import { fieldKinds } from "../schemas/introspect";
import { decodeRequest } from "./decode";
import { gradientPNG } from "./images";
import { answer, type MockImage } from "./responses";

export interface MockServerOptions {
  /** Port to listen on; default: a free one. */
  port?: number;
  /** When set, requests must carry exactly this Api-Key (401 otherwise); any non-empty key is accepted by default. */
  apiKey?: string;
  /** Milliseconds to wait before answering an API call. */
  latency?: number;
}

export interface RecordedRequest {
  endpoint: EndpointName;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The params decoded from the wire (files as `File`s). */
  params: Record<string, unknown>;
}

export interface MockServer {
  baseURL: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const ROUTES = new Map(Object.entries(endpoints).map(([name, definition]) => [definition.path, name as EndpointName]));

export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const requests: RecordedRequest[] = [];
  const images = new Map<string, MockImage>();
  const sockets = new Set<Socket>();
  let counter = 0;
  let baseURL = "";

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 500, { error: `mock server error: ${String(error)}` }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", baseURL);
    const image = /^\/images\/([\w-]+)\.png$/.exec(url.pathname);
    if (req.method === "GET" && image) return serveImage(res, images.get(image[1]!));
    const endpoint = (ROUTES as Map<string, EndpointName>).get(url.pathname.replace(/^\/ideogram(?=\/)/, ""));
    if (!endpoint || req.method !== "POST") return send(res, 404, { error: `No endpoint at ${req.method} ${url.pathname}` });

    const body = await readBody(req);
    const headers = Object.fromEntries(Object.entries(req.headers).map(([key, value]) => [key, String(value)]));
    const key = headers["api-key"];
    if (!key || (options.apiKey !== undefined && key !== options.apiKey)) {
      return send(res, 401, { error: "Not authorized: a valid Api-Key header is required." });
    }
    const request = new Request(url, { method: "POST", headers: { "content-type": headers["content-type"] ?? "" }, body: new Uint8Array(body) });
    let params: Record<string, unknown>;
    try {
      params = await decodeRequest(endpoint, request);
    } catch (error) {
      return send(res, 400, { error: `Could not read the request body: ${String(error)}` });
    }
    requests.push({ endpoint, method: "POST", path: url.pathname, headers, params });
    let inputSize: { width: number; height: number } | undefined;
    try {
      validate(endpoints[endpoint].params, params, endpoint);
      const kinds = fieldKinds(endpoints[endpoint].params);
      const files = Object.entries(params)
        .filter(([field]) => kinds[field]?.item === "file")
        .flatMap(([field, value]) => (Array.isArray(value) ? value : [value]).map((file, index) => ({ field, path: `${field}.${index}`, value: file as File })));
      const prepared = await prepareFiles(files, endpoint);
      const input = prepared.find((file) => file.field === "image" || file.field === "image_file");
      if (input) inputSize = readImageSize(new Uint8Array(await input.file.slice(0, 65536).arrayBuffer()));
    } catch (error) {
      if (error instanceof ValidationError) return send(res, 400, { error: error.message });
      throw error;
    }
    if (options.latency) await new Promise((resolve) => setTimeout(resolve, options.latency));
    const result = answer(endpoint, params, {
      inputSize,
      nextId: () => `mock-${++counter}`,
      imageURL: (made) => `${baseURL}/images/${made.id}.png`,
    });
    for (const made of result.images) images.set(made.id, made);
    send(res, 200, result.body);
  }

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    baseURL,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function serveImage(res: ServerResponse, image: MockImage | undefined): Promise<void> {
  if (!image) return send(res, 404, { error: "Image not found (mock image links last as long as the server)." });
  const png = await gradientPNG(image.width, image.height, image.seed, (raw) => deflateSync(raw));
  res.writeHead(200, { "content-type": "image/png", "content-length": String(png.byteLength) });
  res.end(png);
}

function send(res: ServerResponse, status: number, body: unknown): void {
  if (res.headersSent) return void res.end();
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
