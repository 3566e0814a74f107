// What the collector tells the CLI while it works; the CLI decides how to show it.
import type { DataPiece } from "@pim-audit/model";

export type ProgressEvent =
  | { kind: "collection-start"; collection: string }
  | { kind: "page"; collection: string; pages: number; items: number }
  | { kind: "retry"; collection: string; request: string; reason: string; retries: number }
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
      return `${event.collection}: retry ${event.retries} (${event.reason}) ${event.request}`;
    case "gap":
      return `${event.collection}: not collected: ${event.piece}: ${event.reason}`;
    case "collection-done":
      return `${event.collection}: done, ${event.items} items in ${event.pages} ${event.pages === 1 ? "page" : "pages"}`;
  }
}
