// Graph's error response: `{error: {code, message, innerError: {date, request-id, client-request-id}}}`
// (shared/graph-reference/10-throttling-errors.md, the json-batching example).

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
