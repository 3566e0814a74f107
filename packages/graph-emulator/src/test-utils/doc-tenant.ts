// A tenant holding the entities of the documentation examples (same ids and dates), so the
// emulator's answers can be set next to fixtures/graph-reference/*.json entity by entity.
import type { FixtureUser, TenantFixture } from "../tenant/fixture.js";
import { defaultRoleSetting } from "../tenant/role-settings.js";

/** An instant at which every documented schedule instance is current. */
export const DOC_NOW = new Date("2023-10-01T00:00:00Z");
export const DOC_TENANT_ID = "cab01047-8ad9-4792-8e42-569340767f1b";

const user = (id: string, displayName: string, upn: string, signIn: string | null = null): FixtureUser => ({
  id,
  displayName,
  givenName: null,
  surname: null,
  userPrincipalName: upn,
  mail: upn,
  jobTitle: null,
  userType: "Member",
  accountEnabled: true,
  onPremisesSyncEnabled: null,
  createdDateTime: "2021-01-01T00:00:00Z",
  // DOC_NOW is before December 2023, when Graph began to keep the last successful sign-in (not backfilled).
  lastSuccessfulSignInDateTime: null,
  lastSignInDateTime: signIn,
  lastNonInteractiveSignInDateTime: null,
});

export function docTenant(): TenantFixture {
  return {
    tenant: {
      id: DOC_TENANT_ID,
      displayName: "Contoso",
      defaultDomain: "contoso.com",
      initialDomain: "contoso.onmicrosoft.com",
      premiumLicence: true,
      createdDateTime: "2020-01-01T00:00:00Z",
    },
    users: [
      user("071cc716-8147-4397-a5ba-b2105951cc0b", "Conf Room Adams", "Adams@Contoso.com"),
      user("6be4b305-b75e-4efc-bfcc-31bd3b53a5f8", "MOD Administrator", "admin@contoso.com"),
      user("56f2d212-e49c-42e3-8298-0188e5bef094", "Megan Bowen", "MeganB@contoso.com"),
      user("3cce9d87-3986-4f19-8335-7ed075408ca2", "Lee Gu", "LeeG@contoso.com"),
      user("1aecaf40-dc3a-461f-88a8-d06994e12898", "Adele Vance", "AdeleV@contoso.com", "2021-06-17T16:41:33Z"),
      user("11111111-2222-3333-4444-555555555555", "Group One", "group1@contoso.com"),
      user("728309ae-1a37-4937-9afe-e35d964db09b", "Audry Oliver", "bob@wingtiptoysonline.com"),
    ],
    groups: [
      {
        id: "2b5ed229-4072-478d-9504-a047ebd4b07d",
        displayName: "PIM group",
        description: null,
        mailNickname: "pimgroup",
        isAssignableToRole: true,
        createdDateTime: "2023-01-01T00:00:00Z",
        members: [],
        owners: [],
      },
      {
        id: "02bd9fd6-8f93-4758-87c3-1fb73740a315",
        displayName: "Transitive",
        description: null,
        mailNickname: "transitive",
        isAssignableToRole: false,
        createdDateTime: "2023-01-01T00:00:00Z",
        members: ["11111111-2222-3333-4444-555555555555"],
        owners: [],
      },
      {
        id: "60bba733-f09d-49b7-8445-32369aa066b3",
        displayName: "Policy group",
        description: null,
        mailNickname: "policygroup",
        isAssignableToRole: false,
        createdDateTime: "2023-01-01T00:00:00Z",
        members: [],
        owners: [],
      },
    ],
    servicePrincipals: [
      {
        id: "00af5dfb-85da-4b41-a677-0c6b86dd34f8",
        appId: "appId-value",
        displayName: "My app instance in tenant",
        servicePrincipalType: "Application",
        accountEnabled: true,
      },
    ],
    administrativeUnits: [],
    customRoles: [],
    roleEligibilitySchedules: [
      {
        id: "77f71919-62f3-4d0c-9f88-0a0391b665cd",
        principalId: "071cc716-8147-4397-a5ba-b2105951cc0b",
        roleDefinitionId: "8424c6f0-a189-499e-bbd0-26c1753c96d4",
        directoryScopeId: "/",
        appScopeId: null,
        createdDateTime: "2022-04-12T14:44:50.287Z",
        startDateTime: "2022-04-12T14:44:50.287Z",
        endDateTime: "2024-04-10T00:00:00Z",
      },
    ],
    roleAssignmentSchedules: [
      {
        id: "95c690fb-3eb3-4942-a03f-4524aed6f31e",
        principalId: "071cc716-8147-4397-a5ba-b2105951cc0b",
        roleDefinitionId: "fdd7a751-b60b-444a-984c-02652fe8fa1c",
        directoryScopeId: "/",
        appScopeId: null,
        assignmentType: "Assigned",
        createdUsing: "95c690fb-3eb3-4942-a03f-4524aed6f31e",
        createdDateTime: "2022-04-11T11:50:06.343Z",
        startDateTime: "2022-04-11T11:50:06.343Z",
        endDateTime: null,
        activatedUsing: null,
      },
      {
        id: "lAPpYvVpN0KRkAEhdxReEAWz5Gtet_xOv8wxvTtTpfg-1",
        principalId: "6be4b305-b75e-4efc-bfcc-31bd3b53a5f8",
        roleDefinitionId: "62e90394-69f5-4237-9190-012177145e10",
        directoryScopeId: "/",
        appScopeId: null,
        assignmentType: "Assigned",
        createdUsing: null,
        createdDateTime: null,
        startDateTime: "2022-04-11T17:11:50.8825697Z",
        endDateTime: null,
        activatedUsing: null,
      },
    ],
    roleSettings: [defaultRoleSetting("62e90394-69f5-4237-9190-012177145e10")],
    pimGroupEligibilities: [
      {
        id: "2b5ed229-4072-478d-9504-a047ebd4b07d_member_326a4063-93c5-4998-9537-969b8cd50297",
        groupId: "2b5ed229-4072-478d-9504-a047ebd4b07d",
        principalId: "3cce9d87-3986-4f19-8335-7ed075408ca2",
        accessId: "member",
        startDateTime: "2023-08-18T00:33:48.8Z",
        endDateTime: null,
      },
      {
        id: "2b5ed229-4072-478d-9504-a047ebd4b07d_owner_d663bb72-3781-4af0-b69b-01f2f0283a96",
        groupId: "2b5ed229-4072-478d-9504-a047ebd4b07d",
        principalId: "56f2d212-e49c-42e3-8298-0188e5bef094",
        accessId: "owner",
        startDateTime: "2023-09-06T18:18:03.917Z",
        endDateTime: null,
      },
    ],
    pimGroupAssignments: [
      {
        id: "2b5ed229-4072-478d-9504-a047ebd4b07d_member_365163ce-df68-40b8-a782-1824c9eb7bcc",
        groupId: "2b5ed229-4072-478d-9504-a047ebd4b07d",
        principalId: "6be4b305-b75e-4efc-bfcc-31bd3b53a5f8",
        accessId: "member",
        assignmentType: "Assigned",
        startDateTime: "2023-09-29T15:48:00.273Z",
        endDateTime: "2024-03-27T15:47:19.653Z",
      },
      {
        id: "48fe5560-de56-2750-ae7c-2bbf1da9e452",
        groupId: "2b5ed229-4072-478d-9504-a047ebd4b07d",
        principalId: "3cce9d87-3986-4f19-8335-7ed075408ca2",
        accessId: "member",
        assignmentType: "Assigned",
        startDateTime: null,
        endDateTime: null,
      },
    ],
    roleAssignmentScheduleRequests: [
      {
        id: "95c690fb-3eb3-4942-a03f-4524aed6f31e",
        action: "adminAssign",
        status: "Provisioned",
        principalId: "071cc716-8147-4397-a5ba-b2105951cc0b",
        roleDefinitionId: "fdd7a751-b60b-444a-984c-02652fe8fa1c",
        directoryScopeId: "/",
        createdDateTime: "2022-04-11T11:50:05.95Z",
        createdById: "3fbd929d-8c56-4462-851e-0eb9a7b3a2a5",
        justification: "Assign Groups Admin to IT Helpdesk group",
        ticketNumber: null,
        targetScheduleId: "95c690fb-3eb3-4942-a03f-4524aed6f31e",
        startDateTime: "2022-04-11T11:50:05.9999343Z",
        duration: null,
        endDateTime: null,
      },
    ],
    directoryAudits: [
      {
        id: "SSGM_b662f17a-4e4d-4e1c-9248-cdec180024b2_MCDC4_88453290",
        // The example's 2018-01-09 moved to within the 30 days Graph keeps audit logs before DOC_NOW.
        activityDateTime: "2023-09-20T21:20:02.7215374Z",
        activityDisplayName: "Add member to group",
        category: "UserManagement",
        loggedByService: "Core Directory",
        result: "success",
        resultReason: "Successfully added member to group",
        initiatedByUserId: "728309ae-1a37-4937-9afe-e35d964db09b",
        targets: [{ id: "ef7e527d-6c92-4234-8c6d-cf6fdfb57f95", displayName: "Example.com", type: "Group" }],
      },
    ],
  };
}
