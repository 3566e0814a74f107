// "Same keys and value types": every key of the documented value exists in ours with the same JSON
// type, recursively (arrays by their first elements). null is compatible with any type, as every
// Graph property here is nullable.
import { readFileSync } from "node:fs";

export function docExample(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./fixtures/graph-reference/${name}`, import.meta.url), "utf8")) as Record<
    string,
    unknown
  >;
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

export function shapeDifferences(ours: unknown, documented: unknown, path = "$"): string[] {
  const docType = typeOf(documented);
  const ourType = typeOf(ours);
  if (docType === "null" || ourType === "null") return [];
  if (docType !== ourType) return [`${path}: documented ${docType}, emulator ${ourType}`];
  if (docType === "array") {
    const [d] = documented as unknown[];
    const [o] = ours as unknown[];
    return d === undefined || o === undefined ? [] : shapeDifferences(o, d, `${path}[0]`);
  }
  if (docType === "object") {
    const ourRecord = ours as Record<string, unknown>;
    return Object.entries(documented as Record<string, unknown>).flatMap(([key, value]) =>
      key in ourRecord ? shapeDifferences(ourRecord[key], value, `${path}.${key}`) : [`${path}.${key}: missing`],
    );
  }
  return [];
}
