#!/usr/bin/env node
// The CLI is TypeScript; tsx compiles it on the fly so the bin works from a plain clone.
import { register } from "tsx/esm/api";

register();
await import("../src/cli/index.ts");
