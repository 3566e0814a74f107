// Lookups sent while the lists are still paging: each full batch of 20 goes out as soon as it is queued,
// so the lookups fill the request slots the lists' page-after-page chains leave free.
import type { ProgressEvent } from "../progress.js";
import { BATCH_SIZE, type BatchRequest, type BatchResponse, sendBatch } from "./batch.js";
import type { GraphSession } from "./session.js";

export class LookupQueue {
  readonly #session: GraphSession;
  readonly #collection: string;
  readonly #progress: (event: ProgressEvent) => void;
  readonly #onFailure: (error: unknown) => void;
  /** The url each id is looked up with (the latest one, when it changed). */
  readonly #urls = new Map<string, string>();
  readonly #answers = new Map<string, BatchResponse>();
  readonly #inFlight = new Set<Promise<void>>();
  #pending: BatchRequest[] = [];
  #failure: { error: unknown } | null = null;
  #sent = 0;
  #done = 0;

  constructor(options: {
    session: GraphSession;
    collection: string;
    progress: (event: ProgressEvent) => void;
    /** Called with the first batch that fails: nothing else the collection does matters any more. */
    onFailure: (error: unknown) => void;
  }) {
    this.#session = options.session;
    this.#collection = options.collection;
    this.#progress = options.progress;
    this.#onFailure = options.onFailure;
  }

  /** Queues a lookup (again, when its url changed) and sends a batch once 20 are waiting. */
  add(request: BatchRequest): void {
    if (this.#urls.get(request.id) === request.url) return;
    if (this.#urls.has(request.id)) {
      this.#answers.delete(request.id);
      this.#pending = this.#pending.filter((r) => r.id !== request.id);
    }
    this.#urls.set(request.id, request.url);
    this.#pending.push(request);
    if (this.#pending.length >= BATCH_SIZE) this.#send(this.#pending.splice(0, BATCH_SIZE));
  }

  /** Sends what is left, waits for every batch, and returns the answer to each id's latest url. */
  async drain(): Promise<Map<string, BatchResponse>> {
    while (this.#pending.length > 0) this.#send(this.#pending.splice(0, BATCH_SIZE));
    while (this.#inFlight.size > 0) await Promise.all(this.#inFlight);
    if (this.#failure) throw this.#failure.error;
    if (this.#sent > 0) {
      this.#progress({
        kind: "collection-done",
        collection: this.#collection,
        pages: this.#sent,
        items: this.#answers.size,
      });
    }
    return this.#answers;
  }

  #send(part: BatchRequest[]): Promise<void> {
    if (this.#sent++ === 0) this.#progress({ kind: "collection-start", collection: this.#collection });
    const promise: Promise<void> = sendBatch(this.#session, part, this.#collection).then(
      (answers) => {
        this.#inFlight.delete(promise);
        for (const r of part) {
          const answer = answers.get(r.id);
          // An answer to a url since replaced (the principal's type became known) is not kept.
          if (answer !== undefined && this.#urls.get(r.id) === r.url) this.#answers.set(r.id, answer);
        }
        this.#done++;
        this.#progress({ kind: "page", collection: this.#collection, pages: this.#done, items: this.#answers.size });
      },
      (error: unknown) => {
        this.#inFlight.delete(promise);
        if (this.#failure === null) {
          this.#failure = { error };
          this.#onFailure(error);
        }
      },
    );
    this.#inFlight.add(promise);
    return promise;
  }
}
