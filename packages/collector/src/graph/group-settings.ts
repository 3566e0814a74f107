// PIM for Groups settings: for someone who gets a role by activating membership or ownership of a role-holding
// group, the group's member or owner policy (scopeType Group) governs the activation, not the role's.
import type { GroupSetting } from "@pim-audit/model";
import type { BatchRequest, BatchResponse } from "./batch.js";
import type { GraphObject } from "./normalise/fields.js";
import { normaliseGroupSetting } from "./normalise/role-settings.js";
import { groupSettingsLookup } from "./paths.js";

/** Reads a batched list answer, following its nextLink; null when Graph refused it (the caller records the gap). */
export type ReadItems = (request: BatchRequest, response: BatchResponse | undefined) => Promise<GraphObject[] | null>;

/** The member and owner settings of every group, from the answers to their groupSettingsLookup requests. */
export async function readGroupSettings(
  groupIds: readonly string[],
  answers: ReadonlyMap<string, BatchResponse>,
  readItems: ReadItems,
): Promise<GroupSetting[]> {
  const perGroup = await Promise.all(
    groupIds.map(async (groupId) => {
      const request = groupSettingsLookup(groupId);
      const items = await readItems(request, answers.get(request.id));
      return (items ?? [])
        .map(normaliseGroupSetting)
        .filter((s): s is GroupSetting => s !== null && s.groupId.toLowerCase() === groupId.toLowerCase());
    }),
  );
  return perGroup.flat();
}
