/**
 * Lua ports of `src/store/counter.ts` (applyCounterOps: same results, same errors and messages)
 * and `src/store/spec.ts` (matchSpec), with the key decoder the spec's `key`/`keyAt` operands need.
 */

/** applyCounterOps(value, ops) → value, results; ops are [field|null, incr, threshold|null, setValue|null]. */
export const COUNTER = String.raw`
local function describe(v)
  if v == nil then return 'missing' end
  if v == NULL then return 'null' end
  if is_arr(v) then return 'an array' end
  local t = type(v)
  if t == 'number' then return 'the number ' .. numtojs(v) end
  if t == 'table' then return 'a object' end
  return 'a ' .. t
end

local function apply_counter(value, ops)
  local obj = nil
  local results = {}
  for i = 1, #ops do
    local op = ops[i]
    local field, incr, thr, setv = op[1], op[2], op[3], op[4]
    local cur
    if field == NULL then
      cur = value
      if not is_int(cur) then
        fail('NOT_A_COUNTER', { 'key', 'value is ' .. describe(cur) .. ', not an integer counter' })
      end
    else
      if not is_obj(value) then
        fail('NOT_A_COUNTER', { 'field', 'op ' .. (i - 1) .. " names field '" .. field .. "' but the value is " .. describe(value) })
      end
      cur = value[field]
      if not is_int(cur) then
        fail('NOT_A_COUNTER', { 'field', "field '" .. field .. "' is " .. describe(cur) .. ', not an integer counter' })
      end
    end
    local nxt = cur + incr
    if thr ~= NULL and setv ~= NULL then
      if (incr >= 0 and nxt > thr) or (incr < 0 and nxt < thr) then nxt = setv end
    end
    if not is_safe(nxt) then
      fail('OUT_OF_RANGE', { 'incr', 'op ' .. (i - 1) .. ' would take the counter to ' .. numtojs(nxt) .. ', beyond the safe-integer range' })
    end
    if field == NULL then
      value = nxt
    else
      if obj == nil then
        obj = new_obj()
        for k, x in pairs(value) do obj[k] = x end
        value = obj
      end
      obj[field] = nxt
    end
    results[i] = nxt
  end
  return value, results
end
`;

/** spec_match(spec, entry) where entry = { enc = encoded key, raw = stored JSON }. */
export const SPEC = String.raw`
local MISSING = { 'missing' }
local BIG = { 'bigint' }

-- Encoded key string body: %XX is a UTF-8 byte, %uXXXX a lone surrogate (kept as WTF-8).
local function unesc(body)
  if not sfind(body, '%', 1, true) then return body end
  local out, n, i = {}, 0, 1
  local len = #body
  while i <= len do
    local j = sfind(body, '%', i, true)
    if not j then
      n = n + 1
      out[n] = ssub(body, i)
      break
    end
    if j > i then
      n = n + 1
      out[n] = ssub(body, i, j - 1)
    end
    n = n + 1
    if ssub(body, j + 1, j + 1) == 'u' then
      out[n] = utf8enc(tonumber(ssub(body, j + 2, j + 5), 16))
      i = j + 6
    else
      out[n] = schar(tonumber(ssub(body, j + 1, j + 2), 16))
      i = j + 3
    end
  end
  return tconcat(out)
end

-- decodeKey as data: strings, numbers, booleans, tuples (arrays); a bigint part is BIG.
local dkey
dkey = function(s, i)
  local tag = ssub(s, i, i)
  if tag == '(' then
    local a, n = new_arr(), 0
    i = i + 1
    if ssub(s, i, i) == ')' then return a, i + 1 end
    while true do
      local v
      v, i = dkey(s, i)
      n = n + 1
      a[n] = v
      local sep = ssub(s, i, i)
      i = i + 1
      if sep == ')' then return a, i end
    end
  end
  if tag == 'T' then return true, i + 1 end
  if tag == 'F' then return false, i + 1 end
  local j = sfind(s, '[~)]', i + 1) or (#s + 1)
  local body = ssub(s, i + 1, j - 1)
  if tag == 's' then return unesc(body), j end
  if tag == 'n' then return tonumber(body), j end
  return BIG, j
end

local key_as_data
key_as_data = function(k)
  if k == BIG then return MISSING end
  if is_arr(k) then
    for i = 1, #k do
      if key_as_data(k[i]) == MISSING then return MISSING end
    end
  end
  return k
end

local function entry_value(e)
  if e.value == nil then e.value = jdecode(e.raw) end
  return e.value
end

local function entry_key(e)
  if e.key == nil then e.key = (dkey(e.enc, 1)) end
  return e.key
end

local function operand(s, e)
  if s.value ~= nil then return entry_value(e) end
  if s.field ~= nil then
    local v = entry_value(e)
    if is_obj(v) then
      local x = v[s.field]
      if x ~= nil then return x end
    end
    return MISSING
  end
  local k = entry_key(e)
  if s.key ~= nil then
    if k == BIG then return BIG end
    return key_as_data(k)
  end
  local i = s.keyAt
  if not is_arr(k) or i >= #k then return MISSING end
  local part = k[i + 1]
  if part == BIG then return BIG end
  return key_as_data(part)
end

local spec_match
spec_match = function(s, e)
  local list = s['and']
  if list ~= nil then
    for i = 1, #list do
      if not spec_match(list[i], e) then return false end
    end
    return true
  end
  list = s['or']
  if list ~= nil then
    for i = 1, #list do
      if spec_match(list[i], e) then return true end
    end
    return false
  end
  if s['not'] ~= nil then return not spec_match(s['not'], e) end
  local v = operand(s, e)
  if s.exists ~= nil then return (v ~= MISSING) == s.exists end
  if v == MISSING or v == BIG then return false end
  if s.eq ~= nil then return deq(v, s.eq) end
  if s.ne ~= nil then return not deq(v, s.ne) end
  local bound = s.lt
  local cmp = 'lt'
  if bound == nil then bound, cmp = s.lte, 'lte' end
  if bound == nil then bound, cmp = s.gt, 'gt' end
  if bound == nil then bound, cmp = s.gte, 'gte' end
  local order
  if type(v) == 'number' and type(bound) == 'number' then
    order = v < bound and -1 or (v > bound and 1 or 0)
  elseif type(v) == 'string' and type(bound) == 'string' then
    order = bytecmp(v, bound)
  else
    return false
  end
  if cmp == 'lt' then return order < 0 end
  if cmp == 'lte' then return order <= 0 end
  if cmp == 'gt' then return order > 0 end
  return order >= 0
end
`;
