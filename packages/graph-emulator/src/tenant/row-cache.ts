// Generated rows are pure functions of their index, and a collection reads the same rows several times
// close together (schedules, instances and role assignments list the same rows; every list expands the
// same principals). A direct-mapped cache keeps the last row computed per slot: bounded memory, no eviction
// bookkeeping, and the rows of a tenant of any size come out exactly as computed.

/** Slots per table: the lists of a collection page in step, so their rows meet within this window (~10 MiB per table). */
export const ROW_CACHE_SLOTS = 1 << 14;

/**
 * `make`, remembering the row computed for each slot (index modulo `slots`). Callers share the remembered
 * objects, so nothing may change a row it was given.
 */
export function rememberRows<T>(make: (index: number) => T, slots = ROW_CACHE_SLOTS): (index: number) => T {
  const indexes = new Float64Array(slots).fill(-1);
  const rows = new Array<T>(slots);
  return (index) => {
    const slot = index % slots;
    if (indexes[slot] === index) return rows[slot] as T;
    const row = make(index);
    indexes[slot] = index;
    rows[slot] = row;
    return row;
  };
}
