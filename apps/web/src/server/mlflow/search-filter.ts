import { invalid } from "./errors";

/*
 * The practical subset of MLflow's search filter grammar: clauses `<entity>.<key> <op> <value>` joined by
 * AND, where the entity is metrics, params, tags or attributes (bare names are attributes), the key may be
 * quoted with backticks or double quotes, and the value is a number or a quoted string. OR, parentheses,
 * IN and IS NULL are refused with the list of what is supported.
 */

export type Entity = "metric" | "param" | "tag" | "attribute";
export type Op = "=" | "!=" | ">" | ">=" | "<" | "<=" | "LIKE" | "ILIKE";
export interface Clause {
  readonly entity: Entity;
  readonly key: string;
  readonly op: Op;
  readonly value: string | number;
}
export interface OrderTerm {
  readonly entity: Entity;
  readonly key: string;
  readonly ascending: boolean;
}

const ENTITIES: Readonly<Record<string, Entity>> = {
  metric: "metric",
  metrics: "metric",
  param: "param",
  params: "param",
  parameter: "param",
  parameters: "param",
  tag: "tag",
  tags: "tag",
  attribute: "attribute",
  attributes: "attribute",
  attr: "attribute",
  run: "attribute",
};

type Token =
  | { kind: "ident"; entity: Entity; key: string; text: string }
  | { kind: "op"; op: Op; text: string }
  | { kind: "word"; word: string; text: string }
  | { kind: "string"; value: string; text: string }
  | { kind: "number"; value: number; text: string };

const OPS: readonly [string, Op][] = [
  [">=", ">="],
  ["<=", "<="],
  ["!=", "!="],
  ["<>", "!="],
  ["==", "="],
  ["=", "="],
  [">", ">"],
  ["<", "<"],
];
const KEYWORDS = new Set(["AND", "OR", "NOT", "LIKE", "ILIKE", "IN", "IS", "NULL", "ASC", "DESC"]);

function quoted(text: string, at: number, what: string): { value: string; end: number } {
  const quote = text[at]!;
  let value = "";
  let i = at + 1;
  for (;;) {
    if (i >= text.length) throw invalid(`${what}: the quote opened at character ${at + 1} is never closed.`);
    if (text[i] === quote) {
      if (text[i + 1] === quote) {
        value += quote;
        i += 2;
        continue;
      }
      return { value, end: i + 1 };
    }
    value += text[i];
    i += 1;
  }
}

function tokenize(text: string, what: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i += 1;
      continue;
    }
    const op = OPS.find(([symbol]) => text.startsWith(symbol, i));
    if (op) {
      tokens.push({ kind: "op", op: op[1], text: op[0] });
      i += op[0].length;
      continue;
    }
    if (c === "'" || c === '"') {
      const q = quoted(text, i, what);
      tokens.push({ kind: "string", value: q.value, text: text.slice(i, q.end) });
      i = q.end;
      continue;
    }
    const number = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?/i.exec(text.slice(i));
    if (number && !/[A-Za-z_]/.test(text[i + number[0].length] ?? "")) {
      tokens.push({ kind: "number", value: Number(number[0]), text: number[0] });
      i += number[0].length;
      continue;
    }
    const word = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!word) throw unsupported(what, `"${text.slice(i, i + 20)}"`);
    const start = i;
    i += word[0].length;
    const entity = ENTITIES[word[0].toLowerCase()];
    if (text[i] === "." && entity !== undefined) {
      i += 1;
      let key: string;
      if (text[i] === "`" || text[i] === '"') {
        const q = quoted(text, i, what);
        key = q.value;
        i = q.end;
      } else {
        const bare = /^[A-Za-z0-9_./:@-]+/.exec(text.slice(i));
        if (!bare) throw invalid(`${what}: "${text.slice(start, i)}" needs a name after the dot.`);
        key = bare[0];
        i += key.length;
      }
      tokens.push({ kind: "ident", entity, key, text: text.slice(start, i) });
    } else if (KEYWORDS.has(word[0].toUpperCase())) {
      tokens.push({ kind: "word", word: word[0].toUpperCase(), text: word[0] });
    } else tokens.push({ kind: "ident", entity: "attribute", key: word[0], text: word[0] });
  }
  return tokens;
}

export const FILTER_HELP =
  "supported: clauses metrics.<name> <op> <number>, params.<name> = '<value>', tags.<name> = '<value>' and attributes.<name> <op> <value> joined by AND, with =, !=, >, >=, <, <= and, for strings, LIKE and ILIKE";

function unsupported(what: string, near: string): Error {
  return invalid(`${what}: ${near} is not supported (${FILTER_HELP}).`);
}

/** Parses a filter string into its AND-ed clauses (an empty filter has none). */
export function parseFilter(filter: string | undefined, what = "filter"): Clause[] {
  if (filter === undefined || filter.trim() === "") return [];
  const tokens = tokenize(filter, what);
  const clauses: Clause[] = [];
  let i = 0;
  for (;;) {
    const [ident, op, value] = [tokens[i], tokens[i + 1], tokens[i + 2]];
    if (ident?.kind !== "ident") throw unsupported(what, ident ? `"${ident.text}"` : "an empty clause");
    let operator: Op;
    if (op?.kind === "op") operator = op.op;
    else if (op?.kind === "word" && (op.word === "LIKE" || op.word === "ILIKE")) operator = op.word;
    else throw unsupported(what, op ? `"${ident.text} ${op.text}"` : `"${ident.text}" without a comparison`);
    if (value?.kind !== "string" && value?.kind !== "number")
      throw unsupported(what, value ? `the value "${value.text}"` : `"${ident.text} ${op.text}" without a value`);
    clauses.push({ entity: ident.entity, key: ident.key, op: operator, value: value.value });
    i += 3;
    if (i >= tokens.length) return clauses;
    const next = tokens[i]!;
    if (next.kind !== "word" || next.word !== "AND") throw unsupported(what, `"${next.text}"`);
    i += 1;
  }
}

/** Parses one order_by term: `<entity>.<key> [ASC|DESC]`. */
export function parseOrderBy(term: string, what = "order_by"): OrderTerm {
  const tokens = tokenize(term, what);
  const [ident, direction] = tokens;
  if (ident?.kind !== "ident" || tokens.length > 2 || (direction && direction.kind !== "word"))
    throw invalid(
      `${what}: "${term}" is not supported (write a column and an optional ASC or DESC, e.g. "metrics.\`val/top1\` DESC").`,
    );
  if (direction && direction.kind === "word" && direction.word !== "ASC" && direction.word !== "DESC")
    throw invalid(`${what}: "${term}" must end with ASC or DESC.`);
  return { entity: ident.entity, key: ident.key, ascending: direction?.kind !== "word" || direction.word === "ASC" };
}

function likeRegex(pattern: string, caseless: boolean): RegExp {
  const body = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace(/%/g, ".*")
    .replace(/_/g, ".");
  return new RegExp(`^${body}$`, caseless ? "is" : "s");
}

/** Whether a value satisfies a clause's comparison; a missing value satisfies none. */
export function compare(actual: string | number | undefined, op: Op, expected: string | number): boolean {
  if (actual === undefined) return false;
  switch (op) {
    case "=":
      return actual === expected;
    case "!=":
      return actual !== expected;
    case "LIKE":
    case "ILIKE":
      return likeRegex(String(expected), op === "ILIKE").test(String(actual));
    case ">":
      return actual > expected;
    case ">=":
      return actual >= expected;
    case "<":
      return actual < expected;
    case "<=":
      return actual <= expected;
  }
}

/** Orders two optional values, a missing one last whatever the direction (as MLflow does). */
export function orderValues(
  a: string | number | undefined,
  b: string | number | undefined,
  ascending: boolean,
): number {
  if (
    a === undefined ||
    b === undefined ||
    (typeof a === "number" && Number.isNaN(a)) ||
    (typeof b === "number" && Number.isNaN(b))
  ) {
    const missingA = a === undefined || (typeof a === "number" && Number.isNaN(a));
    const missingB = b === undefined || (typeof b === "number" && Number.isNaN(b));
    return missingA === missingB ? 0 : missingA ? 1 : -1;
  }
  const order = a < b ? -1 : a > b ? 1 : 0;
  return ascending ? order : -order;
}

/** The offset a page token carries (tokens are opaque to clients). */
export function pageOffset(token: string | undefined): number {
  if (token === undefined || token === "") return 0;
  const text = Buffer.from(token, "base64url").toString("utf8");
  const match = /^offset:(\d{1,9})$/.exec(text);
  if (!match) throw invalid("Invalid value for parameter 'page_token': pass the next_page_token of an earlier answer.");
  return Number(match[1]);
}

export const pageToken = (offset: number): string => Buffer.from(`offset:${offset}`).toString("base64url");
