// Writes oclif.manifest.json so that --help, --version and command lookup read one JSON file
// instead of importing every command module at start-up.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Plugin } from "@oclif/core";

const root = fileURLToPath(new URL("..", import.meta.url));
const plugin = new Plugin({ root, type: "core", ignoreManifest: true, errorOnManifestCreate: true, isRoot: true });
await plugin.load();
writeFileSync(new URL("../oclif.manifest.json", import.meta.url), `${JSON.stringify(plugin.manifest, null, 2)}\n`);
