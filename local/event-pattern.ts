import type { EventPattern } from '../shared/topology/event-rules.ts';

/**
 * EventBridge content filtering, as documented for event buses: every field of the pattern must match (AND),
 * any matcher of a field may match (OR), and an array in the event matches when one of its elements does.
 * Operators the emulator does not know throw, so a pattern AWS would treat differently fails loudly.
 */
export const matchesEventPattern = (pattern: EventPattern, event: unknown): boolean => {
  assertValidEventPattern(pattern);
  return matchObject(pattern, event);
};

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const invalid = (message: string): never => {
  throw new Error(`Invalid event pattern: ${message}`);
};

const matchObject = (pattern: Json, value: unknown): boolean =>
  Object.entries(pattern).every(([key, sub]) => {
    if (key === '$or') return (sub as Json[]).some((alternative) => matchObject(alternative, value));
    const field = isObject(value) ? value[key] : undefined;
    return Array.isArray(sub) ? matchLeaf(sub, leafValues(field)) : matchNested(sub as Json, field);
  });

// An array of objects matches a nested pattern when one element matches all of it, never by mixing elements.
const matchNested = (pattern: Json, field: unknown): boolean =>
  Array.isArray(field) && field.length > 0
    ? field.some((element) => matchObject(pattern, element))
    : matchObject(pattern, field);

// Only leaves (not objects) are compared; arrays, even nested ones, stand for each of their elements.
const leafValues = (field: unknown): unknown[] => {
  if (field === undefined || isObject(field)) return [];
  if (!Array.isArray(field)) return [field];
  return field.flat(Number.POSITIVE_INFINITY).filter((element) => !isObject(element));
};

const matchLeaf = (matchers: readonly unknown[], values: unknown[]): boolean =>
  matchers.some((matcher) => {
    if (!isObject(matcher)) return values.some((value) => value === matcher);
    const [operator, operand] = Object.entries(matcher)[0] as [string, unknown];
    if (operator === 'exists') return operand === values.length > 0;
    return values.some((value) => applyOperator(operator, operand, value));
  });

const applyOperator = (operator: string, operand: unknown, value: unknown): boolean => {
  switch (operator) {
    case 'anything-but':
      return !anythingButExcludes(operand, value);
    case 'numeric':
      return typeof value === 'number' && matchNumeric(operand as unknown[], value);
    default:
      return typeof value === 'string' && matchString(operator, operand, value);
  }
};

const anythingButExcludes = (operand: unknown, value: unknown): boolean => {
  if (Array.isArray(operand)) return operand.includes(value);
  if (!isObject(operand)) return operand === value;
  const [operator, inner] = Object.entries(operand)[0] as [string, unknown];
  if (typeof value !== 'string') return false;
  const inners = operator === 'equals-ignore-case' && Array.isArray(inner) ? inner : [inner];
  return inners.some((candidate) => matchString(operator, candidate, value));
};

const matchString = (operator: string, operand: unknown, value: string): boolean => {
  if (operator === 'wildcard') return wildcardRegExp(operand as string).test(value);
  if (operator === 'equals-ignore-case') return value.toLowerCase() === (operand as string).toLowerCase();
  // prefix / suffix, optionally `{ "equals-ignore-case": "..." }`.
  const ignoreCase = isObject(operand);
  const expected = ignoreCase ? (operand['equals-ignore-case'] as string).toLowerCase() : (operand as string);
  const actual = ignoreCase ? value.toLowerCase() : value;
  return operator === 'prefix' ? actual.startsWith(expected) : actual.endsWith(expected);
};

const matchNumeric = (conditions: unknown[], value: number): boolean => {
  for (let i = 0; i < conditions.length; i += 2) {
    const bound = conditions[i + 1] as number;
    const ok = {
      '=': value === bound,
      '<': value < bound,
      '<=': value <= bound,
      '>': value > bound,
      '>=': value >= bound,
    };
    if (!ok[conditions[i] as keyof typeof ok]) return false;
  }
  return true;
};

// `*` matches any run of characters; `\*` and `\\` are literal.
const wildcardRegExp = (wildcard: string): RegExp => {
  const source = wildcard
    .split(/(\\\*|\\\\|\*)/)
    .map((part) => {
      if (part === '*') return '.*';
      if (part === '\\*' || part === '\\\\') return `\\${part[1]}`;
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}$`, 's');
};

const validated = new WeakSet<object>();

/** Throws on anything EventBridge would reject or that the emulator does not implement. */
export const assertValidEventPattern = (pattern: EventPattern): void => {
  if (validated.has(pattern)) return;
  validateObject(pattern, '');
  validated.add(pattern);
};

const validateObject = (pattern: unknown, path: string): void => {
  if (!isObject(pattern)) invalid(`${path || 'pattern'} must be an object`);
  for (const [key, sub] of Object.entries(pattern as Json)) {
    const where = path ? `${path}.${key}` : key;
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length < 2) invalid(`${where} needs at least two alternatives`);
      for (const alternative of sub as unknown[]) validateObject(alternative, where);
    } else if (Array.isArray(sub)) {
      if (sub.length === 0) invalid(`${where} must not be an empty array`);
      for (const matcher of sub) validateMatcher(matcher, where);
    } else {
      validateObject(sub, where);
    }
  }
};

const isString = (value: unknown): value is string => typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isIgnoreCase = (value: unknown): boolean =>
  isObject(value) && Object.keys(value).length === 1 && isString(value['equals-ignore-case']);

const validateMatcher = (matcher: unknown, where: string): void => {
  if (Array.isArray(matcher)) invalid(`${where} must not contain nested arrays`);
  if (!isObject(matcher)) return;
  const entries = Object.entries(matcher);
  const [operator, operand] = entries[0] ?? invalid(`${where} has an empty matcher`);
  if (entries.length > 1) invalid(`${where} matcher must have exactly one operator`);
  const ok: Record<string, (operand: unknown) => boolean> = {
    prefix: (o) => isString(o) || isIgnoreCase(o),
    suffix: (o) => isString(o) || isIgnoreCase(o),
    'equals-ignore-case': isString,
    wildcard: (o) => isString(o) && !o.includes('**'),
    exists: (o) => typeof o === 'boolean',
    numeric: isNumericConditions,
    'anything-but': isAnythingBut,
  };
  const check = ok[operator] ?? invalid(`${where} uses unsupported operator "${operator}"`);
  if (!check(operand)) invalid(`${where} has an invalid "${operator}" operand ${JSON.stringify(operand)}`);
};

const lowerBounds = ['>', '>='];
const upperBounds = ['<', '<='];

// One comparison, or a range written lower bound first: [">", 0, "<=", 5].
const isNumericConditions = (operand: unknown): boolean => {
  if (!Array.isArray(operand) || !isNumber(operand[1])) return false;
  const [first, , second] = operand;
  if (operand.length === 2) return ['=', ...lowerBounds, ...upperBounds].includes(first);
  return (
    operand.length === 4 &&
    lowerBounds.includes(first) &&
    upperBounds.includes(second) &&
    isNumber(operand[3])
  );
};

// Strings or numbers (a list of only one kind), or one string operator.
const isAnythingBut = (operand: unknown): boolean => {
  if (isString(operand) || isNumber(operand)) return true;
  if (Array.isArray(operand))
    return operand.length > 0 && (operand.every(isString) || operand.every(isNumber));
  if (!isObject(operand) || Object.keys(operand).length !== 1) return false;
  const [operator, inner] = Object.entries(operand)[0] as [string, unknown];
  if (operator === 'prefix' || operator === 'suffix') return isString(inner) || isIgnoreCase(inner);
  if (operator === 'equals-ignore-case')
    return isString(inner) || (Array.isArray(inner) && inner.every(isString));
  return operator === 'wildcard' && isString(inner) && !inner.includes('**');
};
