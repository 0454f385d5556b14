import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { videoPropsSchema } from "../../src/compositions/schema";
import { loadConfig } from "../../src/config";
import { ensureBundle, renderVideo } from "../../src/pipeline/render";

/** The inodes of the sockets this process holds open. */
function ownSocketInodes(): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(
        readlinkSync(`/proc/self/fd/${fd}`),
      );
      if (match) inodes.add(match[1]);
    } catch {
      // The descriptor closed between listing and reading it.
    }
  }
  return inodes;
}

/** /proc/net/tcp* write each 32-bit word of an address in host (little-endian) byte order. */
function decodeAddress(hex: string): string {
  const bytes: number[] = [];
  for (let word = 0; word < hex.length; word += 8) {
    const chunk = hex.slice(word, word + 8);
    for (let i = 6; i >= 0; i -= 2)
      bytes.push(parseInt(chunk.slice(i, i + 2), 16));
  }
  if (bytes.length === 4) return bytes.join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2)
    groups.push(((bytes[i] << 8) | bytes[i + 1]).toString(16));
  return groups.join(":");
}

const LISTEN = "0A";

/** Addresses this process listens on, e.g. "127.0.0.1" or "0:0:0:0:0:0:0:1". */
function ownListeners(): string[] {
  const inodes = ownSocketInodes();
  const found: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10) continue;
      const [, local, , state] = fields;
      if (state === LISTEN && inodes.has(fields[9]))
        found.push(decodeAddress(local.split(":")[0]));
    }
  }
  return found;
}

const isLoopback = (address: string) =>
  address.startsWith("127.") || address === "0:0:0:0:0:0:0:1";

describe("Remotion's render server", () => {
  let serveUrl: string;
  let dir: string;
  beforeAll(async () => {
    const config = loadConfig();
    serveUrl = await ensureBundle({
      homeDir: config.homeDir,
      mediaDir: config.mediaDir,
    });
    dir = await mkdtemp(path.join(tmpdir(), "rw-render-server-"));
  }, 300_000);

  const seen = new Set<string>();
  let poller: NodeJS.Timeout | undefined;
  afterAll(() => clearInterval(poller));

  it("listens on loopback only while a render runs", async () => {
    const before = ownListeners();
    poller = setInterval(() => {
      for (const address of ownListeners()) seen.add(address);
    }, 20);
    const props = videoPropsSchema.parse(
      JSON.parse(await readFile("public/sample/tiktok.json", "utf8")),
    );
    const probe = await renderVideo({
      serveUrl,
      props,
      outFile: path.join(dir, "tiktok.mp4"),
      scale: 0.25,
      frameRange: [0, 29],
    });
    clearInterval(poller);
    expect(probe.video?.codec).toBe("h264");

    expect(before).toEqual([]);
    expect([...seen].filter((address) => !isLoopback(address))).toEqual([]);
    expect([...seen].filter(isLoopback).length).toBeGreaterThan(0);
  });
});
