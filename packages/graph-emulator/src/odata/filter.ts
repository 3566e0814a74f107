// A small OData $filter parser and evaluator for the operators Graph documents on these endpoints.
// Anything it cannot parse is a FilterSyntaxError; the caller turns it into a Graph 400.

export type Literal = string | number | boolean | null;
export type ComparisonOp = "eq" | "ne" | "gt" | "ge" | "lt" | "le";

export type FilterNode =
  | { kind: "compare"; path: string; op: ComparisonOp; value: Literal }
  | { kind: "in"; path: string; values: Literal[] }
  | { kind: "startswith"; path: string; value: string }
  | { kind: "and" | "or"; left: FilterNode; right: FilterNode }
  | { kind: "not"; operand: FilterNode };

export class FilterSyntaxError extends Error {}

type Token =
  | { t: "ident"; v: string }
  | { t: "string"; v: string }
  | { t: "number"; v: number }
  | { t: "datetime"; v: string }
  | { t: "punct"; v: "(" | ")" | "," };

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})/;
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === " " || c === "\t") {
      i++;
    } else if (c === "(" || c === ")" || c === ",") {
      tokens.push({ t: "punct", v: c });
      i++;
    } else if (c === "'") {
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) throw new FilterSyntaxError("unterminated string literal");
        if (text[i] === "'") {
          if (text[i + 1] === "'") {
            value += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i];
        i++;
      }
      tokens.push({ t: "string", v: value });
    } else {
      const rest = text.slice(i);
      const datetime = DATETIME.exec(rest);
      const guidMatch = GUID.exec(rest);
      if (datetime) {
        tokens.push({ t: "datetime", v: datetime[0] });
        i += datetime[0].length;
      } else if (guidMatch) {
        tokens.push({ t: "string", v: guidMatch[0] });
        i += guidMatch[0].length;
      } else if (/^-?\d/.test(rest)) {
        const number = /^-?\d+(\.\d+)?/.exec(rest)![0];
        tokens.push({ t: "number", v: Number(number) });
        i += number.length;
      } else {
        const ident = /^[A-Za-z_@$][\w./@$]*/.exec(rest);
        if (!ident) throw new FilterSyntaxError(`unexpected character '${c}' at position ${i + 1}`);
        tokens.push({ t: "ident", v: ident[0] });
        i += ident[0].length;
      }
    }
  }
  return tokens;
}

const COMPARISONS = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);

export function parseFilter(text: string): FilterNode {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const isWord = (word: string) => {
    const token = peek();
    return token?.t === "ident" && token.v.toLowerCase() === word;
  };
  const expectPunct = (v: "(" | ")" | ",") => {
    const token = tokens[pos++];
    if (token?.t !== "punct" || token.v !== v) throw new FilterSyntaxError(`expected '${v}'`);
  };
  const literal = (): Literal => {
    const token = tokens[pos++];
    if (!token) throw new FilterSyntaxError("expected a value at the end of the filter");
    if (token.t === "string" || token.t === "datetime" || token.t === "number") return token.v;
    if (token.t === "ident") {
      const word = token.v.toLowerCase();
      if (word === "null") return null;
      if (word === "true") return true;
      if (word === "false") return false;
    }
    throw new FilterSyntaxError(`expected a value, found '${"v" in token ? String(token.v) : ""}'`);
  };
  const path = (): string => {
    const token = tokens[pos++];
    if (token?.t !== "ident") throw new FilterSyntaxError("expected a property name");
    return token.v;
  };

  const primary = (): FilterNode => {
    const token = peek();
    if (token?.t === "punct" && token.v === "(") {
      pos++;
      const inner = or();
      expectPunct(")");
      return inner;
    }
    if (isWord("not")) {
      pos++;
      return { kind: "not", operand: primary() };
    }
    if (isWord("startswith") && tokens[pos + 1]?.t === "punct") {
      pos++;
      expectPunct("(");
      const property = path();
      expectPunct(",");
      const value = literal();
      expectPunct(")");
      if (typeof value !== "string") throw new FilterSyntaxError("startswith needs a string value");
      return { kind: "startswith", path: property, value };
    }
    const property = path();
    const opToken = tokens[pos++];
    if (opToken?.t !== "ident") throw new FilterSyntaxError(`expected an operator after '${property}'`);
    const op = opToken.v.toLowerCase();
    if (op === "in") {
      expectPunct("(");
      const values = [literal()];
      while (peek()?.t === "punct" && (peek() as { v: string }).v === ",") {
        pos++;
        values.push(literal());
      }
      expectPunct(")");
      return { kind: "in", path: property, values };
    }
    if (!COMPARISONS.has(op)) throw new FilterSyntaxError(`unknown operator '${opToken.v}'`);
    return { kind: "compare", path: property, op: op as ComparisonOp, value: literal() };
  };
  const and = (): FilterNode => {
    let left = primary();
    while (isWord("and")) {
      pos++;
      left = { kind: "and", left, right: primary() };
    }
    return left;
  };
  const or = (): FilterNode => {
    let left = and();
    while (isWord("or")) {
      pos++;
      left = { kind: "or", left, right: and() };
    }
    return left;
  };

  const node = or();
  if (pos !== tokens.length) throw new FilterSyntaxError("unexpected text after the end of the expression");
  return node;
}

/** Every leaf of the tree, for checking which properties and operators a filter uses. */
export function filterLeaves(node: FilterNode): Exclude<FilterNode, { kind: "and" | "or" | "not" }>[] {
  switch (node.kind) {
    case "and":
    case "or":
      return [...filterLeaves(node.left), ...filterLeaves(node.right)];
    case "not":
      return filterLeaves(node.operand);
    default:
      return [node];
  }
}

/** The `path eq value` terms that must all hold (the top-level conjunction). */
export function requiredEqualities(node: FilterNode): Map<string, Literal> {
  const terms = new Map<string, Literal>();
  const walk = (n: FilterNode) => {
    if (n.kind === "and") {
      walk(n.left);
      walk(n.right);
    } else if (n.kind === "compare" && n.op === "eq") {
      terms.set(n.path.toLowerCase(), n.value);
    }
  };
  walk(node);
  return terms;
}

function read(entity: unknown, path: string): unknown {
  let value: unknown = entity;
  for (const part of path.split("/")) {
    if (value === null || typeof value !== "object") return undefined;
    const record = value as Record<string, unknown>;
    // Entities never hold two keys that differ only in case, so a key spelled as asked is the one to read.
    if (Object.hasOwn(record, part)) {
      value = record[part];
      continue;
    }
    const key = Object.keys(record).find((k) => k.toLowerCase() === part.toLowerCase());
    value = key === undefined ? undefined : record[key];
  }
  return value;
}

function normalise(value: unknown): unknown {
  if (typeof value === "string") {
    if (DATETIME.test(value)) {
      const time = Date.parse(value);
      if (!Number.isNaN(time)) return time;
    }
    return value.toLowerCase();
  }
  return value ?? null;
}

// A filter compares every row with the same few literals: normalise each once.
const normalisedLiterals = new Map<string, unknown>();
const NORMALISED_LITERALS_KEPT = 1024;

function normaliseLiteral(literal: Literal): unknown {
  if (typeof literal !== "string") return normalise(literal);
  let value = normalisedLiterals.get(literal);
  if (value === undefined) {
    value = normalise(literal);
    if (normalisedLiterals.size >= NORMALISED_LITERALS_KEPT) normalisedLiterals.clear();
    normalisedLiterals.set(literal, value);
  }
  return value;
}

function compare(actual: unknown, op: ComparisonOp, expected: Literal): boolean {
  const a = normalise(actual);
  const b = normaliseLiteral(expected);
  switch (op) {
    case "eq":
      return a === b;
    case "ne":
      return a !== b;
    default: {
      if (a === null || b === null || typeof a !== typeof b) return false;
      const x = a as number | string;
      const y = b as number | string;
      return op === "gt" ? x > y : op === "ge" ? x >= y : op === "lt" ? x < y : x <= y;
    }
  }
}

export function matches(node: FilterNode, entity: unknown): boolean {
  switch (node.kind) {
    case "and":
      return matches(node.left, entity) && matches(node.right, entity);
    case "or":
      return matches(node.left, entity) || matches(node.right, entity);
    case "not":
      return !matches(node.operand, entity);
    case "in":
      return node.values.some((v) => compare(read(entity, node.path), "eq", v));
    case "startswith": {
      const value = read(entity, node.path);
      return typeof value === "string" && value.toLowerCase().startsWith(node.value.toLowerCase());
    }
    case "compare":
      return compare(read(entity, node.path), node.op, node.value);
  }
}
