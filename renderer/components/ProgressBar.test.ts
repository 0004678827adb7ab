import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatPercent } from './ProgressBar.js';

test('a crawl shows tenths under 10 %, whole percents above, and 100 % only when done', () => {
  const cases: Array<[number, string]> = [
    [0, '0.0'],
    [0.0004, '0.0'],
    [0.004, '0.4'],
    [0.0999, '9.9'],
    [0.1, '10'],
    [0.4261, '42'],
    [0.9999, '99'],
    [1, '100'],
    [1.2, '100'],
    [-0.1, '0.0'],
  ];
  for (const [fraction, shown] of cases) assert.equal(formatPercent(fraction), `${shown}\u00a0%`, String(fraction));
});
