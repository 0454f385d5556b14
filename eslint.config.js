import { makeConfig } from "@remotion/eslint-config-flat";

export default [
  {
    ignores: [
      "node_modules/",
      "out/",
      "data/",
      ".reelwright/",
      "coverage/",
      "bin/",
      ".next/",
      "next-env.d.ts",
    ],
  },
  // Remotion's rules for the compositions, TypeScript's recommended rules everywhere.
  ...makeConfig({ remotionDir: ["src/compositions/**"] }),
  {
    // `transition` here is a props field, not a CSS transition.
    files: ["src/compositions/schema.ts"],
    rules: { "@remotion/non-pure-animation": "off" },
  },
];
