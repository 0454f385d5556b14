import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  // The `@/` imports of the Next.js app resolve from the repository root, as in tsconfig.json.
  resolve: {
    alias: [
      {
        find: /^@\//,
        replacement: fileURLToPath(new URL("./", import.meta.url)),
      },
    ],
  },
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Renders saturate both cores: test files run one at a time.
    fileParallelism: false,
    env: { LOG_LEVEL: "silent" },
    globalSetup: ["test/global-setup.ts"],
  },
});
