/**
 * Testing your own code against the mock Ideogram API, with node:test: nothing here reaches the real API
 * or costs anything. `makePoster` stands for your code. Run it with
 * `node --import tsx --test examples/testing/node-test.example.test.ts`.
 */
import assert from "node:assert/strict";
import { after, afterEach, before, test } from "node:test";
import { APITimeoutError, Ideogram, RateLimitError } from "ideogram-sdk";
import { createMockServer, type MockServer } from "ideogram-sdk/testing";
import { makePoster } from "./poster";

let mock: MockServer;
before(async () => {
  mock = await createMockServer();
});
afterEach(() => mock.reset()); // each test starts with a healthy server and no recorded requests
after(() => mock.close());
const client = (options = {}) => new Ideogram({ apiKey: "test-key", baseURL: mock.baseURL, ...options });

test("makes a poster", async () => {
  const poster = await makePoster(client(), "Summer Fair");
  assert.equal(poster.png.type, "image/png");
  assert.equal(mock.requests[0]?.params.prompt, 'A poster titled "Summer Fair"');
});

test("gives up on an API slower than the timeout", async () => {
  mock.configure({ latency: 1000 });
  await assert.rejects(makePoster(client({ timeout: 100, maxRetries: 0 }), "Summer Fair"), APITimeoutError);
});

test("says so when the safety check withholds the poster", async () => {
  mock.configure({ unsafe: true });
  await assert.rejects(makePoster(client(), "Summer Fair"), /withheld/);
});

test("gives up on a long rate limit instead of waiting", async () => {
  mock.fail({ status: 429, retryAfter: 120 });
  await assert.rejects(makePoster(client(), "Summer Fair"), (error) => error instanceof RateLimitError && error.retryAfter === 120);
});
