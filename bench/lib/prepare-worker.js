// Writes an enlarged copy of a cached snapshot (see enlarge.js), in its own process to keep the runner small.
import { readFile, rename, writeFile } from "node:fs/promises";
import { enlarge } from "./enlarge.js";

const spec = JSON.parse(process.argv[2]);
const snapshot = enlarge(JSON.parse(await readFile(spec.from, "utf8")), spec.factor);
await writeFile(`${spec.to}.tmp`, JSON.stringify(snapshot));
await rename(`${spec.to}.tmp`, spec.to);
process.send({ assignments: snapshot.assignments.length });
