// Users, groups and service principals looked up by id for the attributes the rules need, 20 per $batch,
// starting while the lists still page. Sign-in times are not read here: see sign-ins.ts.
import { CollectionError, type Principal, type PrincipalType } from "@pim-audit/model";
import type { BatchRequest } from "./batch.js";
import type { LookupQueue } from "./lookups.js";
import type { GraphObject } from "./normalise/fields.js";
import { mergePrincipal } from "./normalise/principals.js";
import { principalLookupPath } from "./paths.js";
import { type GraphRequestError, graphError } from "./session.js";

type LookedUpType = Exclude<PrincipalType, "unknown">;

const lookup = (id: string, type: LookedUpType): BatchRequest => ({ id, url: principalLookupPath(id, type) });

export interface LookupGaps {
  gap(piece: "principals", collection: string, error: GraphRequestError): void;
}

export class PrincipalLookups {
  readonly #queue: LookupQueue;
  readonly #offered = new Map<string, PrincipalType>();

  constructor(queue: LookupQueue) {
    this.#queue = queue;
  }

  /** A principal seen on a page; its lookup goes out with the next full batch (unknown types are not looked up). */
  offer(id: string, type: PrincipalType): void {
    // A principal holds many roles: only its first sighting (with this type) costs more than a lookup here.
    if (type === "unknown" || this.#offered.get(id) === type) return;
    this.#offered.set(id, type);
    this.#queue.add(lookup(id, type));
  }

  /**
   * Looks up every principal of the finished map that has no answer yet, and merges the answers into it:
   * a principal deleted since (404) is marked deleted; a refusal becomes a gap. Principals of unknown type
   * (a deleted object's schedules expand their principal to null) are not looked up: they keep what the rows said.
   */
  async finish(principals: Map<string, Principal>, gaps: LookupGaps): Promise<void> {
    const typeOf = (id: string): PrincipalType => principals.get(id)?.type ?? "unknown";
    const ids = [...principals.keys()].filter((id) => typeOf(id) !== "unknown").sort();
    for (const id of ids) this.#queue.add(lookup(id, typeOf(id) as LookedUpType));
    const answers = await this.#queue.drain();

    let principalGap = false;
    for (const id of ids) {
      const principal = principals.get(id);
      const type = typeOf(id) as LookedUpType;
      const response = answers.get(id);
      const request = `GET ${principalLookupPath(id, type)}`;
      if (response === undefined) {
        throw new CollectionError("GRAPH_REQUEST_FAILED", "Graph's $batch answer had no response for this request.", {
          request,
        });
      }
      if (response.status >= 200 && response.status < 300 && response.body && typeof response.body === "object") {
        const body = response.body as GraphObject;
        principals.set(id, mergePrincipal(principal, body, type));
      } else if (response.status === 404) {
        // Deleted since it was assigned: what the assignment rows said stays, and it holds nothing any more.
        if (principal) principals.set(id, { ...principal, deleted: true });
      } else if (response.status === 403) {
        if (!principalGap)
          gaps.gap("principals", "principals", graphError(request, 403, response.body, response.headers));
        principalGap = true;
      } else {
        throw graphError(request, response.status, response.body, response.headers);
      }
    }
  }
}
