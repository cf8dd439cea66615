/**
 * Lua port of `src/limit/decide.ts` and `src/limit/algorithms/*.ts`, line by line: the same
 * integer arithmetic on doubles (so the same answers as the memory store), `%` as JS's
 * (math.fmod, sign of the dividend).
 *
 * KEYS: `d`, `x` of each distinct table, in order (table t at KEYS[2t-1], KEYS[2t]).
 * ARGV[2]: the request as JSON `{ op, cor?, bm?, items: [[t, key, rule, cost], ...] }`.
 * Reply: the LimitResponse as JSON, plus {expired} — `{ response, expired }` as a 2-array.
 */
export const LIMIT = String.raw`
local function int_field(raw, f)
  if not is_obj(raw) then return nil end
  local v = raw[f]
  if is_safe(v) then return v end
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
`;

/** The rateLimit script body. */
export const RATE_LIMIT = String.raw`
local function main()
  local now = NOW()
  local req = jdecode(ARGV[2])
  local tables = {}
  for t = 1, #KEYS / 2 do tables[t] = { d = KEYS[2 * t - 1], x = KEYS[2 * t] } end
  local items = {}
  local values = {}
  for i = 1, #req.items do
    local it = req.items[i]
    items[i] = { t = it[1], key = it[2], rule = it[3], cost = it[4] }
    local raw = lookup(tables[it[1]], it[2], now)
    if raw then values[i] = jdecode(raw) end
  end
  local response, writes = decide_limits(req, items, values, now)
  local touched, expired = {}, 0
  for i = 1, #writes do
    local w = writes[i]
    local tb = tables[w.t]
    if w.value == nil then
      redis.call('HDEL', tb.d, w.key)
      redis.call('ZREM', tb.x, w.key)
    else
      write(tb, w.key, jencode(w.value), now + w.ttl)
    end
    if not touched[w.t] then
      touched[w.t] = true
      expired = expired + reclaim(tb, now, RECLAIM_BATCH)
    end
  end
  for t in pairs(touched) do settle(tables[t]) end
  return { jencode(response), expired }
end
`;
