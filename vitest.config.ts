import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // The suite runs the built CLI too: no cache of validated policies, so each run computes what it checks
    // (tests/policy-cache.test.ts tests the cache in folders of its own).
    env: { LEADRULES_CACHE: "off" },
    // Validated fixture sets (validSet) are shared between test files through a folder of this run.
    globalSetup: ["tests/helpers/global-setup.ts"],
  },
});
