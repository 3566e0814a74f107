// Paging cost: a page at any offset costs the rows it shows, not the rows before it.
import { describe, expect, test } from "vitest";
import type { RequestContext } from "../graph/context.js";
import { eligibilitySchedules } from "../graph/entity-sets.js";
import type { Directory, Table } from "../tenant/directory.js";
import { generatedDirectory } from "../tenant/generate.js";
import { servePage } from "./collection.js";
import { parseQuery } from "./query.js";

const now = new Date("2026-11-27T10:30:00Z");
const versionBase = "https://127.0.0.1:1/v1.0";
const path = "roleManagement/directory/roleEligibilitySchedules";

/** The generated tenant with its eligibility table counting the rows read. */
function countingDirectory(): { directory: Directory; reads: () => number } {
  const generated = generatedDirectory({ seed: 3, now, users: 5_000, adminShare: 1 });
  const rows = generated.roleEligibilitySchedules;
  let reads = 0;
  const counted: Table<ReturnType<typeof rows.at>> = {
    size: rows.size,
    at: (index) => {
      reads++;
      return rows.at(index);
    },
  };
  return { directory: { ...generated, roleEligibilitySchedules: counted }, reads: () => reads };
}

function pageThrough(search: string): { readsPerPage: number[]; counts: unknown[]; items: number; size: number } {
  const { directory, reads } = countingDirectory();
  const ctx = { directory, now } as RequestContext;
  const readsPerPage: number[] = [];
  const counts: unknown[] = [];
  let items = 0;
  let next: string | undefined = `${versionBase}/${path}?${search}`;
  while (next !== undefined) {
    const before = reads();
    const { body } = servePage(eligibilitySchedules(ctx), parseQuery(new URL(next).searchParams), {
      versionBase,
      path,
      defaultPageSize: 100,
    });
    readsPerPage.push(reads() - before);
    counts.push(body["@odata.count"]);
    items += (body.value as unknown[]).length;
    next = body["@odata.nextLink"] as string | undefined;
  }
  return { readsPerPage, counts, items, size: directory.roleEligibilitySchedules.size };
}

describe("paging a large generated list", () => {
  test("the last page reads as many rows as the second: no scan from the start per page", () => {
    const { readsPerPage, items, size } = pageThrough("$top=250");
    expect(size).toBe(10_000);
    expect(items).toBe(size);
    expect(readsPerPage).toHaveLength(40);
    expect(new Set(readsPerPage)).toEqual(new Set([250]));
  });

  test("with $count=true the collection is counted once, on the first page, and every page says the same count", () => {
    const { readsPerPage, counts, size } = pageThrough("$top=250&$count=true");
    expect(readsPerPage[0]).toBe(size + 250);
    expect(new Set(readsPerPage.slice(1))).toEqual(new Set([250]));
    expect(new Set(counts)).toEqual(new Set([size]));
  });
});
