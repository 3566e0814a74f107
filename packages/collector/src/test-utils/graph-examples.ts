// The verbatim Graph documentation examples in ./fixtures (see fixtures/graph-examples.SOURCE.md).
import { readFileSync } from "node:fs";
import type { GraphObject } from "../graph/normalise/fields.js";

export function graphExample(name: string): GraphObject {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), "utf8")) as GraphObject;
}

export function graphExampleValue(name: string): GraphObject[] {
  return graphExample(name)["value"] as GraphObject[];
}
