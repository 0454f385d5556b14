import { build } from "esbuild";
import { describe, expect, it } from "vitest";

/**
 * The modules the app's pages import for values (not only types) must bundle for the browser:
 * no Node built-in anywhere in what they pull in. `server-only` cannot guard this here (its
 * default export throws, and the CLI and worker load the same Node-only modules under tsx), so
 * this test bundles each entry as Next.js would for the client and fails on any Node import.
 */
const BROWSER_ENTRIES = [
  "src/core/end-card.ts",
  "src/core/music.ts",
  "src/core/narration.ts",
  "src/core/priorities.ts",
  "src/core/statuses.ts",
  "src/core/uploads.ts",
  "src/core/video-types.ts",
  "src/api/operations/index.ts",
  "src/pipeline/compose/index.ts",
  "src/ui/assets.ts",
  "src/ui/settings/useSettings.ts",
  "src/ui/data.ts",
];

const bundle = (entry: string) =>
  build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    platform: "browser",
    format: "esm",
    logLevel: "silent",
    alias: { "@": "." },
    // React and the Remotion packages are the app's own browser dependencies.
    external: ["react", "react-dom", "remotion", "@remotion/*", "swr"],
  });

describe("the modules the browser imports", () => {
  it.each(BROWSER_ENTRIES)("%s bundles without Node", async (entry) => {
    const result = await bundle(entry);
    expect(result.errors).toEqual([]);
  });

  it("a module that reaches Node is refused", async () => {
    await expect(bundle("src/pipeline/music/index.ts")).rejects.toThrow(
      /node:fs/,
    );
  });
});
