// What the collector tells the CLI while it works; the CLI decides how to show it.
import type { DataPiece } from "@pim-audit/model";

export type ProgressEvent =
  | { kind: "collection-start"; collection: string }
  | { kind: "page"; collection: string; pages: number; items: number }
  | { kind: "retry"; collection: string; request: string; reason: string; retries: number }
  | { kind: "gap"; collection: string; piece: DataPiece; reason: string }
  | { kind: "collection-done"; collection: string; pages: number; items: number };
