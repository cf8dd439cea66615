/**
 * Lua port of `src/breaker/transitions.ts` (breakerStep), line by line.
 * KEYS: the table's `d`, `x`. ARGV[2]: key, ARGV[3]: command JSON, ARGV[4]: rule JSON.
 * Reply: {reply JSON, expired}.
 */
export const BREAKER = String.raw`
local WINDOW_BUCKETS = 10
local STATES = { closed = true, open = true, ['half-open'] = true, isolated = true }

local function num(v, d)
  if type(v) == 'number' then return v end
  return d
end
local function arr_or_empty(v)
  if is_arr(v) then return v end
  return {}
end
local function js_string(v)
  if v == nil then return 'undefined' end
  if v == NULL then return 'null' end
  local t = type(v)
  if t == 'string' then return v end
  if t == 'number' then return numtojs(v) end
  if t == 'boolean' then return v and 'true' or 'false' end
  return jencode(v)
end

local function br_load(raw, now)
  if not is_obj(raw) or type(raw.s) ~= 'string' or not STATES[raw.s] then
    return { s = 'closed', g = now, untl = 0, att = 0, cf = 0, adm = 0, ok = 0, leases = {}, win = {}, c = { 0, 0, 0, 0, 0 } }
  end
  local leases = {}
  for i, l in ipairs(arr_or_empty(raw.leases)) do
    local p = arr_or_empty(l)
    leases[i] = { token = js_string(p[1]), deadline = num(p[2], 0) }
  end
  local win = {}
  for i, b in ipairs(arr_or_empty(raw.win)) do
    local p = arr_or_empty(b)
    win[i] = { num(p[1], 0), num(p[2], 0), num(p[3], 0) }
  end
  local rc = arr_or_empty(raw.c)
  local c = {}
  for i = 1, 5 do c[i] = num(rc[i], 0) end
  return {
    s = raw.s, g = num(raw.g, now), untl = num(raw['until'], 0), att = num(raw.att, 0),
    cf = num(raw.cf, 0), adm = num(raw.adm, 0), ok = num(raw.ok, 0), leases = leases, win = win, c = c,
  }
end

local function br_dump(st)
  local leases = new_arr()
  for i, l in ipairs(st.leases) do leases[i] = arr_of({ l.token, l.deadline }) end
  local win = new_arr()
  for i, b in ipairs(st.win) do win[i] = arr_of({ b[1], b[2], b[3] }) end
  return obj_of({
    s = st.s, g = st.g, ['until'] = st.untl, att = st.att, cf = st.cf, adm = st.adm, ok = st.ok,
    leases = leases, win = win, c = arr_of({ st.c[1], st.c[2], st.c[3], st.c[4], st.c[5] }),
  })
end

local function open_period(rule, attempt)
  local ms = rule.openMs
  local i = 0
  while i < attempt and ms < rule.maxOpenMs do
    ms = ms * rule.backoffMultiplier
    i = i + 1
  end
  return math.min(rule.maxOpenMs, math.ceil(ms))
end

local function bucket_ms(rule)
  return math.max(1, math.ceil(rule.ratioWindowMs / WINDOW_BUCKETS))
end

local function live_window(st, rule, now)
  local from = now - rule.ratioWindowMs
  local calls, fails = 0, 0
  for _, b in ipairs(st.win) do
    if b[1] > from then
      calls = calls + b[2]
      fails = fails + b[3]
    end
  end
  return calls, fails
end

local function br_move(step, to, at)
  local st = step.st
  local from = st.s
  st.s = to
  st.g = st.g + 1
  st.leases = {}
  st.adm = 0
  st.ok = 0
  if to == 'open' then
    st.untl = at + open_period(step.rule, st.att)
    st.att = st.att + 1
  end
  if to == 'closed' then
    st.att = 0
    st.cf = 0
    st.win = {}
  end
  step.transitions[#step.transitions + 1] = obj_of({ from = from, to = to, generation = st.g, atMs = at })
  step.write = true
end

local function br_derive(step)
  local st, now = step.st, step.now
  for _ = 1, 64 do
    if st.s == 'open' and now >= st.untl then
      br_move(step, 'half-open', st.untl)
    elseif st.s == 'half-open' then
      local first, expired = math.huge, 0
      for _, l in ipairs(st.leases) do
        if l.deadline < now then
          expired = expired + 1
          if l.deadline < first then first = l.deadline end
        end
      end
      if expired > 0 then
        st.c[2] = st.c[2] + expired
        st.c[3] = st.c[3] + expired
        br_move(step, 'open', first)
      else
        break
      end
    else
      break
    end
  end
  if st.s == 'closed' then
    local from = now - step.rule.ratioWindowMs
    local kept = {}
    for _, b in ipairs(st.win) do
      if b[1] > from then kept[#kept + 1] = b end
    end
    if #kept ~= #st.win then st.win = kept end
  end
end

local function br_record_closed(step, failed)
  local st, rule, now = step.st, step.rule, step.now
  local start = now - math.fmod(now, bucket_ms(rule))
  local bucket = nil
  for _, b in ipairs(st.win) do
    if b[1] == start then
      bucket = b
      break
    end
  end
  if bucket == nil then
    bucket = { start, 0, 0 }
    st.win[#st.win + 1] = bucket
  end
  bucket[2] = bucket[2] + 1
  if failed then bucket[3] = bucket[3] + 1 end
  if failed then st.cf = st.cf + 1 else st.cf = 0 end
  step.write = true
  if not failed then return end
  local calls, fails = live_window(st, rule, now)
  local byCount = rule.consecutiveFailures > 0 and st.cf >= rule.consecutiveFailures
  local byRatio = rule.failureRatio > 0 and calls >= rule.minimumCalls and fails >= rule.failureRatio * calls
  if byCount or byRatio then br_move(step, 'open', now) end
end

-- breakerStep(raw, command, rule, now) -> reply, value, ttl (nil: none), write
local function breaker_step(raw, command, rule, now)
  local st = br_load(raw, now)
  -- Deviation from transitions.ts (reported): a new breaker's generation is its first 'now', so
  -- an admit that does not persist it would make the outcome, recorded a millisecond later,
  -- stale. The first admit of a new breaker therefore writes it (the reply is unchanged).
  local fresh = not is_obj(raw) or type(raw.s) ~= 'string' or not STATES[raw.s]
  local step = { st = st, rule = rule, now = now, transitions = new_arr(), write = fresh and command.op == 'admit' }
  br_derive(step)
  local admitted, trial, trialDeadlineMs, stale = false, false, 0, false
  local op = command.op
  if op == 'admit' then
    if st.s == 'closed' then
      admitted = true
    elseif st.s == 'half-open' and st.adm < rule.halfOpenTrials then
      admitted = true
      trial = true
      trialDeadlineMs = now + rule.trialTimeoutMs
      st.adm = st.adm + 1
      st.leases[#st.leases + 1] = { token = command.token, deadline = trialDeadlineMs }
      step.write = true
    else
      st.c[4] = st.c[4] + 1
      step.write = true
    end
  elseif op == 'record' then
    local failed = command.outcome ~= 'success'
    local idx = -1
    if command.token ~= nil then
      for i, l in ipairs(st.leases) do
        if l.token == command.token then
          idx = i
          break
        end
      end
    end
    local current = command.generation == st.g and (st.s == 'closed' or (st.s == 'half-open' and idx >= 0))
    step.write = true
    if current or command.outcome ~= 'timeout' then
      local at = failed and 2 or 1
      st.c[at] = st.c[at] + 1
    end
    if current and command.outcome == 'timeout' then st.c[3] = st.c[3] + 1 end
    if not current then
      stale = true
      st.c[5] = st.c[5] + 1
    elseif st.s == 'closed' then
      br_record_closed(step, failed)
    else
      table.remove(st.leases, idx)
      if failed then
        br_move(step, 'open', now)
      else
        st.ok = st.ok + 1
        if st.ok >= rule.halfOpenTrials then br_move(step, 'closed', now) end
      end
    end
  elseif op == 'isolate' then
    if st.s ~= 'isolated' then br_move(step, 'isolated', now) end
  elseif op == 'close' then
    if st.s ~= 'closed' then
      br_move(step, 'closed', now)
    elseif st.cf ~= 0 or #st.win > 0 then
      st.cf = 0
      st.win = {}
      step.write = true
    end
  end

  local retryAfterMs = 0
  if not admitted then
    if st.s == 'open' then
      retryAfterMs = st.untl - now
    elseif st.s == 'half-open' then
      for _, l in ipairs(st.leases) do retryAfterMs = math.max(retryAfterMs, l.deadline + 1 - now) end
    end
  end
  local windowCalls, windowFailures = live_window(st, rule, now)
  local write = op ~= 'peek' and step.write
  local ttl = nil
  if st.s ~= 'isolated' then
    local stop = now + rule.idleTtlMs
    if st.s == 'open' then stop = math.max(stop, st.untl + rule.idleTtlMs) end
    for _, l in ipairs(st.leases) do stop = math.max(stop, l.deadline + rule.idleTtlMs) end
    ttl = stop - now
  end
  local transitions = step.transitions
  if op == 'peek' then transitions = new_arr() end
  local reply = obj_of({
    state = st.s, generation = st.g, admitted = admitted, trial = trial,
    trialDeadlineMs = trialDeadlineMs, retryAfterMs = retryAfterMs, stale = stale,
    transitions = transitions, consecutiveFailures = st.cf,
    windowCalls = windowCalls, windowFailures = windowFailures,
    counters = obj_of({ successes = st.c[1], failures = st.c[2], timeouts = st.c[3], rejections = st.c[4], staleOutcomes = st.c[5] }),
    nowMs = now,
  })
  return reply, br_dump(st), ttl, write
end
`;

/** The breaker script body. */
export const BREAKER_OP = String.raw`
local function main()
  local tb = { d = KEYS[1], x = KEYS[2] }
  local key = ARGV[2]
  local now = NOW()
  local raw = lookup(tb, key, now)
  local value = nil
  if raw then value = jdecode(raw) end
  local reply, dumped, ttl, wr = breaker_step(value, jdecode(ARGV[3]), jdecode(ARGV[4]), now)
  local expired = 0
  if wr then
    expired = reclaim(tb, now, RECLAIM_BATCH)
    write(tb, key, jencode(dumped), ttl and now + ttl)
    settle(tb)
  end
  return { jencode(reply), expired }
end
`;
