/**
 * Lua bodies of the table operations. Each defines `main()`; a script is the clock prelude + the
 * library chunks the body uses + body + EPILOGUE (assembled in `../scripts.ts`). KEYS are always
 * the table's `d`, `x`, `u` keys; ARGV[1] is the manual clock's time in test builds and ignored
 * otherwise.
 *
 * Every body validates before its first write: a typed failure (`fail`) leaves Redis unchanged.
 * Write replies are arrays `{result, expiredReclaimed, evicted, ...}`.
 */

const TB = String.raw`
local tb = { d = KEYS[1], x = KEYS[2], u = KEYS[3] }
`;

/** ARGV: key, lru ('1'). Reply: the live raw value or nil. */
export const GET = `${TB}${String.raw`
local function main()
  local key = ARGV[2]
  local now = NOW()
  local v, _, dead = lookup(tb, key, now)
  if dead then
    remove(tb, key)
    settle(tb)
    return false
  end
  if not v then return false end
  if ARGV[3] == '1' then
    touch(tb, key)
    settle(tb)
  end
  return v
end
`}`;

/** ARGV: mode, max, lru, then (key, raw, ttlMs|'') per item. Reply: {wrote 0|1, expired, evicted}. */
export const PUT = `${TB}${String.raw`
local function main()
  local now = NOW()
  local insert = ARGV[2] == 'insertNew'
  local max = tonumber(ARGV[3])
  local lru = ARGV[4] == '1'
  local n = (#ARGV - 4) / 3
  local protect, fresh = {}, 0
  for i = 0, n - 1 do
    local key = ARGV[5 + 3 * i]
    if not protect[key] then
      protect[key] = true
      if lookup(tb, key, now) then
        if insert then return { 0, 0, 0 } end
      else
        fresh = fresh + 1
      end
    end
  end
  local plan = plan_room(tb, fresh, max, lru, protect, now)
  local budget = 2 * n
  if budget < RECLAIM_BATCH then budget = RECLAIM_BATCH end
  local expired = reclaim(tb, now, budget)
  local more, evicted = apply_room(tb, plan, now)
  for i = 0, n - 1 do
    local key, ttl = ARGV[5 + 3 * i], ARGV[7 + 3 * i]
    write(tb, key, ARGV[6 + 3 * i], ttl ~= '' and now + tonumber(ttl))
    if lru then touch(tb, key) end
  end
  settle(tb)
  return { 1, expired + more, evicted }
end
`}`;

/** ARGV: key. Reply: the removed live raw value, or nil. */
export const TAKE = `${TB}${String.raw`
local function main()
  local key = ARGV[2]
  local v, _, dead = lookup(tb, key, NOW())
  if v or dead then
    remove(tb, key)
    settle(tb)
  end
  return v or false
end
`}`;

/** ARGV: key. Reply: 1 when a live entry was removed. */
export const DELETE = `${TB}${String.raw`
local function main()
  local key = ARGV[2]
  local v, _, dead = lookup(tb, key, NOW())
  if v or dead then
    remove(tb, key)
    settle(tb)
  end
  return v and 1 or 0
end
`}`;

/** ARGV: key, expected raw|'' (absent), next raw, ttlMs|'', max, lru. Reply: {0|1, expired, evicted}. */
export const COMPARE_AND_SET = `${TB}${String.raw`
local function main()
  local key, expected, nextv = ARGV[2], ARGV[3], ARGV[4]
  local ttl = tonumber(ARGV[5])
  local max = tonumber(ARGV[6])
  local lru = ARGV[7] == '1'
  local now = NOW()
  local v, e = lookup(tb, key, now)
  if not v then
    if expected ~= '' then return { 0, 0, 0 } end
    local plan = plan_room(tb, 1, max, lru, { [key] = true }, now)
    local expired = reclaim(tb, now, RECLAIM_BATCH)
    local more, evicted = apply_room(tb, plan, now)
    write(tb, key, nextv, ttl and now + ttl)
    if lru then touch(tb, key) end
    settle(tb)
    return { 1, expired + more, evicted }
  end
  if expected == '' or v ~= expected then return { 0, 0, 0 } end
  local expired = reclaim(tb, now, RECLAIM_BATCH)
  write(tb, key, nextv, ttl and now + ttl or e)
  if lru then touch(tb, key) end
  settle(tb)
  return { 1, expired, 0 }
end
`}`;

/** ARGV: key, expected raw. Reply: 1 when removed. */
export const COMPARE_AND_DELETE = `${TB}${String.raw`
local function main()
  local key = ARGV[2]
  local v, _, dead = lookup(tb, key, NOW())
  if dead then
    remove(tb, key)
    settle(tb)
    return 0
  end
  if not v or v ~= ARGV[3] then return 0 end
  remove(tb, key)
  settle(tb)
  return 1
end
`}`;

/**
 * The part updateCounter and updateFields share (a library chunk, see `core.ts`). ARGV: key,
 * (the operation's payload), default raw|'' (absent: none), ttlMs|'', max, lru. Reads the live
 * value of the key, or the default when there is none; `change(base, present)` returns the new
 * value (it may fail, before anything is written); the entry is written keeping its expiry (a new
 * one gets ttlMs), with room planning, bounded reclaim, LRU touch and settle. Returns nil when
 * the key is absent and there is no default (nothing written); else expired, evicted and what
 * `change` returned second.
 */
export const UPDATE_ENTRY = String.raw`
local function update_entry(tb, change)
  local key = ARGV[2]
  local ttl = tonumber(ARGV[5])
  local max = tonumber(ARGV[6])
  local lru = ARGV[7] == '1'
  local now = NOW()
  local v, e = lookup(tb, key, now)
  local base
  if v then
    base = jdecode(v)
  elseif ARGV[4] ~= '' then
    base = jdecode(ARGV[4])
  else
    return nil
  end
  local value, extra = change(base, v ~= nil)
  local plan = nil
  if not v then plan = plan_room(tb, 1, max, lru, { [key] = true }, now) end
  local expired = reclaim(tb, now, RECLAIM_BATCH)
  local more, evicted = apply_room(tb, plan, now)
  if v then
    write(tb, key, jencode(value), e)
  else
    write(tb, key, jencode(value), ttl and now + ttl)
  end
  if lru then touch(tb, key) end
  settle(tb)
  return expired + more, evicted, extra
end
`;

/**
 * ARGV: key, ops JSON ([[field|null, incr, threshold|null, setValue|null], ...]), default raw|'',
 * ttlMs|'', max, lru. Reply: {expired, evicted, result1, result2, ...}.
 */
export const UPDATE_COUNTER = `${TB}${String.raw`
local function main()
  local expired, evicted, results = update_entry(tb, function(base)
    return apply_counter(base, jdecode(ARGV[3]))
  end)
  if expired == nil then fail('NOT_FOUND', {}) end
  local reply = { expired, evicted }
  -- As strings: some clients parse integer replies beyond 2^52 inexactly.
  for i = 1, #results do reply[i + 2] = numtojs(results[i]) end
  return reply
end
`}`;

/** ARGV: key, fields JSON, default raw|'', ttlMs|'', max, lru. Reply: {0|1, expired, evicted}. */
export const UPDATE_FIELDS = `${TB}${String.raw`
local function main()
  local expired, evicted = update_entry(tb, function(base, present)
    if not is_obj(base) then
      fail('WRONG_TYPE', { present and 'key' or 'default', 'the value is not a plain object' })
    end
    for f, x in pairs(jdecode(ARGV[3])) do base[f] = x end
    return base
  end)
  if expired == nil then return { 0, 0, 0 } end
  return { 1, expired, evicted }
end
`}`;

/** ARGV: spec JSON. Reply: {deleted, expired}. One pass over the whole table (HGETALL). */
export const SELECT_DELETE = `${TB}${String.raw`
local function main()
  local now = NOW()
  local spec = jdecode(ARGV[2])
  local dead = {}
  local expiredKeys = redis.call('ZRANGEBYSCORE', tb.x, '-inf', fmt(now))
  for i = 1, #expiredKeys do dead[expiredKeys[i]] = true end
  local all = redis.call('HGETALL', tb.d)
  local victims = {}
  for i = 1, #all, 2 do
    local k = all[i]
    if not dead[k] and spec_match(spec, { enc = k, raw = all[i + 1] }) then
      victims[#victims + 1] = k
    end
  end
  local expired = reclaim(tb, now, nil)
  for i = 1, #victims do remove(tb, victims[i]) end
  settle(tb)
  return { #victims, expired }
end
`}`;

/** ARGV: cursor, count. Reply: {nextCursor, key1, raw1, key2, raw2, ...} (live entries only). */
export const SCAN = `${TB}${String.raw`
local function main()
  local now = NOW()
  local r = redis.call('HSCAN', tb.d, ARGV[2], 'COUNT', ARGV[3])
  local out = { r[1] }
  local kv = r[2]
  for i = 1, #kv, 2 do
    local e = redis.call('ZSCORE', tb.x, kv[i])
    if not e or tonumber(e) > now then
      out[#out + 1] = kv[i]
      out[#out + 1] = kv[i + 1]
    end
  end
  return out
end
`}`;

/** Reply: the number of live entries (exact: entries minus those past their expiry). */
export const SIZE = `${TB}${String.raw`
local function main()
  return redis.call('HLEN', tb.d) - redis.call('ZCOUNT', tb.x, '-inf', fmt(NOW()))
end
`}`;

/** Reply: how many live entries were removed; the table's keys are gone. */
export const CLEAR = `${TB}${String.raw`
local function main()
  local n = redis.call('HLEN', tb.d) - redis.call('ZCOUNT', tb.x, '-inf', fmt(NOW()))
  redis.call('DEL', tb.d, tb.x, tb.u)
  return n
end
`}`;
