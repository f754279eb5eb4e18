import { UserError } from '@mlops-actions/core';
import { describe, expect, it } from 'vitest';
import { defineAction } from './definition.js';
import type { InputReader } from './inputs.js';
import { rejectionMessage, testDeps, testInputs } from './testing.js';

const definition = defineAction({
  id: 'sample',
  name: 'sample',
  description: 'sample action',
  branding: { icon: 'x', color: 'blue' },
  inputs: {
    gamma: { description: 'decay', default: '0.8' },
    stack: { description: 'stack', required: true },
  },
  outputs: {},
});
const parseInputs = (r: InputReader) => ({
  gamma: r.number('gamma', { min: 0, max: 1 }),
  stack: r.string('stack'),
});

describe('the testing entry', () => {
  it('parses inputs through the action’s own parser, with defaults and validation', () => {
    expect(testInputs({ definition, parseInputs }, { stack: 'ml' })).toEqual({ gamma: 0.8, stack: 'ml' });
    expect(() => testInputs({ definition, parseInputs }, { stack: 'ml', gamma: '2' })).toThrow(
      'Input "gamma" must be >= 0 and <= 1, got "2".',
    );
    expect(() => testInputs({ definition, parseInputs }, {})).toThrow(
      'Input required and not supplied: stack.',
    );
  });

  it('gives deps with a memory logger and a clock that instant sleeps advance', async () => {
    const deps = testDeps();
    const start = deps.now().getTime();
    await deps.sleep(5000);
    expect(deps.now().getTime() - start).toBe(5000);
    deps.logger.warning('w');
    expect(deps.logger.of('warning')).toEqual(['w']);
  });

  it('reads the message a user sees from a rejection, and fails when there is none', async () => {
    expect(await rejectionMessage(Promise.reject(new UserError('Bad input.', { hint: 'Fix it.' })))).toBe(
      'Bad input. Fix it.',
    );
    await expect(rejectionMessage(Promise.resolve(1))).rejects.toThrow('expected the promise to reject');
  });
});
