// A collected snapshot made `factor` times larger: `factor` disjoint copies of its principals, assignments
// and activation history (ids suffixed per copy), sharing one role catalog and one set of role settings.
// Used for the 1,000,000-assignment evaluation: collecting it takes the emulator too long, and its JSON is
// longer than the longest string V8 can hold, so it is built in memory from the 100k snapshot (see README).
export function enlarge(snapshot, factor) {
  if (factor === 1) return snapshot;
  // join() makes a flat string, as JSON.parse does for a snapshot read from a file; a template literal would
  // leave a V8 cons string that evaluate flattens on first use, a cost (2-4 s CPU at 1M) no real snapshot has.
  const copyId = (id, k) => (id === null || k === 0 ? id : [id, k].join("~"));
  const principals = [];
  const assignments = [];
  const activations = [];
  for (let k = 0; k < factor; k++) {
    for (const p of snapshot.principals) {
      principals.push({ ...p, id: copyId(p.id, k), members: p.members?.map((m) => copyId(m, k)) ?? null });
    }
    for (const a of snapshot.assignments) {
      assignments.push({
        ...a,
        id: copyId(a.id, k),
        principalId: copyId(a.principalId, k),
        viaGroupId: copyId(a.viaGroupId, k),
        scheduleId: copyId(a.scheduleId, k),
        activatedFromEligibilityId: copyId(a.activatedFromEligibilityId, k),
      });
    }
    for (const a of snapshot.activations)
      activations.push({ ...a, id: copyId(a.id, k), principalId: copyId(a.principalId, k) });
  }
  return { ...snapshot, principals, assignments, activations };
}
