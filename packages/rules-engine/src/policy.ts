// A policy as the engine holds it after loading: validated, references resolved, positions kept.
import type {
  ActiveKind,
  AssignmentOrigin,
  AssignmentState,
  MemberType,
  PolicyLocation,
  PrincipalType,
  Severity,
} from "@pim-audit/model";

export interface RoleSelectorForm {
  /** Built-in role display names (checked against the catalog when loading). */
  names?: string[];
  templateIds?: string[];
  /** Custom role display names (not checked: the catalog does not know them). */
  customRoles?: string[];
  privileged?: boolean;
}

/** Roles by built-in display name or template id (a list), or by attributes. */
export type RoleSelectorSpec = string[] | RoleSelectorForm;

/** Principals by UPN or id globs (a list), or by attributes. */
export type PrincipalSelectorSpec =
  | string[]
  | {
      match?: string[];
      type?: PrincipalType | PrincipalType[];
      userType?: "Member" | "Guest";
      memberOf?: string[];
    };

type OneOrMany<T> = T | T[];

/** Which assignments a rule looks at: every key given must match; a list matches any of its values. */
export interface SelectorSpec {
  state?: OneOrMany<AssignmentState>;
  activeKind?: OneOrMany<ActiveKind>;
  memberType?: OneOrMany<MemberType>;
  origin?: OneOrMany<AssignmentOrigin>;
  scope?: OneOrMany<string>;
  /** true: only assignments with no end; false: only time-bound ones. */
  permanent?: boolean;
  roles?: RoleSelectorSpec;
  principals?: PrincipalSelectorSpec;
}

export interface LoadedRule {
  id: string;
  type: string;
  severity: Severity;
  title: string;
  description: string;
  /** All of these must hold (a rule's own `where`, after `$set` resolution). */
  where: SelectorSpec;
  /** An assignment matching any of these is left out. */
  unless: SelectorSpec[];
  /** The rule as written, for the type-specific keys (`max`, `allow`, ...). */
  spec: Record<string, unknown>;
  location: PolicyLocation;
}

export interface LoadedException {
  rule: string;
  principal: string | null;
  role: string | null;
  scope: string | null;
  reason: string;
  /** YYYY-MM-DD (valid through that day, UTC) or an ISO date-time. */
  expires: string;
  ticket: string | null;
  owner: string | null;
  location: PolicyLocation;
}

export interface LoadedPolicy {
  /** As given (relative to cwd when it was relative), used in every position. */
  file: string;
  sha256: string;
  name: string;
  description: string;
  sets: Record<string, SelectorSpec>;
  rules: LoadedRule[];
  exceptions: LoadedException[];
}
