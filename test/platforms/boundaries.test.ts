import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../../src/platforms");

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? sources(path.join(dir, entry.name))
        : [path.join(dir, entry.name)],
    ),
  );
  return nested.flat().filter((file) => file.endsWith(".ts"));
}

/** The modules a file imports, resolved against its folder (bare names as written). */
async function importsOf(file: string) {
  const text = await readFile(file, "utf8");
  return [...text.matchAll(/^(?:import|export)[^;]*?from\s+"([^"]+)"/gms)].map(
    ([, spec]) =>
      spec.startsWith(".") ? path.resolve(path.dirname(file), spec) : spec,
  );
}

describe("src/platforms", () => {
  it("holds every platform's adapter and no database access", async () => {
    const files = await sources(root);
    expect(files.length).toBeGreaterThan(20);
    const src = path.resolve(root, "..");
    const offending = [];
    for (const file of files)
      for (const target of await importsOf(file))
        if (
          target.startsWith(path.join(src, "db")) ||
          target.startsWith(path.join(src, "services"))
        )
          offending.push(`${path.relative(src, file)} imports ${target}`);
    expect(offending).toEqual([]);
  });

  it("keeps the limits table free of imports, for the browser", async () => {
    expect(await importsOf(path.join(root, "limits.ts"))).toEqual([]);
  });
});
