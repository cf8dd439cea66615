// The batch script reads rate-limit entries with dec_state (patterns for the shape it writes,
// jdecode for anything else) and writes them with enc_state (a canonical JSON encoder for the
// values dump_env makes, without generic key sorting). Both agree exactly with the generic codec:
// 2,000 random entries of all four algorithms, with and without violations and blocks, numbers
// from 0 to far beyond 2^53, decode to the same value as with jdecode and encode to the same
// bytes as jencode and the JS canonicalJson; odd but valid JSON decodes as jdecode decodes it.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { canonicalJson } from '../../src/redis/json.js';
import { chunksFor } from '../../src/redis/scripts.js';
import { ioredisClient } from './helpers.js';
import { mulberry32 } from './random.js';

const client = ioredisClient();
after(() => client.disconnect());

const BODY = String.raw`
local bad = {}
for i = 1, #ARGV do
  local v = jdecode(ARGV[i])
  if not deq(dec_state(ARGV[i]), v) then bad[#bad + 1] = 'decoded differently: ' .. ARGV[i] end
  if KEYS[1] == 'canonical' then
    local mine, generic = enc_state(v), jencode(v)
    if mine ~= ARGV[i] or generic ~= ARGV[i] then bad[#bad + 1] = ARGV[i] .. ' -> ' .. mine end
  end
end
return bad
`;

test('dec_state reads and enc_state writes exactly what jdecode, jencode, canonicalJson do', async () => {
  const rand = mulberry32(9);
  const numbers = [
    0,
    1,
    7,
    999,
    1_700_000_000_123,
    2 ** 53 - 1,
    2 ** 53,
    2 ** 53 + 2,
    1e21,
    2 ** 70,
  ];
  const num = () =>
    rand() < 0.5 ? Math.floor(rand() * 100_000) : numbers[Math.floor(rand() * numbers.length)]!;
  const fields: Record<string, string[]> = {
    'fixed-window': ['w', 'n'],
    'sliding-window': ['w', 'c', 'p'],
    'token-bucket': ['t', 'k'],
    gcra: ['t', 'x'],
  };
  const algorithms = Object.keys(fields);
  const values: string[] = [];
  for (let i = 0; i < 2_000; i++) {
    const a = algorithms[Math.floor(rand() * algorithms.length)]!;
    const s: Record<string, number> = {};
    for (const f of fields[a]!) s[f] = num();
    const value: Record<string, unknown> = { a, s };
    if (rand() < 0.4) {
      value.v = 1 + Math.floor(rand() * 50);
      value.vw = num();
    }
    if (rand() < 0.3) value.b = num();
    values.push(canonicalJson(value as never));
  }
  const source = `${chunksFor(BODY).join('')}${BODY}`;
  assert.deepEqual(await client.eval(source, 1, 'canonical', ...values), []);
  const odd = [
    '{"a":"gcra","s":{"t":1,"x":2.5}}',
    '{"a":"gcra","s":{"t":1e+21,"x":2}}',
    '{"a":"gcra", "s":{"t":1,"x":2}}',
    '{"a":"gcra","s":{"t":1,"x":2},"v":3}',
    '{"a":"gcra","s":{"t":1,"x":2},"v":3,"vw":4,"z":5}',
    '{"a":"gcra","c":[1,{"d":2}],"s":{"t":1,"x":2}}',
    '{"a":"g\\u0063ra","s":{"t":1,"x":2}}',
    '{"a":"gcra","s":{"t":-0,"x":007}}',
    '{"a":"gcra","s":{}}',
    '{"a":"gcra","s":{"t":{"deep":1}}}',
    '{"s":{"t":1,"x":2},"a":"gcra"}',
    '[1,2,3]',
    '"text"',
    '42',
  ];
  assert.deepEqual(await client.eval(source, 1, 'odd', ...odd), []);
});
