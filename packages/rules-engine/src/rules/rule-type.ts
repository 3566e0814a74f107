// The shape every rule type module exports; the engine knows rule types only through this table entry.
import type { Assignment, DataPiece, FindingSubject, RoleDefinition, Snapshot } from "@pim-audit/model";
import type { DateTime } from "luxon";
import type { SnapshotIndex } from "../evaluate/snapshot-index.js";
import type { LoadedRule } from "../policy.js";

/** What a rule type reports; the engine adds rule id, severity, location, fingerprint and status. */
export interface RuleCandidate {
  subject: FindingSubject;
  message: string;
  facts: Record<string, string | number | boolean | null>;
}

export interface RuleContext {
  /** Evaluation time, UTC. */
  at: DateTime;
  index: SnapshotIndex;
  /**
   * The assignments the rule's `where` selects and its `unless` does not, only of the role ids in `within` when
   * given (a rule that judges only some roles need not have the others selected): in canonical order, or role
   * by role when `where` names roles or `within` is given (findings are sorted afterwards, so rules need not care).
   */
  assignments(within?: ReadonlySet<string>): Assignment[];
  /** The roles the rule's `where.roles` (or `roles`) selects; every role when it names none. */
  roles(): RoleDefinition[];
  assignmentSubject(assignment: Assignment): FindingSubject;
  roleSubject(role: RoleDefinition): FindingSubject;
}

export interface RuleType {
  type: string;
  /** One line for the reference page and editor hovers. */
  doc: string;
  /** Default title of the findings it produces. */
  title: string;
  /** `assignments`: `where`/`unless` pick assignments; `roles`: a `roles` selector picks roles. */
  selects: "assignments" | "roles";
  /** JSON Schema of the keys this rule type adds to a rule. */
  properties: Record<string, object>;
  required: readonly string[];
  /** Checks across keys that a schema cannot express; each problem names the key it is about. */
  check?(spec: Record<string, unknown>): { key: string; message: string }[];
  /** The snapshot data it cannot judge without. */
  needs(rule: LoadedRule): DataPiece[];
  /** Why this snapshot cannot support the rule even though no data piece is missing, if so. */
  unjudgeable?(rule: LoadedRule, snapshot: Snapshot): string | undefined;
  evaluate(rule: LoadedRule, context: RuleContext): RuleCandidate[];
}
