// Access tokens: unsigned JWTs (the emulator does not check signatures) whose `roles` claim lists
// application permissions, as Microsoft identity platform app-only tokens do, or whose `scp` claim lists
// the delegated permissions of a signed-in user (space-separated), as delegated tokens do.
import { GraphError } from "./graph-error.js";

export interface TokenClaims {
  tid: string;
  appid: string;
  roles: string[];
  /** Delegated scopes; when set the token is a user's (idtyp user, `scp`), not an app's (`roles`). */
  scopes?: string[];
}

export interface MintOptions {
  roles?: readonly string[];
  appId?: string;
  tenantId?: string;
}

export const DEFAULT_APP_ID = "8d2d6c1c-7a3f-4b0e-9f51-0c7e3f9a6b10";

/** The Azure CLI's first-party client id, which `az login` (and DeviceCodeCredential without a client id) sign in with. */
export const AZURE_CLI_APP_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/**
 * Delegated Graph scopes of an Azure CLI token: the app is pre-authorized for a fixed set that holds no PIM scope,
 * so Graph answers PermissionScopeNotGranted on the PIM lists (Azure/azure-cli#26471, #30149, #22775).
 * A representative set, not Microsoft's full list.
 */
export const AZURE_CLI_GRAPH_SCOPES: readonly string[] = Object.freeze([
  "Application.ReadWrite.All",
  "AppRoleAssignment.ReadWrite.All",
  "AuditLog.Read.All",
  "DelegatedPermissionGrant.ReadWrite.All",
  "Directory.AccessAsUser.All",
  "Group.ReadWrite.All",
  "User.Read.All",
  "User.ReadWrite.All",
]);

export function mintToken(claims: TokenClaims, issuedAt: Date): string {
  const header = { typ: "JWT", alg: "none" };
  const iat = Math.floor(issuedAt.getTime() / 1000);
  const identity =
    claims.scopes === undefined
      ? { idtyp: "app", roles: [...claims.roles].sort() }
      : { idtyp: "user", scp: [...claims.scopes].sort().join(" "), upn: `admin@${claims.tid}` };
  const payload = {
    aud: "https://graph.microsoft.com",
    iss: `https://sts.windows.net/${claims.tid}/`,
    iat,
    nbf: iat,
    exp: iat + 3600 * 24,
    appid: claims.appid,
    ...identity,
    tid: claims.tid,
  };
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${encode(header)}.${encode(payload)}.`;
}

function unauthorized(message: string): GraphError {
  return new GraphError(401, "InvalidAuthenticationToken", message, {
    "WWW-Authenticate":
      'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"',
  });
}

interface ParsedToken {
  exp: unknown;
  /** Undefined when the token names no tenant. */
  claims: TokenClaims | undefined;
  roles: ReadonlySet<string>;
}

// A client sends the same token with every request: decode it once (a handful of tokens per emulator).
const parsedTokens = new Map<string, ParsedToken>();
const PARSED_TOKENS_KEPT = 64;
// Comparing a header with the last one is cheaper than hashing a kilobyte of it for the map.
let lastAuthorization: string | undefined;
let lastToken: ParsedToken | undefined;

function parseToken(token: string): ParsedToken {
  const known = parsedTokens.get(token);
  if (known) return known;
  const parts = token.split(".");
  if (parts.length !== 3) throw unauthorized("IDX14100: JWT is not well formed, there are no dots (.).");
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as Record<string, unknown>;
  } catch {
    throw unauthorized("Access token validation failure. Invalid audience.");
  }
  // A delegated token's scopes grant what the same application permissions would (the permission tables list
  // the same names for both), so both kinds are checked against one set.
  const roles = [
    ...(Array.isArray(payload.roles) ? payload.roles.filter((r): r is string => typeof r === "string") : []),
    ...(typeof payload.scp === "string" ? payload.scp.split(" ").filter((s) => s !== "") : []),
  ];
  const appid = typeof payload.appid === "string" ? payload.appid : typeof payload.azp === "string" ? payload.azp : "";
  const parsed: ParsedToken = {
    exp: payload.exp,
    claims: typeof payload.tid === "string" ? { tid: payload.tid, appid, roles } : undefined,
    roles: new Set(roles),
  };
  if (parsedTokens.size >= PARSED_TOKENS_KEPT) parsedTokens.clear();
  parsedTokens.set(token, parsed);
  return parsed;
}

/**
 * Read the bearer token of a request; 401 in Graph's words when it is missing, unusable or expired.
 * Expiry is judged on the real clock (`realNow`), as token lifetimes are, whatever the tenant clock says.
 * `roleSet` holds the roles, shared by every request with the same token: read it, never change it.
 */
export function readToken(
  authorization: string | undefined,
  tenantId: string,
  realNow: Date,
): TokenClaims & { roleSet: ReadonlySet<string> } {
  let token: ParsedToken;
  if (authorization !== undefined && authorization === lastAuthorization && lastToken !== undefined) {
    token = lastToken;
  } else {
    if (!authorization || !/^Bearer\s+\S/i.test(authorization)) throw unauthorized("Access token is empty.");
    token = parseToken(authorization.replace(/^Bearer\s+/i, "").trim());
    lastAuthorization = authorization;
    lastToken = token;
  }
  if (token.claims === undefined || token.claims.tid.toLowerCase() !== tenantId.toLowerCase()) {
    throw unauthorized("Access token validation failure. The token was issued for a different tenant.");
  }
  if (typeof token.exp === "number" && token.exp * 1000 <= realNow.getTime()) {
    throw unauthorized("Lifetime validation failed, the token is expired.");
  }
  return { ...token.claims, roleSet: token.roles };
}
