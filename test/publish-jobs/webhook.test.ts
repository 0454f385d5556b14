import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { schema } from "../../src/db";
import { webhookHandler } from "../../src/jobs/handlers/webhook";
import { SIGNATURE_HEADER, verifyWebhook } from "../../src/services/webhooks";
import { attempt, setUpPublishWorld } from "./world";

const world = setUpPublishWorld();
const SECRET = "a-webhook-secret-of-some-length";
const received: Array<{ body: string; signature: string }> = [];
let server: Server;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({
        body,
        signature: String(request.headers[SIGNATURE_HEADER]),
      });
      response.writeHead(received.length === 1 ? 500 : 204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  // The receiver listens on loopback: allowed by host and port, as an operator would.
  world.context.config = loadConfig({
    ...world.env,
    REELWRIGHT_ALLOW_PRIVATE_FETCH_HOSTS: `127.0.0.1:${port}`,
  });
  await world.database.db
    .update(schema.sites)
    .set({
      settings: {
        webhookUrl: `http://127.0.0.1:${port}/hook`,
        webhookSecret: SECRET,
      },
    })
    .where(eq(schema.sites.id, world.siteId));
});

afterAll(() => new Promise((resolve) => server?.close(resolve)));

it("delivers a signed event from the job's database, throwing on a refusal so the queue retries", async () => {
  const payload = {
    siteId: world.siteId,
    event: "render.completed",
    data: { rendered_video_id: 7 },
  };
  await expect(
    webhookHandler(payload, attempt(), world.context),
  ).rejects.toThrow(/answered 500/);
  await expect(
    webhookHandler(payload, attempt(1), world.context),
  ).resolves.toEqual({ delivered: true, status: 204 });
  expect(received).toHaveLength(2);
  const last = received[1];
  expect(verifyWebhook(last.body, last.signature, SECRET)).toBe(true);
  expect(JSON.parse(last.body)).toMatchObject({
    event: "render.completed",
    site_id: world.siteId,
  });
});

it("refuses a webhook URL naming the same receiver by a spelling the operator did not allow", async () => {
  const { port } = server.address() as AddressInfo;
  const before = received.length;
  await world.database.db
    .update(schema.sites)
    .set({
      settings: {
        webhookUrl: `http://localhost:${port}/hook`,
        webhookSecret: SECRET,
      },
    })
    .where(eq(schema.sites.id, world.siteId));
  await expect(
    webhookHandler(
      { siteId: world.siteId, event: "render.completed", data: {} },
      attempt(),
      world.context,
    ),
  ).rejects.toThrow(
    /refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address/,
  );
  expect(received).toHaveLength(before);
});
