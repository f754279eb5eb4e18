import { UserError } from '@mlops-actions/core';
import { describe, expect, it } from 'vitest';
import { defineAction } from './definition.js';
import { InputReader } from './inputs.js';
import { parseInputsLoadingYaml, yamlLibrary } from './yaml-on-demand.js';

const definition = defineAction({
  id: 'sample',
  name: 'sample',
  description: 'sample action',
  branding: { icon: 'x', color: 'blue' },
  inputs: {
    stack: { description: 'stack', required: true },
    tags: { description: 'tags' },
  },
  outputs: {},
});

/** A parser that reads `stack`, then the YAML map `tags`; counts its passes. */
function parserOf(values: Record<string, string>) {
  const passes: number[] = [];
  const parse = () => {
    passes.push(passes.length + 1);
    const r = new InputReader(definition, (n) => values[n]);
    return { stack: r.string('stack'), tags: r.yamlMap('tags') };
  };
  return { parse, passes };
}

// One file, one module instance: the cases run in order, from a library not loaded to a loaded one.
describe('YAML library on demand', () => {
  it('reports an input error met before any YAML value without loading the library', async () => {
    const { parse, passes } = parserOf({ tags: 'team: ml' });
    const error = await parseInputsLoadingYaml(parse).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe('Input required and not supplied: stack.');
    expect(passes).toEqual([1]);
    expect(() => yamlLibrary()).toThrow(/not loaded/);
  });

  it('parses inputs without YAML values in one pass, still without the library', async () => {
    const { parse, passes } = parserOf({ stack: 'ml' });
    expect(await parseInputsLoadingYaml(parse)).toEqual({ stack: 'ml', tags: {} });
    expect(passes).toEqual([1]);
    expect(() => yamlLibrary()).toThrow(/not loaded/);
  });

  it('loads the library when a YAML value is met, and parses again', async () => {
    const { parse, passes } = parserOf({ stack: 'ml', tags: 'team: ml\ncost-center: 42' });
    expect(await parseInputsLoadingYaml(parse)).toEqual({
      stack: 'ml',
      tags: { team: 'ml', 'cost-center': '42' },
    });
    expect(passes).toEqual([1, 2]);
    expect(typeof yamlLibrary().parse).toBe('function');
  });

  it('parses in one pass once the library is loaded, and keeps YAML errors user errors', async () => {
    const { parse, passes } = parserOf({ stack: 'ml', tags: 'a: [' });
    await expect(parseInputsLoadingYaml(parse)).rejects.toThrow(/Input "tags" is not valid YAML/);
    expect(passes).toEqual([1]);
  });
});
