import { describe, expect, it } from 'vitest';
import { SubmissionKey } from './idempotency';

describe('SubmissionKey', () => {
  it.each([
    ['the same details', { a: 1 }, { a: 1 }, true],
    ['changed details', { a: 1 }, { a: 2 }, false],
  ])('%s: same key %s', (_name, first, second, same) => {
    const k = new SubmissionKey();
    const one = k.keyFor(first);
    expect(one).toMatch(/^[0-9a-f-]{36}$/);
    expect(k.keyFor(second) === one).toBe(same);
  });

  it('gives a fresh submission its own key', () => {
    expect(new SubmissionKey().keyFor({ a: 1 })).not.toBe(new SubmissionKey().keyFor({ a: 1 }));
  });
});
