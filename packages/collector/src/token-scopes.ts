// Whether a token can read PIM at all, judged before collecting from the scopes it carries: a user's sign-in
// through an app without PIM scopes (the Azure CLI's) would otherwise end in a gap on every PIM piece.
import { type AuthMode, CollectionError } from "@pim-audit/model";
import { jwtClaims } from "./credentials.js";
import { AZURE_CLI_APP_ID, DELEGATED_READ_PERMISSIONS, PIM_READ_SCOPES } from "./permissions.js";

/**
 * A CollectionError when the token is a user's (delegated, `scp`) and holds no scope that reads the eligible or the
 * active assignments; null otherwise. App-only tokens (`roles`) are left to Graph, piece by piece.
 */
export function pimScopeRefusal(token: string, auth: AuthMode): CollectionError | null {
  const claims = jwtClaims(token);
  const scp = claims?.["scp"];
  if (typeof scp !== "string") return null;
  const scopes = new Set(scp.split(" ").filter((s) => s !== ""));
  const lacking = Object.values(PIM_READ_SCOPES).filter((accepted) => !accepted.some((s) => scopes.has(s)));
  if (lacking.length === 0) return null;
  const appId = claims?.["appid"] ?? claims?.["azp"];
  const app =
    appId === AZURE_CLI_APP_ID
      ? `the Azure CLI's app (${AZURE_CLI_APP_ID})`
      : typeof appId === "string"
        ? `app ${appId}`
        : "an app";
  return new CollectionError(
    "PERMISSION_DENIED",
    `--auth ${auth} signed in through ${app}, whose token carries no PIM scope (it needs ${lacking.map((l) => l[0]).join(" and ")}, or RoleManagement.Read.Directory), so Graph would refuse every PIM list.`,
    {
      hint: `Register an app with the delegated permissions ${DELEGATED_READ_PERMISSIONS.join(", ")} (admin-consented) and sign in with --auth device-code and AZURE_CLIENT_ID set to it, or give an app those as application permissions and use --auth secret, certificate or workload-identity.`,
    },
  );
}
