import { beforeAll, describe, expect, it } from 'vitest';
import * as yaml from 'yaml';
import { defineAction } from './definition.js';
import { formatDuration, InputReader, parseDuration, splitList } from './inputs.js';
import { provideYaml } from './yaml-on-demand.js';

// The entries load the YAML library on demand (yaml-on-demand.test.ts); these tests read YAML inputs directly.
beforeAll(() => provideYaml(yaml));

const definition = defineAction({
  id: 'sample',
  name: 'sample',
  description: 'sample action',
  branding: { icon: 'x', color: 'blue' },
  inputs: {
    gamma: { description: 'decay', default: '0.8' },
    window: { description: 'window', default: '7d' },
    wait: { description: 'wait', default: 'true' },
    tags: { description: 'tags' },
    mode: { description: 'mode', default: 'plan' },
    stack: { description: 'stack', required: true },
    token: { description: 'token', default: '${{ github.token }}' },
  },
  outputs: {},
});

const reader = (values: Record<string, string>) => new InputReader(definition, (n) => values[n]);

describe('InputReader', () => {
  it('applies action.yml defaults when an input is empty', () => {
    const r = reader({ gamma: '  ' });
    expect(r.number('gamma', { min: 0, max: 1, minExclusive: true })).toBe(0.8);
    expect(r.duration('window')).toBe(7 * 86_400_000);
    expect(r.boolean('wait')).toBe(true);
  });

  it('does not treat an unevaluated ${{ }} default as a value', () => {
    expect(reader({}).raw('token')).toBe('');
  });

  it('names the input and quotes the value for numbers out of range', () => {
    expect(() => reader({ gamma: '1.5' }).number('gamma', { min: 0, max: 1, minExclusive: true })).toThrow(
      'Input "gamma" must be > 0 and <= 1, got "1.5".',
    );
    expect(() => reader({ gamma: '0' }).number('gamma', { min: 0, max: 1, minExclusive: true })).toThrow(
      'got "0"',
    );
    expect(() => reader({ gamma: 'abc' }).number('gamma')).toThrow(
      'Input "gamma" must be a number, got "abc".',
    );
    expect(() => reader({ gamma: '0x10' }).number('gamma')).toThrow('must be a number');
    expect(() => reader({ gamma: 'NaN' }).number('gamma')).toThrow('must be a number');
  });

  it('parses booleans strictly', () => {
    expect(reader({ wait: 'False' }).boolean('wait')).toBe(false);
    expect(() => reader({ wait: 'yes' }).boolean('wait')).toThrow(
      'Input "wait" must be true or false, got "yes".',
    );
  });

  it('fails on a missing required input with what to do', () => {
    expect(() => reader({}).string('stack')).toThrow('Input required and not supplied: stack.');
  });

  it('parses YAML maps, rejecting nested values and alias bombs', () => {
    expect(reader({ tags: 'team: ml\ncost-center: 42' }).yamlMap('tags')).toEqual({
      team: 'ml',
      'cost-center': '42',
    });
    expect(reader({ tags: '{"a": "b,c"}' }).yamlMap('tags')).toEqual({ a: 'b,c' });
    expect(() => reader({ tags: '- a\n- b' }).yamlMap('tags')).toThrow('must be a YAML mapping');
    expect(() => reader({ tags: 'a: {b: 1}' }).yamlMap('tags')).toThrow('"a" must be a string or number');
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      bomb.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)},*${String.fromCharCode(96 + i)}]`,
      );
    expect(() => reader({ tags: bomb.join('\n') }).yaml('tags')).toThrow(/Input "tags" is not valid YAML/);
  });

  it('accepts only listed choices', () => {
    expect(reader({ mode: 'apply' }).choice('mode', ['plan', 'apply'] as const)).toBe('apply');
    expect(() => reader({ mode: 'destroy' }).choice('mode', ['plan', 'apply'])).toThrow(
      'Input "mode" must be one of "plan", "apply", got "destroy".',
    );
  });
});

describe('timestamps', () => {
  it('reads an ISO 8601 date or time as epoch milliseconds (no zone means UTC), empty as not given', () => {
    expect(reader({ tags: '2026-11-23' }).timestamp('tags')).toBe(Date.UTC(2026, 10, 23));
    expect(reader({ tags: '2026-11-23T06:00' }).timestamp('tags')).toBe(Date.UTC(2026, 10, 23, 6));
    expect(reader({}).timestamp('tags')).toBeUndefined();
  });

  it('refuses a day that does not exist, naming the input and quoting the value', () => {
    expect(() => reader({ tags: '2026-02-30' }).timestamp('tags')).toThrow(
      'Input "tags" must be an ISO 8601 date or time, got "2026-02-30".',
    );
  });
});

describe('durations', () => {
  it('parses and formats', () => {
    expect(parseDuration('90s')).toBe(90_000);
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('2w')).toBe(14 * 86_400_000);
    expect(parseDuration('7')).toBeUndefined();
    expect(parseDuration('-1d')).toBeUndefined();
    expect(parseDuration('0d')).toBeUndefined();
    expect(formatDuration(7 * 86_400_000)).toBe('1w');
    expect(formatDuration(36 * 3_600_000)).toBe('36h');
  });

  it('splits lists on commas and newlines', () => {
    expect(splitList('a, b\n c,,')).toEqual(['a', 'b', 'c']);
  });
});
