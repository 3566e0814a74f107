import { describe, expect, test } from "vitest";
import { normaliseRoleDefinition } from "./roles.js";

const custom = (actions: string[]) => ({
  id: "8c1f0a44-0000-4000-8000-0000000000c1",
  displayName: "Contoso Tier 2 Support",
  isBuiltIn: false,
  templateId: "8c1f0a44-0000-4000-8000-0000000000c1",
  rolePermissions: [{ allowedResourceActions: actions, condition: null }],
});

describe("normaliseRoleDefinition", () => {
  test("a custom role holding an action Microsoft labels privileged is privileged, naming the action", () => {
    const role = normaliseRoleDefinition(
      custom(["microsoft.directory/users/basic/update", "microsoft.directory/users/password/update"]),
    );
    expect(role).toMatchObject({
      isBuiltIn: false,
      privileged: true,
      privilegedActions: ["microsoft.directory/users/password/update"],
    });
  });

  test("a wildcard covering a privileged action counts", () => {
    const role = normaliseRoleDefinition(custom(["microsoft.directory/users/allProperties/allTasks"]));
    expect(role?.privilegedActions).toEqual(["microsoft.directory/users/allProperties/allTasks"]);
  });

  test("a custom role without one is not privileged", () => {
    const role = normaliseRoleDefinition(custom(["microsoft.directory/users/standard/read"]));
    expect(role).toMatchObject({ privileged: false, privilegedActions: [] });
  });

  test("a built-in role keeps the catalog's flag and lists no actions", () => {
    const role = normaliseRoleDefinition({
      id: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
      displayName: "Helpdesk Administrator",
      isBuiltIn: true,
      templateId: "729827e3-9c14-49f7-bb1b-9608f156bbb8",
      rolePermissions: [{ allowedResourceActions: ["microsoft.directory/users/password/update"] }],
    });
    expect(role).toMatchObject({ privileged: true, privilegedActions: [] });
  });
});
