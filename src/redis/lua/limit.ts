/**
 * Lua port of `src/limit/decide.ts` and `src/limit/algorithms/*.ts`, line by line: the same
 * integer arithmetic on doubles (so the same answers as the memory store), `%` as JS's
 * (math.fmod, sign of the dividend).
 *
 * `decide_limits(req, items, values, now)` is one decision: `req` = { op, cor, bm }, items =
 * { t, key, rule, cost }, values = the decoded entry of each item (nil: absent); it returns the
 * response and the writes, and writes nothing itself (the RATE_LIMIT body below does).
 * `decide_one(op, cor, bm, item, value, now)` is the same for a request of one item (the common case),
 * with less bookkeeping; the differential tests hold both to the memory store's answers.
 * Entries are read with `dec_state` and written with `enc_state`: the generic JSON codec's
 * results (tested byte for byte), faster for the shape rate-limit entries have.
 */
export const LIMIT = String.raw`
-- is_obj(raw) and is_safe(raw[f]), inlined: this runs several times per decision.
local function int_field(raw, f)
  if type(raw) ~= 'table' or getmetatable(raw) ~= OBJ then return nil end
  local v = raw[f]
  if type(v) == 'number' and v == mfloor(v) and v >= -MAXSAFE and v <= MAXSAFE then return v end
  return nil
end
local function window_start(now, w) return now - math.fmod(now, w) end
local function ceil_div(a, b) return mfloor((a + b - 1) / b) end
local function max2(a, b) if a > b then return a end return b end

local FW = {
  load = function(raw, rule, now)
    local w = window_start(now, rule.windowMs)
    local n = 0
    if int_field(raw, 'w') == w then n = int_field(raw, 'n') or 0 end
    return { w = w, n = n }
  end,
  check = function(s, cost, rule) return s.n + cost <= rule.limit end,
  consume = function(s, cost) return { w = s.w, n = s.n + cost } end,
  refund = function(s, cost) return { w = s.w, n = max2(0, s.n - cost) } end,
  remaining = function(s, rule) return max2(0, rule.limit - s.n) end,
  retryAfter = function(s, cost, rule, now)
    if s.n + cost <= rule.limit then return 0 end
    return s.w + rule.windowMs - now
  end,
  resetAt = function(s, rule, now)
    if s.n > 0 then return s.w + rule.windowMs end
    return now
  end,
  dump = function(s) return obj_of({ w = s.w, n = s.n }) end,
}

local function sw_fits(p, c, e, cost, limit, W) return p * (W - e) + (c + cost) * W <= limit * W end
local SW = {
  load = function(raw, rule, now)
    local W = rule.windowMs
    local w = window_start(now, W)
    local rw = int_field(raw, 'w')
    local rc = int_field(raw, 'c') or 0
    if rw == w then return { w = w, c = rc, p = int_field(raw, 'p') or 0 } end
    if rw == w - W then return { w = w, c = 0, p = rc } end
    return { w = w, c = 0, p = 0 }
  end,
  check = function(s, cost, rule, now) return sw_fits(s.p, s.c, now - s.w, cost, rule.limit, rule.windowMs) end,
  consume = function(s, cost) return { w = s.w, c = s.c + cost, p = s.p } end,
  refund = function(s, cost) return { w = s.w, c = max2(0, s.c - cost), p = s.p } end,
  remaining = function(s, rule, now)
    local W = rule.windowMs
    local room = rule.limit * W - s.p * (W - (now - s.w)) - s.c * W
    return max2(0, mfloor(room / W))
  end,
  retryAfter = function(s, cost, rule, now)
    local W = rule.windowMs
    local e = now - s.w
    if sw_fits(s.p, s.c, e, cost, rule.limit, W) then return 0 end
    if s.c + cost <= rule.limit then
      local at = max2(e, W - mfloor(((rule.limit - s.c - cost) * W) / s.p))
      if at < W then return at - e end
    end
    local at = 0
    if s.c ~= 0 then at = max2(0, W - mfloor(((rule.limit - cost) * W) / s.c)) end
    return W - e + at
  end,
  resetAt = function(s, rule, now)
    if s.c > 0 then return s.w + 2 * rule.windowMs end
    if s.p > 0 then return s.w + rule.windowMs end
    return now
  end,
  dump = function(s) return obj_of({ w = s.w, c = s.c, p = s.p }) end,
}

local function tb_refill(rule) return rule.refill or rule.limit end
local TB = {
  load = function(raw, rule, now)
    local t = int_field(raw, 't')
    local k = int_field(raw, 'k')
    if t == nil or k == nil or t > now then return { t = now, k = rule.limit } end
    local refill = tb_refill(rule)
    local ticks = mfloor((now - t) / rule.windowMs)
    if k >= rule.limit or ticks >= ceil_div(rule.limit - k, refill) then
      return { t = now, k = rule.limit }
    end
    return { t = t + ticks * rule.windowMs, k = k + ticks * refill }
  end,
  check = function(s, cost) return s.k >= cost end,
  consume = function(s, cost) return { t = s.t, k = s.k - cost } end,
  refund = function(s, cost, rule, now)
    if s.k + cost >= rule.limit then return { t = now, k = rule.limit } end
    return { t = s.t, k = s.k + cost }
  end,
  remaining = function(s) return max2(0, s.k) end,
  retryAfter = function(s, cost, rule, now)
    if s.k >= cost then return 0 end
    return s.t + ceil_div(cost - s.k, tb_refill(rule)) * rule.windowMs - now
  end,
  resetAt = function(s, rule, now)
    if s.k >= rule.limit then return now end
    return s.t + ceil_div(rule.limit - s.k, tb_refill(rule)) * rule.windowMs
  end,
  dump = function(s) return obj_of({ t = s.t, k = s.k }) end,
}

local function gcra_burst(rule) return rule.burst or rule.limit end
local GCRA = {
  load = function(raw, rule, now)
    local t = int_field(raw, 't')
    local x = int_field(raw, 'x')
    if t == nil or x == nil or t > now then return { t = now, x = 0 } end
    local dt = now - t
    if dt >= ceil_div(x, rule.limit) then return { t = now, x = 0 } end
    return { t = now, x = x - dt * rule.limit }
  end,
  check = function(s, cost, rule) return s.x + cost * rule.windowMs <= gcra_burst(rule) * rule.windowMs end,
  consume = function(s, cost, rule) return { t = s.t, x = s.x + cost * rule.windowMs } end,
  refund = function(s, cost, rule) return { t = s.t, x = max2(0, s.x - cost * rule.windowMs) } end,
  remaining = function(s, rule)
    return max2(0, mfloor((gcra_burst(rule) * rule.windowMs - s.x) / rule.windowMs))
  end,
  retryAfter = function(s, cost, rule)
    local excess = s.x + cost * rule.windowMs - gcra_burst(rule) * rule.windowMs
    if excess <= 0 then return 0 end
    return ceil_div(excess, rule.limit)
  end,
  resetAt = function(s, rule, now) return now + ceil_div(s.x, rule.limit) end,
  dump = function(s) return obj_of({ t = s.t, x = s.x }) end,
}

local ALG = { ['fixed-window'] = FW, ['sliding-window'] = SW, ['token-bucket'] = TB, gcra = GCRA }

local function load_env(raw, item, now)
  local rule = item.rule
  local m = ALG[rule.algorithm]
  local same = is_obj(raw) and raw.a == rule.algorithm
  local vwLen = rule.violationWindowMs or rule.windowMs
  local vwNow = window_start(now, vwLen)
  local vw = nil
  local b = 0
  if same then
    vw = int_field(raw, 'vw')
    b = int_field(raw, 'b') or 0
  end
  local v = 0
  if vw == vwNow then v = int_field(raw, 'v') or 0 end
  local s
  if same then s = m.load(raw.s, rule, now) else s = m.load(nil, rule, now) end
  if b <= now then b = 0 end
  return { s = s, v = v, vw = vwNow, b = b }
end

local function dump_env(env, item, now)
  local rule = item.rule
  local m = ALG[rule.algorithm]
  local vwLen = rule.violationWindowMs or rule.windowMs
  local stop = m.resetAt(env.s, rule, now)
  if env.b > stop then stop = env.b end
  if env.v > 0 and env.vw + vwLen > stop then stop = env.vw + vwLen end
  if stop <= now then return nil, 0 end
  local value = obj_of({ a = rule.algorithm, s = m.dump(env.s) })
  if env.v > 0 then
    value.v = env.v
    value.vw = env.vw
  end
  if env.b > now then value.b = env.b end
  return value, stop - now
end

-- jencode of a value dump_env made, without the generic encoder's key sorting: the keys of each
-- algorithm's state, and of the value, are listed here in byte order.
local STATE_KEYS = {
  ['fixed-window'] = { 'n', 'w' }, ['sliding-window'] = { 'c', 'p', 'w' },
  ['token-bucket'] = { 'k', 't' }, gcra = { 't', 'x' },
}
local function enc_state(value)
  local s = value.s
  local keys = STATE_KEYS[value.a]
  local parts = {}
  for i = 1, #keys do parts[i] = '"' .. keys[i] .. '":' .. numtojs(s[keys[i]]) end
  local out = '{"a":' .. jstr(value.a)
  if value.b ~= nil then out = out .. ',"b":' .. numtojs(value.b) end
  out = out .. ',"s":{' .. tconcat(parts, ',') .. '}'
  if value.v ~= nil then out = out .. ',"v":' .. numtojs(value.v) .. ',"vw":' .. numtojs(value.vw) end
  return out .. '}'
end

-- jdecode of a stored entry, parsed with patterns when it has the shape enc_state writes with
-- integer fields (anything else: jdecode itself). The same value either way.
local function dec_state(raw)
  local a, rest = string.match(raw, '^{"a":"([%a%-]+)"(.*)}$')
  if a == nil then return jdecode(raw) end
  local value = obj_of({ a = a })
  local b, after_b = string.match(rest, '^,"b":(%-?%d+)(.*)$')
  if b ~= nil then
    value.b = tonumber(b)
    rest = after_b
  end
  local fields, after_s = string.match(rest, '^,"s":{([^{}]*)}(.*)$')
  if fields == nil then return jdecode(raw) end
  local s = obj_of({})
  local left = sgsub(fields, '^"(%a+)":(%-?%d+)', function(k, n)
    s[k] = tonumber(n)
    return ''
  end)
  left = sgsub(left, ',"(%a+)":(%-?%d+)', function(k, n)
    s[k] = tonumber(n)
    return ''
  end)
  if left ~= '' then return jdecode(raw) end
  value.s = s
  if after_s ~= '' then
    local v, vw = string.match(after_s, '^,"v":(%-?%d+),"vw":(%-?%d+)$')
    if v == nil then return jdecode(raw) end
    value.v = tonumber(v)
    value.vw = tonumber(vw)
  end
  return value
end

local function outcome(env, item, now, allowed, newly, violations)
  local rule = item.rule
  local m = ALG[rule.algorithm]
  local blocked = env.b > now
  local retry = 0
  if not allowed then retry = m.retryAfter(env.s, item.cost, rule, now) end
  local remaining = 0
  if not blocked then remaining = m.remaining(env.s, rule, now) end
  local floor = now
  if blocked then floor = env.b end
  local retryAfter = retry
  if blocked then retryAfter = max2(retry, env.b - now) end
  return obj_of({
    allowed = allowed,
    remaining = remaining,
    resetAtMs = max2(m.resetAt(env.s, rule, now), floor),
    retryAfterMs = retryAfter,
    blockedUntilMs = blocked and env.b or 0,
    newlyBlocked = newly,
    violations = violations,
  })
end

local function copy_env(e) return { s = e.s, v = e.v, vw = e.vw, b = e.b } end

-- decideLimits(request, values, now) -> response, writes ({ t, key, value|nil, ttl })
local function decide_limits(req, items, values, now)
  local ids, slotOf, firstIndex, base = {}, {}, {}, {}
  for i = 1, #items do
    local item = items[i]
    local id = item.t .. ':' .. item.key
    local slot = ids[id]
    if slot == nil then
      slot = #base + 1
      ids[id] = slot
      firstIndex[slot] = i
      base[slot] = load_env(values[i], item, now)
    end
    slotOf[i] = slot
  end
  local function fresh_work()
    local w = {}
    for k = 1, #base do w[k] = copy_env(base[k]) end
    return w
  end
  local work = fresh_work()
  local own, blockedAt, newly, viol = {}, {}, {}, {}
  for i = 1, #items do newly[i] = false end
  local dirty = false
  local allowedAll = true
  local op = req.op

  if op == 'consume' then
    for i = 1, #items do
      local item = items[i]
      local env = work[slotOf[i]]
      local m = ALG[item.rule.algorithm]
      local blocked = env.b > now
      local ok = (not blocked) and m.check(env.s, item.cost, item.rule, now)
      own[i] = ok
      blockedAt[i] = blocked
      if ok then env.s = m.consume(env.s, item.cost, item.rule, now) else allowedAll = false end
    end
    local cor = req.cor == true
    if not allowedAll then
      work = fresh_work()
      for i = 1, #items do
        local item = items[i]
        local env = work[slotOf[i]]
        local m = ALG[item.rule.algorithm]
        if cor and not blockedAt[i] then env.s = m.consume(env.s, item.cost, item.rule, now) end
        if not own[i] and not blockedAt[i] then
          env.v = env.v + 1
          local limit = item.rule.blockAfter
          if limit ~= nil and env.v >= limit and item.rule.blockMs ~= nil then
            viol[i] = env.v
            env.b = now + item.rule.blockMs
            env.v = 0
            newly[i] = true
          end
        end
      end
    end
    local violated = false
    for i = 1, #items do
      if not own[i] and not blockedAt[i] then violated = true end
    end
    dirty = allowedAll or cor or violated
  elseif op == 'refund' then
    for i = 1, #items do
      local item = items[i]
      local env = work[slotOf[i]]
      env.s = ALG[item.rule.algorithm].refund(env.s, item.cost, item.rule, now)
    end
    dirty = true
  elseif op == 'block' then
    for i = 1, #items do
      local env = work[slotOf[i]]
      env.b = now + (req.bm or 0)
    end
    dirty = true
  end

  local outcomes = new_arr()
  local every = true
  for i = 1, #items do
    local item = items[i]
    local env = work[slotOf[i]]
    local m = ALG[item.rule.algorithm]
    local allowed
    if op == 'consume' then
      allowed = own[i]
    else
      allowed = env.b <= now and m.check(env.s, item.cost, item.rule, now)
    end
    if not allowed then every = false end
    local v = viol[i]
    if v == nil then v = env.v end
    outcomes[i] = outcome(env, item, now, allowed, newly[i], v)
  end
  local writes = {}
  if dirty then
    for slot = 1, #work do
      local i = firstIndex[slot]
      local item = items[i]
      local value, ttl = dump_env(work[slot], item, now)
      writes[#writes + 1] = { t = item.t, key = item.key, value = value, ttl = ttl }
    end
  end
  local allowed = every
  if op == 'consume' then allowed = allowedAll end
  return obj_of({ allowed = allowed, items = outcomes, nowMs = now }), writes
end

-- decide_limits for a request of one item (op, consumeOnReject as a boolean, blockMs), without
-- the multi-item bookkeeping (slots, work copies, per-item lists): the same answer and write,
-- as allowed, the item's outcome, whether it writes, and the value (nil: remove) and its ttl.
-- With one item nothing is consumed before the check fails, so the rejected path needs no fresh
-- copy of the loaded state.
local function decide_one(op, cor, bm, item, raw, now)
  local rule = item.rule
  local m = ALG[rule.algorithm]
  local env = load_env(raw, item, now)
  local allowed, newly, v = false, false, nil
  local dirty = false
  if op == 'consume' then
    local blocked = env.b > now
    allowed = (not blocked) and m.check(env.s, item.cost, rule, now)
    if allowed then
      env.s = m.consume(env.s, item.cost, rule, now)
      dirty = true
    else
      if cor and not blocked then env.s = m.consume(env.s, item.cost, rule, now) end
      if not blocked then
        env.v = env.v + 1
        local limit = rule.blockAfter
        if limit ~= nil and env.v >= limit and rule.blockMs ~= nil then
          v = env.v
          env.b = now + rule.blockMs
          env.v = 0
          newly = true
        end
      end
      dirty = cor or not blocked
    end
  else
    if op == 'refund' then
      env.s = m.refund(env.s, item.cost, rule, now)
      dirty = true
    elseif op == 'block' then
      env.b = now + (bm or 0)
      dirty = true
    end
    allowed = env.b <= now and m.check(env.s, item.cost, rule, now)
  end
  if v == nil then v = env.v end
  local value, ttl = nil, 0
  if dirty then value, ttl = dump_env(env, item, now) end
  return allowed, outcome(env, item, now, allowed, newly, v), dirty, value, ttl
end
`;

/**
 * The rateLimit script body: a batch of decisions, run in order, each one atomic step over the
 * state the decisions before it left (the batch as a whole is one script, so one step too). All
 * decisions of a batch use one `now`. Each entry is read once per batch and written once at its
 * end; reclaim (16 expired entries per decision that wrote to a table, oldest first) and
 * whole-table expiry run once per table at the end: the same final state as running the
 * decisions one script each. Each table's writes go in one HSET and one ZADD (chunked).
 *
 * KEYS: `d`, `x` of each distinct table of the batch (table t at KEYS[2t-1], KEYS[2t]).
 * ARGV[2]: the number of rules R, then R rules of 8 fields each: algorithm, limit, windowMs,
 * refill, burst, blockAfter, blockMs, violationWindowMs ('' when absent). Then the decisions,
 * each a header `op,consumeOnReject,blockMs,n` + `,t,rule number,cost` per item (op: c(onsume),
 * p(eek), r(efund), b(lock), '' for anything else; consumeOnReject '1' or ''; '' for an absent
 * number), followed by its n keys. (One header per decision instead of 4 + 4n arguments: each
 * argument costs the client more than the script spends splitting the header.)
 * Reply: { text, error messages... }, the text a comma-separated list (one bulk string decodes
 * far cheaper in the client than hundreds of integers): nowMs, then per table the expired
 * entries reclaimed, then per decision either 1, allowed (1|0), then per item allowed, remaining,
 * resetAtMs, retryAfterMs, blockedUntilMs, newlyBlocked (1|0), violations — or 0 and k: that
 * decision failed (its message is reply[1 + k]), wrote nothing, and the others ran. Numbers are
 * printed as JS prints them.
 */
export const RATE_LIMIT = String.raw`
local OPS = { c = 'consume', p = 'peek', r = 'refund', b = 'block' }
local smatch, sgmatch = string.match, string.gmatch

-- The text of an error caught by pcall: a redis.call error is a table with err.
local function error_text(e)
  if type(e) == 'table' then return tostring(e.err or e.raceless or e) end
  return tostring(e)
end

local function main()
  local now = NOW()
  local nt = #KEYS / 2
  local tables = {}
  for t = 1, nt do tables[t] = { d = KEYS[2 * t - 1], x = KEYS[2 * t] } end
  local rules = {}
  local a = 3
  for r = 1, tonumber(ARGV[2]) do
    rules[r] = {
      algorithm = ARGV[a], limit = tonumber(ARGV[a + 1]), windowMs = tonumber(ARGV[a + 2]),
      refill = tonumber(ARGV[a + 3]), burst = tonumber(ARGV[a + 4]),
      blockAfter = tonumber(ARGV[a + 5]), blockMs = tonumber(ARGV[a + 6]),
      violationWindowMs = tonumber(ARGV[a + 7]),
    }
    a = a + 8
  end
  -- Entries: read once, then the (decoded) value the last decision left; false when absent.
  local entries, dirty = {}, {}
  local function entry(t, key)
    local id = t .. ':' .. key
    local e = entries[id]
    if e == nil then
      local raw = lookup(tables[t], key, now)
      e = { t = t, key = key, value = false }
      if raw then e.value = dec_state(raw) end
      entries[id] = e
    end
    return e
  end
  local function decide_one_entry(op, cor, bm, item)
    local e = entry(item.t, item.key)
    return e, decide_one(op, cor, bm, item, e.value or nil, now)
  end
  local function decide_many(req, items)
    local values = {}
    for i = 1, #items do
      local v = entry(items[i].t, items[i].key).value
      if v then values[i] = v end
    end
    return decide_limits(req, items, values, now)
  end
  local dirty_n = 0
  local function put(e, value, ttl)
    e.value = value or false
    e.ttl = ttl
    if not e.dirty then
      e.dirty = true
      dirty_n = dirty_n + 1
      dirty[dirty_n] = e
    end
  end
  -- A number of the reply text: Lua prints numbers with 14 significant digits, exact for
  -- integers below 10^14 (times in ms are 13 digits); anything else as JS prints it.
  local function reply_num(v)
    if v < 1e14 and v > -1e14 and v == mfloor(v) then return v end
    return numtojs(v)
  end
  local out = { reply_num(now) }
  for t = 1, nt do out[t + 1] = 0 end
  local n_out = nt + 1
  local errors = {}
  local function emit(o)
    local remaining, resetAt, retryAfter, blockedUntil, violations =
      reply_num(o.remaining), reply_num(o.resetAtMs), reply_num(o.retryAfterMs),
      reply_num(o.blockedUntilMs), reply_num(o.violations)
    out[n_out + 1] = o.allowed and 1 or 0
    out[n_out + 2] = remaining
    out[n_out + 3] = resetAt
    out[n_out + 4] = retryAfter
    out[n_out + 5] = blockedUntil
    out[n_out + 6] = o.newlyBlocked and 1 or 0
    out[n_out + 7] = violations
    n_out = n_out + 7
  end
  local wrote = {}
  local nargs = #ARGV
  while a <= nargs do
    local header = ARGV[a]
    local oc, c, m, t1, r1, cost1 = smatch(header, '^(%a?),(1?),([^,]*),1,(%d+),(%d+),([^,]*)$')
    local ok, response
    if oc ~= nil then
      local item = { t = tonumber(t1), key = ARGV[a + 1], rule = rules[tonumber(r1)], cost = tonumber(cost1) }
      a = a + 2
      local e, allowed, o, dirty, value, ttl
      ok, e, allowed, o, dirty, value, ttl = pcall(decide_one_entry, OPS[oc], c == '1', tonumber(m), item)
      if ok then
        if dirty then
          put(e, value, ttl)
          wrote[item.t] = (wrote[item.t] or 0) + 1
        end
        out[n_out + 1] = 1
        out[n_out + 2] = allowed and 1 or 0
        n_out = n_out + 2
        emit(o)
      else
        response = e
      end
    else
      local f, nf = {}, 0
      for x in sgmatch(header .. ',', '([^,]*),') do
        nf = nf + 1
        f[nf] = x
      end
      local req = { op = OPS[f[1]], cor = f[2] == '1', bm = tonumber(f[3]) }
      local n = tonumber(f[4])
      local items = {}
      for i = 1, n do
        local j = 2 + 3 * i
        items[i] = { t = tonumber(f[j]), key = ARGV[a + i], rule = rules[tonumber(f[j + 1])], cost = tonumber(f[j + 2]) }
      end
      a = a + 1 + n
      local writes
      ok, response, writes = pcall(decide_many, req, items)
      if ok then
        local seen = {}
        for i = 1, #writes do
          local w = writes[i]
          put(entry(w.t, w.key), w.value, w.ttl)
          if not seen[w.t] then
            seen[w.t] = true
            wrote[w.t] = (wrote[w.t] or 0) + 1
          end
        end
        out[n_out + 1] = 1
        out[n_out + 2] = response.allowed and 1 or 0
        n_out = n_out + 2
        local outcomes = response.items
        for i = 1, #outcomes do emit(outcomes[i]) end
      end
    end
    if not ok then
      errors[#errors + 1] = error_text(response)
      out[n_out + 1] = 0
      out[n_out + 2] = #errors
      n_out = n_out + 2
    end
  end
  -- Each table's entries in one HSET and one ZADD (removals: one HDEL, one ZREM), in chunks.
  local hset, zadd, gone = {}, {}, {}
  for i = 1, #dirty do
    local e = dirty[i]
    local t = e.t
    if e.value then
      local h, z = hset[t], zadd[t]
      if h == nil then
        h, z = {}, {}
        hset[t], zadd[t] = h, z
      end
      h[#h + 1] = e.key
      h[#h + 1] = enc_state(e.value)
      z[#z + 1] = fmt(now + e.ttl)
      z[#z + 1] = e.key
    else
      local g = gone[t]
      if g == nil then
        g = {}
        gone[t] = g
      end
      g[#g + 1] = e.key
    end
  end
  for t = 1, nt do
    local tb = tables[t]
    if hset[t] then
      each_chunk(hset[t], function(...) redis.call('HSET', tb.d, ...) end)
      each_chunk(zadd[t], function(...) redis.call('ZADD', tb.x, ...) end)
    end
    if gone[t] then
      each_chunk(gone[t], function(...) redis.call('HDEL', tb.d, ...) end)
      each_chunk(gone[t], function(...) redis.call('ZREM', tb.x, ...) end)
    end
    if wrote[t] then
      out[t + 1] = reclaim(tb, now, RECLAIM_BATCH * wrote[t])
      settle(tb)
    end
  end
  local reply = { tconcat(out, ',') }
  for i = 1, #errors do reply[i + 1] = errors[i] end
  return reply
end
`;
