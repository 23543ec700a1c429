import fc from 'fast-check';
import { EditMap as Original } from 'micromark-util-edit-map';
import { describe, expect, it } from 'vitest';
import { EditMap } from '../../lib/markdown/edit-map.js';

const edit = fc.record({
  at: fc.nat(40),
  remove: fc.nat(4),
  add: fc.array(fc.integer({ min: 1000, max: 9999 }), { maxLength: 4 }),
  before: fc.boolean(),
});

describe('EditMap (issue #12)', () => {
  it('should edit event lists exactly as micromark-util-edit-map does, over several rounds', () => {
    fc.assert(
      fc.property(fc.nat(40), fc.array(fc.array(edit, { maxLength: 6 }), { minLength: 1, maxLength: 3 }), (size, rounds) => {
        const ours = Array.from({ length: size }, (_, i) => i);
        const theirs = [...ours];
        const a = new EditMap<number>();
        const b = new Original();
        for (const round of rounds) {
          for (const e of round) {
            const at = Math.min(e.at, ours.length);
            a[e.before ? 'addBefore' : 'add'](at, e.remove, [...e.add]);
            b[e.before ? 'addBefore' : 'add'](at, e.remove, [...e.add] as never[]);
          }
          a.consume(ours);
          b.consume(theirs as never[]);
          expect(ours).toEqual(theirs);
        }
      }),
      { numRuns: 500, seed: 12 },
    );
  });

  it('should be what the bundled pipeline uses', async () => {
    const fs = await import('node:fs');
    const bundle = fs.readFileSync(new URL('../../lib/markdown/pipeline.js', import.meta.url), 'utf8');
    expect(bundle).toContain('// lib/markdown/edit-map.js');
    expect(bundle).not.toContain('// node_modules/micromark-util-edit-map/');
  });
});
