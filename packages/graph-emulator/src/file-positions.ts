// Where a value sits in a JSON or YAML file (line and column), and JSON Schema errors in words: what
// the emulator's input files (tenant fixtures, fault files) use to name file:line:column in their errors.
import type { ErrorObject } from "ajv";
import type { Document, LineCounter } from "yaml";

export function pointerPath(pointer: string): (string | number)[] {
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

export function positionOf(
  doc: Document,
  lines: LineCounter,
  path: (string | number)[],
): { line: number; column: number } {
  for (let n = path.length; n >= 0; n--) {
    const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node?.range) {
      const { line, col } = lines.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return { line: 1, column: 1 };
}

export function describeSchemaError(error: ErrorObject): string {
  const where = error.instancePath || "the top level";
  switch (error.keyword) {
    case "additionalProperties":
      return `${where} has an unknown property '${(error.params as { additionalProperty: string }).additionalProperty}'; remove it or check its spelling`;
    case "required":
      return `${where} is missing '${(error.params as { missingProperty: string }).missingProperty}'`;
    case "enum":
      return `${where} must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(", ")}`;
    default:
      return `${where} ${error.message ?? "is invalid"}`;
  }
}
