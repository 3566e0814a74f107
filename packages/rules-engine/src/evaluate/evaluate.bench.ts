// Speed over a large tenant: `pnpm bench` in this package. Not a pass/fail test.
import { bench, describe } from "vitest";
import { largeTenant } from "../test-utils/large-tenant.js";
import { policyFrom } from "../test-utils/policy-files.js";
import { AT } from "../test-utils/tenant.js";
import { evaluate } from "./evaluate.js";

const snapshot = largeTenant(100_000);
const options = { at: AT, toolVersion: "bench" };
const runs = { iterations: 10, time: 0, warmupIterations: 2 };
const memberCount = await policyFrom(
  "rules:\n  - {id: count, type: role-member-count, where: {roles: {privileged: true}}, min: 2, max: 500}\n",
);
const allowed = await policyFrom(
  "rules:\n  - {id: allowed, type: allowed-roles, where: {principals: {memberOf: [team3, team7]}}, allow: [Helpdesk Administrator, Password Administrator]}\n",
);
const everything = await policyFrom(`rules:
  - {id: count, type: role-member-count, min: 1, max: 1000}
  - {id: allowed, type: allowed-roles, where: {principals: {memberOf: [team3]}}, allow: [Helpdesk Administrator]}
  - {id: perm, type: max-duration, where: {state: active, roles: {privileged: true}}, max: P30D}
  - {id: guests, type: principal-attribute, deny: [guest, disabled]}
  - {id: scope, type: scope, where: {roles: [User Administrator]}, allowedScopes: [/administrativeUnits/*]}
  - {id: stale, type: stale-eligibility, within: P90D}
  - {id: soon, type: expiring-soon, within: P60D}
`);

describe("evaluate over 100,000 assignments", () => {
  bench(
    "role-member-count",
    () => {
      evaluate(snapshot, memberCount, options);
    },
    runs,
  );
  bench(
    "allowed-roles (memberOf two groups)",
    () => {
      evaluate(snapshot, allowed, options);
    },
    runs,
  );
  bench(
    "seven rule types together",
    () => {
      evaluate(snapshot, everything, options);
    },
    runs,
  );
});
