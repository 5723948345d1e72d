/**
 * A real HTTP server on 127.0.0.1 that records every request (raw bytes included) and answers with a
 * handler the test sets. Tests close it in afterEach/afterAll.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

export interface CapturedRequest {
  method: string;
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  /** The body parsed as multipart: one entry per part, in order. */
  parts(): Part[];
  json(): unknown;
}

export interface Part {
  name: string;
  filename?: string;
  contentType?: string;
  /** The part's headers exactly as sent. */
  rawHeaders: string;
  data: Buffer;
  text: string;
}

export type Handler = (request: CapturedRequest, res: ServerResponse, raw: IncomingMessage) => void | Promise<void>;

export interface CaptureServer {
  baseURL: string;
  requests: CapturedRequest[];
  /** Replace how the server answers. */
  handle(handler: Handler): void;
  close(): Promise<void>;
}

export const IMAGE_RESPONSE = {
  created: "2000-01-23T04:56:07Z",
  data: [
    {
      prompt: "A serene tropical beach scene.",
      resolution: "1024x1024",
      is_image_safe: true,
      seed: 12345,
      url: "https://ideogram.ai/api/images/direct/8YEpFzHuS-S6xXEGmCsf7g",
      style_type: "REALISTIC",
    },
  ],
};

export const DESCRIBE_RESPONSE = { descriptions: [{ text: "A cat." }, { text: "A striped cat." }] };

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}

export const LAYERIZE_RESPONSE = {
  base_image_url: "https://ideogram.ai/api/images/ephemeral/base.png",
  original_image_url: null,
  seed: 7,
  text_blocks: [{ x: 10, y: 20, width: 300, height: 40, text: "SALE", alignment: "center", formatting: ["bold"] }],
};

export const REMOVE_BACKGROUND_RESPONSE = {
  created: "2000-01-23T04:56:07Z",
  data: [{ url: "https://ideogram.ai/api/images/ephemeral/cutout.png", is_image_safe: true }],
};

/** Answers like the API: the response shape of the endpoint at the request's path. */
export const answerLikeTheAPI: Handler = (request, res) => {
  const path = request.url.split("?")[0]!;
  if (path.endsWith("/describe")) return json(res, 200, DESCRIBE_RESPONSE);
  if (path.endsWith("/layerize-text")) return json(res, 200, LAYERIZE_RESPONSE);
  if (path.endsWith("/remove-background")) return json(res, 200, REMOVE_BACKGROUND_RESPONSE);
  json(res, 200, IMAGE_RESPONSE);
};

export async function startCaptureServer(handler: Handler = answerLikeTheAPI): Promise<CaptureServer> {
  let current = handler;
  const requests: CapturedRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the client went away mid-body
    }
    const body = Buffer.concat(chunks);
    const captured: CapturedRequest = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body,
      parts: () => parseMultipart(body, String(req.headers["content-type"] ?? "")),
      json: () => JSON.parse(body.toString("utf8")),
    };
    requests.push(captured);
    try {
      await current(captured, res, req);
    } catch (error) {
      if (!res.headersSent) json(res, 500, { error: String(error) });
    }
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A strict multipart parser for assertions: it checks the framing byte by byte. */
export function parseMultipart(body: Buffer, contentType: string): Part[] {
  const boundary = /boundary=([^;]+)/.exec(contentType)?.[1];
  if (!boundary) throw new Error(`not multipart: ${contentType}`);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let position = body.indexOf(delimiter);
  if (position !== 0) throw new Error("body does not start with the boundary");
  for (;;) {
    position += delimiter.length;
    if (body.subarray(position, position + 2).toString() === "--") break; // closing delimiter
    if (body.subarray(position, position + 2).toString() !== "\r\n") throw new Error("missing CRLF after boundary");
    position += 2;
    const headerEnd = body.indexOf("\r\n\r\n", position);
    const rawHeaders = body.subarray(position, headerEnd).toString("utf8");
    const next = body.indexOf(Buffer.concat([Buffer.from("\r\n"), delimiter]), headerEnd + 4);
    if (next < 0) throw new Error("unterminated part");
    const data = body.subarray(headerEnd + 4, next);
    const disposition = /content-disposition: form-data; name="([^"]*)"(?:; filename="([^"]*)")?/i.exec(rawHeaders);
    if (!disposition) throw new Error(`bad part headers: ${rawHeaders}`);
    const contentTypeHeader = /content-type: (.+)/i.exec(rawHeaders)?.[1];
    parts.push({
      name: disposition[1]!,
      ...(disposition[2] !== undefined ? { filename: disposition[2] } : {}),
      ...(contentTypeHeader ? { contentType: contentTypeHeader.trim() } : {}),
      rawHeaders,
      data,
      text: data.toString("utf8"),
    });
    position = next + 2;
  }
  return parts;
}
