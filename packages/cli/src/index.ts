// pim-audit's programmatic door is its command line; this re-exports oclif's runner for embedding.
export { run } from "@oclif/core";
export { toolVersion } from "./lib/version.js";
