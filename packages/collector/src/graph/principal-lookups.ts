// Users, groups and service principals looked up by id for the attributes the rules need, 20 per $batch,
// starting while the lists still page. The first 20 users go alone, to learn whether signInActivity may be
// read; users seen meanwhile wait for that answer, everyone else goes at once.
import { CollectionError, type Principal, type PrincipalType } from "@pim-audit/model";
import { BATCH_SIZE, type BatchRequest, type BatchResponse } from "./batch.js";
import type { LookupQueue } from "./lookups.js";
import type { GraphObject } from "./normalise/fields.js";
import { mergePrincipal } from "./normalise/principals.js";
import { principalLookupPath } from "./paths.js";
import { type GraphRequestError, graphError } from "./session.js";

type LookedUpType = Exclude<PrincipalType, "unknown">;

const lookup = (id: string, type: LookedUpType, signIn: boolean): BatchRequest => ({
  id,
  url: principalLookupPath(id, type, signIn),
});

/** A refusal that means signInActivity cannot be read (no AuditLog.Read.All, or no Entra ID P1/P2). */
function refusesSignIn(response: BatchResponse): boolean {
  return (
    response.status === 403 || (response.status >= 400 && /licen[cs]e|premium/i.test(JSON.stringify(response.body)))
  );
}

export interface LookupGaps {
  gap(piece: "principals" | "signInActivity", collection: string, error: GraphRequestError): void;
}

export class PrincipalLookups {
  readonly #queue: LookupQueue;
  /** Whether users are looked up with signInActivity: unknown until the probe answers. */
  #signIn: boolean | null = null;
  readonly #probeUsers: string[] = [];
  #probe: Promise<void> | null = null;
  #probeFailed: { error: unknown } | null = null;
  readonly #held = new Set<string>();
  readonly #offered = new Map<string, PrincipalType>();
  #signInGap: GraphRequestError | null = null;

  /** `signIn` false: sign-in activity is not wanted, so users are looked up without it and no probe is sent. */
  constructor(queue: LookupQueue, signIn = true) {
    this.#queue = queue;
    if (!signIn) this.#signIn = false;
  }

  /** A principal seen on a page; its lookup goes out with the next full batch (unknown types are not looked up). */
  offer(id: string, type: PrincipalType): void {
    // A principal holds many roles: only its first sighting (with this type) costs more than a lookup here.
    if (type === "unknown" || this.#offered.get(id) === type) return;
    this.#offered.set(id, type);
    if (type !== "user") {
      this.#queue.add(lookup(id, type, false));
    } else if (this.#signIn !== null) {
      this.#queue.add(lookup(id, "user", this.#signIn));
    } else if (this.#probe !== null) {
      this.#held.add(id);
    } else if (!this.#probeUsers.includes(id)) {
      this.#probeUsers.push(id);
      if (this.#probeUsers.length === BATCH_SIZE) this.#startProbe();
    }
  }

  /**
   * Looks up every principal of the finished map that has no answer yet, and merges the answers into it:
   * a principal deleted since (404) is marked deleted; a refusal becomes a gap. Principals of unknown type
   * (a deleted object's schedules expand their principal to null) are not looked up: they keep what the rows said.
   */
  async finish(principals: Map<string, Principal>, gaps: LookupGaps): Promise<void> {
    const typeOf = (id: string): PrincipalType => principals.get(id)?.type ?? "unknown";
    const ids = [...principals.keys()].filter((id) => typeOf(id) !== "unknown").sort();
    if (this.#probe === null) {
      // Fewer than 20 users were seen while paging: the probe takes those, then the first others by id.
      for (const id of ids) {
        if (this.#probeUsers.length >= BATCH_SIZE) break;
        if (typeOf(id) === "user" && !this.#probeUsers.includes(id)) this.#probeUsers.push(id);
      }
      if (this.#probeUsers.length > 0) this.#startProbe();
      else this.#signIn = true;
    }
    await this.#probe;
    if (this.#probeFailed) throw this.#probeFailed.error;
    if (this.#signInGap) gaps.gap("signInActivity", "principals", this.#signInGap);
    const signIn = this.#signIn ?? true;

    for (const id of ids) {
      const type = typeOf(id) as LookedUpType;
      this.#queue.add(lookup(id, type, type === "user" && signIn));
    }
    const answers = await this.#queue.drain();

    let principalGap = false;
    for (const id of ids) {
      const principal = principals.get(id);
      const type = typeOf(id) as LookedUpType;
      const response = answers.get(id);
      const request = `GET ${principalLookupPath(id, type, type === "user" && signIn)}`;
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

  #startProbe(): void {
    const users = [...this.#probeUsers];
    this.#probe = this.#queue
      .probe(users.map((id) => lookup(id, "user", true)))
      .then((answers) => {
        const refused = [...answers.values()].find(refusesSignIn);
        if (refused) {
          this.#signIn = false;
          this.#signInGap = graphError(
            `GET ${principalLookupPath(users[0] ?? "", "user", true)}`,
            refused.status,
            refused.body,
            refused.headers,
          );
          for (const id of users) this.#queue.add(lookup(id, "user", false));
        } else {
          this.#signIn = true;
        }
        for (const id of this.#held) this.#queue.add(lookup(id, "user", this.#signIn));
        this.#held.clear();
      })
      .catch((error: unknown) => {
        this.#probeFailed = { error };
      });
  }
}
