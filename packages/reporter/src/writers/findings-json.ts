// findings.json: the complete record, exactly the FindingsReport the schema describes.
import { type FindingsReport, stableJson } from "@pim-audit/model";

export function renderFindingsJson(report: FindingsReport): string {
  return stableJson(report);
}
