import { parseIsoTimestamp, UserError } from '@mlops-actions/core';
import type { ActionDefinition } from './definition.js';
import { yamlLibrary } from './yaml-on-demand.js';

/** Where raw input strings come from: `INPUT_*` variables in an action, flags in the CLI. */
export type RawInputSource = (name: string) => string | undefined;

const GITHUB_EXPRESSION = /^\$\{\{.*\}\}$/s;

/**
 * Reads and validates the inputs of one action. Every accessor applies the action.yml default when the
 * raw value is empty ("not given"), and every error names the input and quotes the value.
 */
export class InputReader {
  readonly read = new Set<string>();
  readonly definition: ActionDefinition;
  private readonly source: RawInputSource;

  constructor(definition: ActionDefinition, source: RawInputSource) {
    this.definition = definition;
    this.source = source;
  }

  private spec(name: string) {
    const spec = this.definition.inputs[name];
    if (!spec) throw new Error(`${this.definition.id}: input "${name}" is not defined`);
    return spec;
  }

  /** The raw string after defaults; '' when not given and no default. */
  raw(name: string): string {
    const spec = this.spec(name);
    this.read.add(name);
    const value = (this.source(name) ?? '').trim();
    if (value !== '') return value;
    if (spec.default !== undefined && !GITHUB_EXPRESSION.test(spec.default)) return spec.default;
    if (spec.required) {
      throw new UserError(`Input required and not supplied: ${name}.`, {
        hint: `Set \`${name}\` in the step's \`with:\` block (or pass --${name} to the CLI).`,
      });
    }
    return '';
  }

  /** A string, or undefined when not given. */
  optionalString(name: string): string | undefined {
    const value = this.raw(name);
    return value === '' ? undefined : value;
  }

  /** A string that must be present (after defaults). */
  string(name: string): string {
    const value = this.raw(name);
    if (value === '') throw new UserError(`Input "${name}" must not be empty.`);
    return value;
  }

  /** true/false in the YAML 1.2 core schema spelling, like @actions/core's getBooleanInput. */
  boolean(name: string): boolean {
    const value = this.raw(name);
    if (['true', 'True', 'TRUE'].includes(value)) return true;
    if (['false', 'False', 'FALSE', ''].includes(value)) return false;
    throw new UserError(`Input "${name}" must be true or false, got ${quote(value)}.`);
  }

  /** A finite number within an optional range. */
  number(
    name: string,
    range: {
      min?: number;
      max?: number;
      minExclusive?: boolean;
      maxExclusive?: boolean;
      integer?: boolean;
    } = {},
  ): number | undefined {
    const value = this.raw(name);
    if (value === '') return undefined;
    const n = Number(value);
    const describe = () => describeRange(range);
    if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value) || !Number.isFinite(n)) {
      throw new UserError(`Input "${name}" must be a number${describe()}, got ${quote(value)}.`);
    }
    if (range.integer && !Number.isInteger(n)) {
      throw new UserError(`Input "${name}" must be a whole number${describe()}, got ${quote(value)}.`);
    }
    const low = range.min !== undefined && (range.minExclusive ? n <= range.min : n < range.min);
    const high = range.max !== undefined && (range.maxExclusive ? n >= range.max : n > range.max);
    if (low || high) throw new UserError(`Input "${name}" must be${describe()}, got ${quote(value)}.`);
    return n;
  }

  /** Like number() but required after defaults. */
  requiredNumber(name: string, range: Parameters<InputReader['number']>[1] = {}): number {
    const n = this.number(name, range);
    if (n === undefined) throw new UserError(`Input "${name}" must not be empty.`);
    return n;
  }

  /** One of a fixed set of values. */
  choice<const T extends string>(name: string, choices: readonly T[]): T {
    const value = this.raw(name);
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new UserError(
      `Input "${name}" must be one of ${choices.map((c) => `"${c}"`).join(', ')}, got ${quote(value)}.`,
    );
  }

  /** A duration such as `90s`, `15m`, `12h`, `7d`, `2w`, returned in milliseconds. */
  duration(name: string): number | undefined {
    const value = this.raw(name);
    if (value === '') return undefined;
    const ms = parseDuration(value);
    if (ms === undefined) {
      throw new UserError(
        `Input "${name}" must be a duration like 30s, 15m, 12h, 7d or 2w, got ${quote(value)}.`,
      );
    }
    return ms;
  }

  /** An ISO 8601 date or date-time (no zone means UTC) as epoch milliseconds; the date must exist in the calendar. */
  timestamp(name: string): number | undefined {
    const value = this.raw(name);
    if (value === '') return undefined;
    const ms = parseIsoTimestamp(value);
    if (Number.isNaN(ms)) {
      throw new UserError(`Input "${name}" must be an ISO 8601 date or time, got ${quote(value)}.`, {
        hint: 'For example 2026-11-23 or 2026-11-23T06:00:00Z (no zone means UTC); the day must exist in the calendar.',
      });
    }
    return ms;
  }

  /** A YAML (or JSON) mapping of string keys to scalar values, rendered as strings. */
  yamlMap(name: string): Record<string, string> {
    // fromEntries defines each key as data, so a key `__proto__` stays a key instead of replacing the prototype.
    return Object.fromEntries(this.yamlEntries(name));
  }

  /** The same mapping as a Map, for keys that name columns or features (any string, `constructor` included). */
  yamlEntries(name: string): Map<string, string> {
    const value = this.raw(name);
    const out = new Map<string, string>();
    if (value === '') return out;
    const parsed = parseYamlSafely(value, `Input "${name}"`);
    if (parsed === null || parsed === undefined) return out;
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new UserError(
        `Input "${name}" must be a YAML mapping (key: value per line), got ${quote(value)}.`,
      );
    }
    for (const [key, v] of Object.entries(parsed as Record<string, unknown>)) {
      if (v !== null && typeof v === 'object') {
        throw new UserError(
          `Input "${name}": the value of "${key}" must be a string or number, not a nested structure.`,
        );
      }
      out.set(key, v === null || v === undefined ? '' : String(v));
    }
    return out;
  }

  /** Any YAML/JSON document (objects, lists); undefined when not given. */
  yaml(name: string): unknown {
    const value = this.raw(name);
    if (value === '') return undefined;
    return parseYamlSafely(value, `Input "${name}"`);
  }

  /** Every input as its raw string (after defaults), for actions that only pass values through. */
  all(): Record<string, string> {
    return Object.fromEntries(Object.keys(this.definition.inputs).map((name) => [name, this.raw(name)]));
  }

  /** A list separated by commas or newlines; blank entries dropped. */
  list(name: string): string[] {
    return splitList(this.raw(name));
  }
}

/** Parse YAML without letting alias expansion or deep nesting blow up memory. */
function parseYamlSafely(text: string, what: string): unknown {
  // Outside the try: a library not loaded yet is no YAML error (parseInputsLoadingYaml loads it and parses again).
  const { parse } = yamlLibrary();
  try {
    return parse(text, { maxAliasCount: 100, uniqueKeys: true, prettyErrors: false });
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new UserError(`${what} is not valid YAML: ${detail}`);
  }
}

/** Split a comma- or newline-separated list. */
export function splitList(value: string): string[] {
  return value
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const DURATION_UNITS: Record<string, number> = {
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
};

/** `90s`, `15m`, `12h`, `7d`, `2w`, `1h30m` → milliseconds; undefined when malformed. */
export function parseDuration(value: string): number | undefined {
  const text = value.trim().toLowerCase();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d|w))+$/.test(text)) return undefined;
  let total = 0;
  for (const match of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) {
    total += Number(match[1]) * DURATION_UNITS[match[2]!]!;
  }
  return total > 0 ? total : undefined;
}

/** Format milliseconds as the largest exact unit (`7d`, `36h`, `90s`). */
export function formatDuration(ms: number): string {
  for (const unit of ['w', 'd', 'h', 'm', 's'] as const) {
    const size = DURATION_UNITS[unit]!;
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function describeRange(range: {
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
}) {
  const parts: string[] = [];
  if (range.min !== undefined) parts.push(`${range.minExclusive ? '>' : '>='} ${range.min}`);
  if (range.max !== undefined) parts.push(`${range.maxExclusive ? '<' : '<='} ${range.max}`);
  return parts.length ? ` ${parts.join(' and ')}` : '';
}

/** Quote a user value for an error message, shortened and with control characters made visible. */
export function quote(value: string): string {
  const short = value.length > 80 ? `${value.slice(0, 77)}...` : value;
  return JSON.stringify(short);
}

/** Reads `INPUT_<NAME>` the way the runner sets it (spaces to underscores, upper case). */
export function envInputSource(env: NodeJS.ProcessEnv = process.env): RawInputSource {
  return (name) => env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`];
}
