import { describe, expect, it } from 'vitest';
import { DictionaryEncoder } from './dictionary.js';
import { FloatBuffer } from './float-buffer.js';
import { FloatChunks } from './float-chunks.js';

describe('FloatBuffer', () => {
  it('keeps every value pushed past its initial capacity, in order', () => {
    const buffer = new FloatBuffer({ capacity: 2 });
    for (let i = 0; i < 1000; i++) buffer.push(i / 2);
    expect(buffer.length).toBe(1000);
    expect(Array.from(buffer.done())).toEqual(Array.from({ length: 1000 }, (_, i) => i / 2));
  });

  it('grows no further than max on its own, one value at a time beyond it', () => {
    const buffer = new FloatBuffer({ max: 5 });
    expect(buffer.values.length).toBe(5);
    for (let i = 0; i < 6; i++) buffer.push(i);
    expect(buffer.values.length).toBe(6);
    expect(Array.from(buffer.done())).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('appends whole arrays after pushed values, growing past its capacity as pushes do', () => {
    const buffer = new FloatBuffer({ capacity: 3 });
    buffer.push(-1);
    for (let k = 0; k < 5; k++) buffer.append(Float64Array.from({ length: 7 }, (_, i) => k * 7 + i));
    buffer.push(35);
    expect(Array.from(buffer.done())).toEqual([-1, ...Array.from({ length: 36 }, (_, i) => i)]);
  });
});

describe('FloatChunks', () => {
  it('joins batches in the order added, empty ones included', () => {
    const chunks = new FloatChunks();
    for (const batch of [[1, 2], [], [3], [4, 5, 6]]) chunks.add(Float64Array.from(batch));
    expect(Array.from(chunks.done())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(new FloatChunks().done()).toEqual(new Float64Array(0));
  });

  it('gives back a single batch that spans its buffer as it is, and copies one that is a view', () => {
    const whole = Float64Array.from([1, 2, 3]);
    const one = new FloatChunks();
    one.add(whole);
    expect(one.done()).toBe(whole);
    const view = new FloatChunks();
    view.add(whole.subarray(1));
    const copy = view.done();
    expect(Array.from(copy)).toEqual([2, 3]);
    expect(copy.buffer.byteLength).toBe(2 * 8);
  });
});

describe('DictionaryEncoder', () => {
  it('gives dense codes in first-seen order, -1 for null, and one code per pushed value', () => {
    const encoder = new DictionaryEncoder(1);
    for (const v of ['b', 'a', null, 'b', 'c', 'a']) encoder.push(v);
    expect(encoder.values).toEqual(['b', 'a', 'c']);
    expect(Array.from(encoder.done())).toEqual([0, 1, -1, 0, 2, 1]);
    expect(Array.from(encoder.codes)).toEqual([0, 1, -1, 0, 2, 1]);
    expect(encoder.code('d')).toBe(3);
    expect(encoder.length).toBe(6);
  });
});
