/**
 * The Lua library RedisStore scripts are assembled from (see `../scripts.ts`): the clock
 * preludes, then small chunks — a canonical JSON decoder/encoder, byte-order string comparison,
 * typed error replies, the per-table helpers (lookup, write, bounded reclaim, capacity planning
 * with LRU eviction, whole-table expiry). Each script carries only the chunks its body uses
 * (directly or through other chunks): Redis runs a script's whole top level on every call, so
 * every `local function` defined costs time on each call, used or not.
 *
 * A chunk may use only chunks listed before it (Lua locals are visible after their definition);
 * its top-level `local` definitions start at column 0, which is how the assembler finds them.
 *
 * Why our own JSON: Redis's cjson prints numbers with 14 significant digits, cannot tell `[]` from
 * `{}`, and does not sort object keys. Values are stored as canonical JSON made in JS (object keys
 * sorted by code point, numbers as JavaScript prints them), so structural equality is string
 * equality; a value re-encoded here must come out byte for byte as JS would have written it.
 *
 * Why not Lua's `<` on strings: Lua compares strings with `strcoll`, and redis-server calls
 * `setlocale(LC_COLLATE, "")`, so the order could depend on the server's locale. `bytelt` is the
 * UTF-8 byte order (= code point order).
 */

/** Clock prelude: the server's `TIME` in ms; physical key expiry on. */
export const SERVER_CLOCK = String.raw`
local PHYS = true
local __now
local function NOW()
  if __now == nil then
    local t = redis.call('TIME')
    __now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
  end
  return __now
end
`;

/**
 * Test-only clock prelude: `now` comes from ARGV[1] (a manual clock), and no Redis key gets a
 * physical expiry (a manual clock's times are not the server's). Never used by the public store.
 */
export const ARGV_CLOCK = String.raw`
local PHYS = false
local function NOW() return tonumber(ARGV[1]) end
`;

export const CORE: readonly string[] = [
  String.raw`
local sbyte, ssub, sfind, schar, sfmt, sgsub = string.byte, string.sub, string.find, string.char, string.format, string.gsub
local mfloor, tconcat = math.floor, table.concat
local MAXSAFE = 9007199254740991
`,
  String.raw`
local NULL = setmetatable({}, { __tostring = function() return 'null' end })
`,
  String.raw`
local ARR = { 'array' }
local function new_arr() return setmetatable({}, ARR) end
local function is_arr(v) return type(v) == 'table' and getmetatable(v) == ARR end
local function arr_of(t) return setmetatable(t, ARR) end
`,
  String.raw`
local OBJ = { 'object' }
local function new_obj() return setmetatable({}, OBJ) end
local function is_obj(v) return type(v) == 'table' and getmetatable(v) == OBJ end
local function obj_of(t) return setmetatable(t, OBJ) end
`,
  String.raw`
local function is_int(v) return type(v) == 'number' and v == mfloor(v) and v > -math.huge and v < math.huge end
`,
  String.raw`
local function is_safe(v) return type(v) == 'number' and v == mfloor(v) and v >= -MAXSAFE and v <= MAXSAFE end
`,
  String.raw`
-- Strict byte order of two strings (Lua's < uses strcoll).
local function bytecmp(a, b)
  if a == b then return 0 end
  local la, lb = #a, #b
  local n = la < lb and la or lb
  local i = 1
  while i <= n do
    local j = i + 15
    if j > n then j = n end
    if ssub(a, i, j) ~= ssub(b, i, j) then
      for k = i, j do
        local x, y = sbyte(a, k), sbyte(b, k)
        if x ~= y then return x < y and -1 or 1 end
      end
    end
    i = j + 1
  end
  return la < lb and -1 or 1
end
local function bytelt(a, b) return bytecmp(a, b) < 0 end
`,
  String.raw`
local function utf8enc(cp)
  if cp < 0x80 then return schar(cp) end
  if cp < 0x800 then return schar(0xC0 + mfloor(cp / 64), 0x80 + cp % 64) end
  if cp < 0x10000 then
    return schar(0xE0 + mfloor(cp / 4096), 0x80 + mfloor(cp / 64) % 64, 0x80 + cp % 64)
  end
  return schar(0xF0 + mfloor(cp / 262144), 0x80 + mfloor(cp / 4096) % 64, 0x80 + mfloor(cp / 64) % 64, 0x80 + cp % 64)
end
`,
  String.raw`
-- A number as JavaScript's String(n) prints it (shortest round-trip digits, same notation).
local function numtojs(n)
  if n == 0 then return '0' end
  if n == mfloor(n) and n >= -MAXSAFE and n <= MAXSAFE then return sfmt('%.0f', n) end
  local s
  for p = 0, 16 do
    s = sfmt('%.' .. p .. 'e', n)
    if tonumber(s) == n then break end
  end
  local sign, int, frac, ex = string.match(s, '^(-?)(%d)%.?(%d*)e([-+]%d+)$')
  local digits = sgsub(int .. frac, '0+$', '')
  if digits == '' then digits = '0' end
  local k = #digits
  local e = tonumber(ex) + 1
  local out
  if k <= e and e <= 21 then
    out = digits .. string.rep('0', e - k)
  elseif 0 < e and e <= 21 then
    out = ssub(digits, 1, e) .. '.' .. ssub(digits, e + 1)
  elseif -6 < e and e <= 0 then
    out = '0.' .. string.rep('0', -e) .. digits
  else
    local x = e - 1
    out = ssub(digits, 1, 1) .. (k > 1 and ('.' .. ssub(digits, 2)) or '') .. 'e' .. (x >= 0 and '+' or '-') .. sfmt('%d', math.abs(x))
  end
  return sign .. out
end
`,
  String.raw`
-- JSON decoding -----------------------------------------------------------------------------
local JUNESC = { ['"'] = '"', ['\\'] = '\\', ['/'] = '/', b = '\b', f = '\f', n = '\n', r = '\r', t = '\t' }

local function jstring(s, i)
  local j = i + 1
  local parts, np = nil, 0
  while true do
    local k = sfind(s, '["\\]', j)
    if not k then error('raceless: unterminated JSON string') end
    if sbyte(s, k) == 34 then
      if parts == nil then return ssub(s, i + 1, k - 1), k + 1 end
      np = np + 1
      parts[np] = ssub(s, j, k - 1)
      return tconcat(parts), k + 1
    end
    parts = parts or {}
    np = np + 1
    parts[np] = ssub(s, j, k - 1)
    local c = ssub(s, k + 1, k + 1)
    if c == 'u' then
      local cp = tonumber(ssub(s, k + 2, k + 5), 16)
      j = k + 6
      if cp >= 0xD800 and cp <= 0xDBFF and ssub(s, j, j + 1) == '\\u' then
        local lo = tonumber(ssub(s, j + 2, j + 5), 16)
        if lo and lo >= 0xDC00 and lo <= 0xDFFF then
          cp = 0x10000 + (cp - 0xD800) * 1024 + (lo - 0xDC00)
          j = j + 6
        end
      end
      np = np + 1
      parts[np] = utf8enc(cp)
    else
      np = np + 1
      parts[np] = JUNESC[c]
      j = k + 2
    end
  end
end

local jvalue
jvalue = function(s, i)
  i = sfind(s, '%S', i)
  local c = sbyte(s, i)
  if c == 123 then
    local o = new_obj()
    i = sfind(s, '%S', i + 1)
    if sbyte(s, i) == 125 then return o, i + 1 end
    while true do
      local k, v
      k, i = jstring(s, sfind(s, '"', i, true))
      i = sfind(s, ':', i, true) + 1
      v, i = jvalue(s, i)
      o[k] = v
      i = sfind(s, '%S', i)
      if sbyte(s, i) == 125 then return o, i + 1 end
      i = i + 1
    end
  elseif c == 91 then
    local a, n = new_arr(), 0
    i = sfind(s, '%S', i + 1)
    if sbyte(s, i) == 93 then return a, i + 1 end
    while true do
      local v
      v, i = jvalue(s, i)
      n = n + 1
      a[n] = v
      i = sfind(s, '%S', i)
      if sbyte(s, i) == 93 then return a, i + 1 end
      i = i + 1
    end
  elseif c == 34 then
    return jstring(s, i)
  elseif c == 116 then
    return true, i + 4
  elseif c == 102 then
    return false, i + 5
  elseif c == 110 then
    return NULL, i + 4
  end
  local _, e = sfind(s, '^[-+%d.eE]+', i)
  return tonumber(ssub(s, i, e)), e + 1
end
local function jdecode(s) return (jvalue(s, 1)) end
`,
  String.raw`
-- JSON encoding (canonical: object keys in byte order; strings escaped as JSON.stringify does) --
local JESC = { ['"'] = '\\"', ['\\'] = '\\\\', ['\b'] = '\\b', ['\f'] = '\\f', ['\n'] = '\\n', ['\r'] = '\\r', ['\t'] = '\\t' }
local function jesc(c) return JESC[c] or sfmt('\\u%04x', sbyte(c)) end
local function jlone(c)
  local a, b, d = sbyte(c, 1, 3)
  return sfmt('\\u%04x', (a - 0xE0) * 4096 + (b - 0x80) * 64 + (d - 0x80))
end
local function jstr(s)
  if sfind(s, '[%z\1-\31"\\\237]') then
    s = sgsub(s, '[%z\1-\31"\\]', jesc)
    -- A lone surrogate (decoded from a \uD8xx escape) goes back out as that escape.
    s = sgsub(s, '\237[\160-\191][\128-\191]', jlone)
  end
  return '"' .. s .. '"'
end
`,
  String.raw`
local jencode
jencode = function(v)
  local t = type(v)
  if t == 'string' then return jstr(v) end
  if t == 'number' then return numtojs(v) end
  if t == 'boolean' then return v and 'true' or 'false' end
  if v == nil or v == NULL then return 'null' end
  if getmetatable(v) == ARR then
    local parts = {}
    for i = 1, #v do parts[i] = jencode(v[i]) end
    return '[' .. tconcat(parts, ',') .. ']'
  end
  local keys, n = {}, 0
  for k in pairs(v) do
    n = n + 1
    keys[n] = k
  end
  table.sort(keys, bytelt)
  local parts = {}
  for i = 1, n do parts[i] = jstr(keys[i]) .. ':' .. jencode(v[keys[i]]) end
  return '{' .. tconcat(parts, ',') .. '}'
end
`,
  String.raw`
-- Structural equality of decoded values.
local deq
deq = function(a, b)
  if a == b then return true end
  if type(a) ~= 'table' or type(b) ~= 'table' then return false end
  local ma = getmetatable(a)
  if ma ~= getmetatable(b) then return false end
  if ma == ARR then
    if #a ~= #b then return false end
    for i = 1, #a do
      if not deq(a[i], b[i]) then return false end
    end
    return true
  end
  if ma ~= OBJ then return false end
  local n = 0
  for k, x in pairs(a) do
    local y = b[k]
    if y == nil or not deq(x, y) then return false end
    n = n + 1
  end
  for _ in pairs(b) do n = n - 1 end
  return n == 0
end
`,
  String.raw`
-- A typed error: the script replies 'RACELESS <CODE> <json payload>' and writes nothing after it.
-- The payload is a list of strings and numbers, encoded as jencode would.
local function fail(code, payload)
  local parts = {}
  for i = 1, #payload do
    local v = payload[i]
    if type(v) == 'number' then parts[i] = numtojs(v) else parts[i] = jstr(v) end
  end
  error({ raceless = 'RACELESS ' .. code .. ' [' .. tconcat(parts, ',') .. ']' })
end
`,
  String.raw`
-- Tables: d = HASH key -> value, x = ZSET key -> expiresAt (ms), u = ZSET key -> recency --------
local function fmt(n) return sfmt('%.0f', n) end
`,
  String.raw`
-- The live raw value and its expiry (false: none); nil when absent; third result true when the
-- entry is present but expired.
local function lookup(tb, key, now)
  local v = redis.call('HGET', tb.d, key)
  if not v then return nil, false, false end
  local e = redis.call('ZSCORE', tb.x, key)
  if e then
    e = tonumber(e)
    if e <= now then return nil, false, true end
    return v, e, false
  end
  return v, false, false
end
`,
  String.raw`
local function remove(tb, key)
  redis.call('HDEL', tb.d, key)
  redis.call('ZREM', tb.x, key)
  if tb.u then redis.call('ZREM', tb.u, key) end
end
`,
  String.raw`
local function write(tb, key, raw, expiresAt)
  redis.call('HSET', tb.d, key, raw)
  if expiresAt then
    redis.call('ZADD', tb.x, fmt(expiresAt), key)
  else
    redis.call('ZREM', tb.x, key)
  end
end
`,
  String.raw`
local function each_chunk(list, fn)
  local n = #list
  local i = 1
  while i <= n do
    local j = i + 499
    if j > n then j = n end
    fn(unpack(list, i, j))
    i = j + 1
  end
end
`,
  String.raw`
-- Removes expired entries, at most budget of them (all when budget is nil); returns how many.
local function reclaim(tb, now, budget)
  local ks
  if budget then
    ks = redis.call('ZRANGEBYSCORE', tb.x, '-inf', fmt(now), 'LIMIT', 0, budget)
  else
    ks = redis.call('ZRANGEBYSCORE', tb.x, '-inf', fmt(now))
  end
  if #ks == 0 then return 0 end
  each_chunk(ks, function(...) redis.call('HDEL', tb.d, ...) end)
  each_chunk(ks, function(...) redis.call('ZREM', tb.x, ...) end)
  if tb.u then each_chunk(ks, function(...) redis.call('ZREM', tb.u, ...) end) end
  return #ks
end
`,
  String.raw`
-- Whole-table expiry: when every entry has a TTL, the table's keys expire with the last of
-- them; when one entry has none, they persist. Empty tables leave no key behind.
local function settle(tb)
  if not PHYS then return end
  local n = redis.call('HLEN', tb.d)
  if n == 0 then
    redis.call('DEL', tb.x)
    if tb.u then redis.call('DEL', tb.u) end
    return
  end
  local m = redis.call('ZCARD', tb.x)
  if m >= n then
    local last = redis.call('ZRANGE', tb.x, -1, -1, 'WITHSCORES')
    local at = fmt(tonumber(last[2]))
    redis.call('PEXPIREAT', tb.d, at)
    redis.call('PEXPIREAT', tb.x, at)
    if tb.u then redis.call('PEXPIREAT', tb.u, at) end
  else
    redis.call('PERSIST', tb.d)
    redis.call('PERSIST', tb.x)
    if tb.u then redis.call('PERSIST', tb.u) end
  end
end
`,
  String.raw`
-- Marks a key most recently used in an LRU table.
local function touch(tb, key)
  local top = redis.call('ZRANGE', tb.u, -1, -1, 'WITHSCORES')
  local s = 1
  if top[2] then s = tonumber(top[2]) + 1 end
  redis.call('ZADD', tb.u, fmt(s), key)
end
`,
  String.raw`
-- Plans room for created new keys without writing: nil when it fits as is; otherwise a plan
-- (reclaim every expired entry, evict these LRU victims). Fails with CAPACITY when it cannot fit.
local function plan_room(tb, created, max, lru, protect, now)
  if not max or created == 0 then return nil end
  local n = redis.call('HLEN', tb.d)
  if n + created <= max then return nil end
  local live = n - redis.call('ZCOUNT', tb.x, '-inf', fmt(now))
  local victims = {}
  if lru and created <= max and live + created > max then
    local need = live + created - max
    local start = 0
    while need > 0 do
      local batch = redis.call('ZRANGE', tb.u, start, start + 63)
      if #batch == 0 then break end
      for i = 1, #batch do
        local k = batch[i]
        if need > 0 and not protect[k] then
          local e = redis.call('ZSCORE', tb.x, k)
          if (not e or tonumber(e) > now) and redis.call('HEXISTS', tb.d, k) == 1 then
            victims[#victims + 1] = k
            need = need - 1
          end
        end
      end
      start = start + 64
    end
    live = live - #victims
  end
  if live + created > max then fail('CAPACITY', { max }) end
  return victims
end
`,
  String.raw`
-- Applies a plan from plan_room; returns (expired reclaimed, evicted).
local function apply_room(tb, plan, now)
  if plan == nil then return 0, 0 end
  local expired = reclaim(tb, now, nil)
  for i = 1, #plan do remove(tb, plan[i]) end
  return expired, #plan
end
`,
  String.raw`
local RECLAIM_BATCH = 16
`,
];

/** Wraps a script's `main` so typed failures become clean error replies. */
export const EPILOGUE = String.raw`
local ok, res = pcall(main)
if ok then return res end
if type(res) == 'table' and res.raceless then return redis.error_reply(res.raceless) end
error(res, 0)
`;
