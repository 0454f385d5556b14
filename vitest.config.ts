import { defineConfig } from "vitest/config";

export default defineConfig({
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
