// Graph's error response: `{error: {code, message, innerError: {date, request-id, client-request-id}}}`
// (https://learn.microsoft.com/graph/errors, https://learn.microsoft.com/graph/json-batching).

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * How the PIM services answer through Graph: code `UnknownError`, and their own error as a JSON string in the
 * message, e.g. `{"errorCode":"PermissionScopeNotGranted","message":"Authorization failed due to missing permission
 * scope ...","instanceAnnotations":[]}` (microsoftgraph/microsoft-graph-docs-contrib#17, Azure/azure-cli#26471).
 */
export function pimServiceError(status: number, errorCode: string, message: string): GraphError {
  return new GraphError(status, "UnknownError", JSON.stringify({ errorCode, message, instanceAnnotations: [] }));
}

/** A PIM service's refusal of a token without the scopes a route needs (names as Graph lists them, comma-joined). */
export function pimScopeNotGranted(permissions: readonly string[]): GraphError {
  return pimServiceError(
    403,
    "PermissionScopeNotGranted",
    `Authorization failed due to missing permission scope ${permissions.join(",")}.`,
  );
}

/** A PIM service's refusal in a tenant without Microsoft Entra ID P2 or Governance. */
export function pimLicenceRequired(): GraphError {
  return pimServiceError(
    400,
    "AadPremiumLicenseRequired",
    "The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.",
  );
}

export function badRequest(message: string, code = "BadRequest"): GraphError {
  return new GraphError(400, code, message);
}

export function unsupportedQuery(message: string): GraphError {
  return new GraphError(400, "Request_UnsupportedQuery", message);
}

export function notFound(id: string): GraphError {
  return new GraphError(
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

export interface RequestIds {
  requestId: string;
  clientRequestId: string;
  /** The time of the request, written as Graph writes innerError.date (no zone, whole seconds). */
  date: Date;
}

export function errorBody(code: string, message: string, ids: RequestIds): Record<string, unknown> {
  return {
    error: {
      code,
      message,
      innerError: {
        date: ids.date.toISOString().slice(0, 19),
        "request-id": ids.requestId,
        "client-request-id": ids.clientRequestId,
      },
    },
  };
}
