/**
 * A real HTTP server on 127.0.0.1 that answers like the Ideogram API on either provider's paths. It only
 * turns node:http messages into web Requests and Responses; `./core` does the rest (as for msw).
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createMockAPI, type MockBehaviour, type MockControls } from "./core";

export interface MockServerOptions extends MockBehaviour {
  /** Port to listen on; default: a free one. */
  port?: number;
}

export interface MockServer extends MockControls {
  /** `http://127.0.0.1:<port>`: give it to the client as `baseURL` (with or without `/ideogram`). */
  baseURL: string;
  /** Stops the server, dropping open connections and calls still waiting out their latency. */
  close(): Promise<void>;
}

export async function createMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 0, ...behaviour } = options;
  const api = createMockAPI(behaviour);
  const sockets = new Set<Socket>();
  let baseURL = "";

  const server = createServer((req, res) => {
    // A client that goes away (or close()) aborts the request, so its latency is not waited out.
    const controller = new AbortController();
    res.on("close", () => controller.abort());
    toRequest(req, baseURL, controller.signal)
      .then((request) => api.handle(request))
      .then((response) => write(res, response))
      .catch((error: unknown) => write(res, Response.json({ error: `mock server error: ${String(error)}` }, { status: 500 })));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    ...api.controls,
    baseURL,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

async function toRequest(req: IncomingMessage, baseURL: string, signal: AbortSignal): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers.set(name, String(value));
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", baseURL), {
    method: req.method ?? "GET",
    headers,
    body: hasBody ? Buffer.concat(chunks) : null,
    signal,
  });
}

async function write(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  if (res.headersSent || res.destroyed) return void res.end();
  res.writeHead(response.status, { ...Object.fromEntries(response.headers), "content-length": String(body.byteLength) });
  res.end(body);
}
