// findings.json: the complete record, exactly the FindingsReport the schema describes.
import { type FindingsReport, stableJson, stableJsonChunks } from "@pim-audit/model";

export function renderFindingsJson(report: FindingsReport): string {
  return stableJson(report);
}

/** The same text in pieces, the findings a block at a time: a million of them pass V8's longest string. */
export function findingsJsonChunks(report: FindingsReport): Iterable<string> {
  return stableJsonChunks(report);
}
