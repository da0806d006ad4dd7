import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ldParse, ldAdd, ldToFixed17, ldFormatHuman, ldIsFinite, ldFromBigInt, type LongDouble } from '../../src/util/longdouble.js';

/** Parses like Redis (rejecting ERANGE overflow/underflow), or undefined. */
function p(s: string): LongDouble | undefined {
  const r = ldParse(s);
  return r === undefined || r.range ? undefined : r.v;
}

/** x + y printed with %.17Lf, 'BAD' for invalid input, 'NANINF' for a non-finite sum (reference: C long double on x86-64). */
function sum(a: string, b: string): string {
  const x = p(a), y = p(b);
  if (x === undefined || y === undefined) return 'BAD';
  const s = ldAdd(x, y);
  return ldIsFinite(s) ? ldToFixed17(s) : 'NANINF';
}

test('long double: addition and %.17Lf match x87 results', () => {
  const cases: [string, string, string][] = [
    ['10.5', '0.1', '10.60000000000000000'],
    ['0.1', '0.2', '0.30000000000000000'],
    ['1.1', '2.2', '3.30000000000000000'],
    ['-3.3', '3.3', '0.00000000000000000'],
    ['1e17', '0.5', '100000000000000000.50000000000000000'],
    ['5.0000000000000000005', '0', '5.00000000000000000'],
    ['-0.000000000000000005', '0', '-0.00000000000000000'],
    ['0.000000000000000015', '0', '0.00000000000000002'],
    ['0.000000000000000025', '0', '0.00000000000000002'],
    ['0x1p-18', '0', '0.00000381469726562'],
    ['0x3p-18', '0', '0.00001144409179688'],
    ['9223372036854775807', '1', '9223372036854775808.00000000000000000'],
    ['-9223372036854775808', '-0.25', '-9223372036854775808.00000000000000000'],
    ['1e4932', '1e4932', 'NANINF'],
    ['1.18973149535723176508e4932', '0', 'BAD'],
    ['3.6e-4951', '0', '0.00000000000000000'],
    ['1e-4952', '0', 'BAD'],
    ['1e-4951', '0', 'BAD'],
    ['1e5000', '0', 'BAD'],
    ['inf', '1', 'NANINF'],
    ['-Infinity', '1', 'NANINF'],
    ['1e', '0', 'BAD'],
    ['0x', '0', 'BAD'],
    ['.', '0', 'BAD'],
    ['nan', '0', 'BAD'],
    ['.5', '5.', '5.50000000000000000'],
    ['0x1.8p1', '0x10', '19.00000000000000000'],
    ['123456789012345678901234567890', '0.000001', '123456789012345678899921813504.00000000000000000'],
    ['0.3', '-0.1', '0.20000000000000000'],
    ['2.5e-1', '2.5e-1', '0.50000000000000000'],
  ];
  for (const [a, b, want] of cases) assert.equal(sum(a, b), want, `${a} + ${b}`);
});

test('long double: the largest finite value prints all its digits', () => {
  const s = sum('1.18973149535723176502e4932', '0');
  const ldblMax = ((1n << 64n) - 1n) << BigInt(16384 - 64);
  assert.equal(s, ldblMax.toString() + '.00000000000000000');
  assert.equal(s.length, 4933 + 18);
});

test('long double: Redis human-friendly formatting', () => {
  const f = (s: string) => ldFormatHuman(p(s)!);
  assert.equal(f('10.60000000000000000'), '10.6');
  assert.equal(ldFormatHuman(ldAdd(p('10.5')!, p('0.1')!)), '10.6');
  assert.equal(f('-0.000000000000000001'), '0');
  assert.equal(f('-0'), '0');
  assert.equal(f('0'), '0');
  assert.equal(f('3'), '3');
  assert.equal(f('-2.5'), '-2.5');
  assert.equal(f('1e17'), '100000000000000000');
  assert.equal(f('0x1p-18'), '0.00000381469726562');
  assert.equal(f('-inf'), '-inf');
  assert.equal(ldFormatHuman(ldFromBigInt(-9223372036854775808n)), '-9223372036854775808');
  assert.equal(ldFormatHuman(ldFromBigInt(9223372036854775807n)), '9223372036854775807');
});

test('long double: parsing rules', () => {
  for (const bad of ['', ' 1', '1 ', 'abc', '1.2.3', '--1', '1e+', 'e5', '0x.p1', 'infin', 'nan', 'NaN(1)', '1e99999999999999999999', '1e-99999999999'])
    assert.equal(p(bad), undefined, JSON.stringify(bad));
  for (const ok of ['0', '-0', '+5', '.5', '5.', '1E3', '1e+3', '0X1P-2', 'INF', '-infinity', '0e99999999999', '00012.50'])
    assert.notEqual(p(ok), undefined, ok);
  assert.equal(ldFormatHuman(p('00012.50')!), '12.5');
  assert.equal(ldFormatHuman(p('0X1P-2')!), '0.25');
});
