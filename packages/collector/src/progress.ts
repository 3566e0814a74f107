// What the collector tells the CLI while it works; the CLI decides how to show it.
import type { DataPiece } from "@pim-audit/model";

export type ProgressEvent =
  | { kind: "collection-start"; collection: string }
  | { kind: "page"; collection: string; pages: number; items: number }
  | {
      kind: "retry";
      collection: string;
      request: string;
      /** What went wrong, e.g. `HTTP 503`, `the connection failed (ECONNRESET)`. */
      reason: string;
      /** Retries taken so far in this run (the budget's count). */
      retries: number;
      /** This request's retry about to be made, from 1, of at most `maxAttempts`. */
      attempt: number;
      maxAttempts: number;
      /** The wait before it (Graph's Retry-After, or the backoff). */
      waitSeconds: number;
    }
  | { kind: "gap"; collection: string; piece: DataPiece; reason: string }
  | { kind: "collection-done"; collection: string; pages: number; items: number };

/** One plain line for an event, as CI logs show it (the CLI may draw a live line on a terminal instead). */
export function formatProgress(event: ProgressEvent): string {
  switch (event.kind) {
    case "collection-start":
      return `${event.collection}: reading`;
    case "page":
      return `${event.collection}: ${event.pages} ${event.pages === 1 ? "page" : "pages"}, ${event.items} items`;
    case "retry":
      return `${event.collection}: ${event.request}: ${event.reason}, retry ${event.attempt} of ${event.maxAttempts} in ${formatSeconds(event.waitSeconds)}`;
    case "gap":
      return `${event.collection}: not collected: ${event.piece}: ${event.reason}`;
    case "collection-done":
      return `${event.collection}: done, ${event.items} items in ${event.pages} ${event.pages === 1 ? "page" : "pages"}`;
  }
}

/** `4 s`, `0.5 s`, `0 s`: a wait, rounded up to a tenth below 10 s. */
export function formatSeconds(seconds: number): string {
  return `${seconds >= 10 || Number.isInteger(seconds) ? Math.ceil(seconds) : Math.ceil(seconds * 10) / 10} s`;
}
