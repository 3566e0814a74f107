// The request arithmetic the collection scenarios report beside the measured count.
const LOOKUPS_PER_BATCH = 20;

/**
 * The collector's documented lower bound (packages/collector/README.md, "Requests"): the pages of each list
 * (ceil(items / page size), at least 1) plus ceil(4 x role-holding groups / 20) (members, PIM for Groups eligibility
 * and assignment, PIM for Groups settings) plus ceil(principals / 20).
 * Group member lists longer than one page would add pages; generated groups hold about 20 members.
 */
export function lowerBound({ lists, pageSize, roleGroups, principals }) {
  const pages = Object.values(lists).reduce((sum, items) => sum + Math.max(1, Math.ceil(items / pageSize)), 0);
  return pages + Math.ceil((4 * roleGroups) / LOOKUPS_PER_BATCH) + Math.ceil(principals / LOOKUPS_PER_BATCH);
}

/** A tool that pages the lists and then asks for each distinct principal and each distinct role one at a time. */
export function naiveRequests({ listPages, snapshot }) {
  const principals = new Set(snapshot.assignments.map((a) => a.principalId));
  const roles = new Set(snapshot.assignments.map((a) => a.roleId));
  return listPages + principals.size + roles.size;
}
