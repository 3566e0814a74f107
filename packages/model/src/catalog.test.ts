import { describe, expect, test } from "vitest";
import { actionCovers, privilegedActionsOf, privilegedResourceActions } from "./catalog.js";

describe("privileged resource actions", () => {
  test("the list holds Microsoft's labelled actions and none of the unlabelled ones", () => {
    const actions = privilegedResourceActions();
    expect(actions).toContain("microsoft.directory/users/password/update");
    expect(actions).toContain("microsoft.directory/applications/credentials/update");
    expect(actions).not.toContain("microsoft.directory/users/basic/update");
    expect(new Set(actions).size).toBe(actions.length);
  });

  test.each([
    ["microsoft.directory/users/password/update", "microsoft.directory/users/password/update", true],
    ["microsoft.directory/users/allProperties/allTasks", "microsoft.directory/users/password/update", true],
    ["microsoft.directory/users/allProperties/allTasks", "microsoft.directory/users/invalidateAllRefreshTokens", true],
    [
      "microsoft.directory/users/allProperties/read",
      "microsoft.directory/users/authenticationMethods/standard/read",
      true,
    ],
    ["microsoft.directory/allEntities/allProperties/allTasks", "microsoft.directory/bitlockerKeys/key/read", true],
    [
      "microsoft.directory/applications/allProperties/update",
      "microsoft.directory/applications.myOrganization/credentials/update",
      true,
    ],
    ["microsoft.directory/users/basic/update", "microsoft.directory/users/password/update", false],
    ["microsoft.directory/users/allProperties/read", "microsoft.directory/users/password/update", false],
    ["microsoft.directory/users/password/update", "microsoft.directory/users/allProperties/allTasks", false],
    ["microsoft.directory/usersX/password/update", "microsoft.directory/users/password/update", false],
    ["microsoft.office365.webPortal/allEntities/standard/read", "microsoft.directory/users/allProperties/read", false],
  ])("%s covers %s: %s", (held, target, covers) => {
    expect(actionCovers(held, target)).toBe(covers);
  });

  test("a custom role's actions that grant a privileged one are named; the rest are not", () => {
    expect(
      privilegedActionsOf([
        {
          allowedResourceActions: [
            "microsoft.directory/users/basic/update",
            "microsoft.directory/users/password/update",
            "microsoft.directory/groups/allProperties/allTasks",
          ],
        },
      ]),
    ).toEqual(["microsoft.directory/groups/allProperties/allTasks", "microsoft.directory/users/password/update"]);
    expect(privilegedActionsOf([{ allowedResourceActions: ["microsoft.directory/users/standard/read"] }])).toEqual([]);
  });

  test("an action the permission excludes does not count", () => {
    expect(
      privilegedActionsOf([
        {
          allowedResourceActions: ["microsoft.directory/bitlockerKeys/allProperties/allTasks"],
          excludedResourceActions: ["microsoft.directory/bitlockerKeys/key/read"],
        },
      ]),
    ).toEqual([]);
  });
});
