package redis

import goredis "github.com/redis/go-redis/v9"

// The Lua scripts of the session store. Times are Unix microseconds, which
// a Lua number (a double) holds exactly until the year 2255. Scripts pass
// them on to Redis as numbers or as the ARGV strings they came in, never
// through Lua's tostring or "..", which keeps only 14 digits.
//
// Every script receives the key prefix as ARGV[1] and builds the names of
// the keys it cannot know in advance (a client's set, found in a session's
// hash) from it.

// luaHelpers are the functions the scripts share.
const luaHelpers = `
local prefix = ARGV[1]

local function session_key(id) return prefix .. 'session:' .. id end
local function client_key(client) return prefix .. 'client:' .. client end

-- remove deletes a session and its index entries; client may be false
-- when the hash is already gone.
local function remove(index, id, client)
  redis.call('DEL', session_key(id))
  redis.call('ZREM', index, id)
  if client then redis.call('ZREM', client_key(client), id) end
end

-- sweep removes up to batch sessions that expired at or before now (an
-- ARGV string) and returns how many.
local function sweep(index, now, batch)
  local ids = redis.call('ZRANGEBYSCORE', index, '-inf', now, 'LIMIT', 0, batch)
  for _, id in ipairs(ids) do
    remove(index, id, redis.call('HGET', session_key(id), 'client'))
  end
  return #ids
end

-- ttl_ms is the Redis TTL of something expiring at exp (µs): at least 1 ms.
local function ttl_ms(exp, now)
  return math.max(1, math.ceil((exp - now) / 1000))
end

-- extend makes key live at least ttl ms more.
local function extend(key, ttl)
  if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
end

-- index adds or moves a session in the index and its client's set.
local function index_session(index, id, client, exp, ttl)
  redis.call('ZADD', index, exp, id)
  extend(index, ttl)
  local ck = client_key(client)
  redis.call('ZADD', ck, exp, id)
  extend(ck, ttl)
end
`

// createScript stores a new session within the limits.
//
// It reads and checks first, and its first write is the HSET of the new
// session: Redis over maxmemory (with the noeviction policy) refuses a
// script's first write that may grow memory, but lets every later write
// through so as not to stop a script half-way. A script that swept or
// cleaned up before storing would therefore store new sessions past
// maxmemory; this one is refused (OOM) instead, which Create reports as
// EUNAVAILABLE. Counting only live sessions (score after now) lets the
// checks come before the clean-up.
//
// KEYS: session hash, index, client set.
// ARGV: prefix, id, now, exp, abs, max, per client, sweep batch, client,
// created, seen, messages, data.
// Returns 0 when created, 1 when a live session has that id, 2 when the
// store is full, 3 when the client holds too many sessions.
const createScript = luaHelpers + `
local hash, index, cset = KEYS[1], KEYS[2], KEYS[3]
local id, now, exp = ARGV[2], tonumber(ARGV[3]), tonumber(ARGV[4])
local max, per_client = tonumber(ARGV[6]), tonumber(ARGV[7])
local live = '(' .. ARGV[3]

local old = redis.call('HMGET', hash, 'exp', 'client')
if old[1] and tonumber(old[1]) > now then return 1 end
if max > 0 and redis.call('ZCOUNT', index, live, '+inf') >= max then return 2 end
if per_client > 0 and redis.call('ZCOUNT', cset, live, '+inf') >= per_client then return 3 end

-- Every field is written: nothing of an expired session of the same id
-- survives in the hash.
redis.call('HSET', hash, 'client', ARGV[9], 'created', ARGV[10], 'seen', ARGV[11],
  'messages', ARGV[12], 'version', 1, 'data', ARGV[13], 'exp', ARGV[4], 'abs', ARGV[5])
local ttl = ttl_ms(exp, now)
redis.call('PEXPIRE', hash, ttl)
if old[2] then redis.call('ZREM', client_key(old[2]), id) end
index_session(index, id, ARGV[9], exp, ttl)
-- Only now, with the new session indexed as live, may the sweep run: it
-- would otherwise take the expired entry of the same id for its own and
-- delete the new hash.
redis.call('ZREMRANGEBYSCORE', cset, '-inf', ARGV[3])
sweep(index, ARGV[3], tonumber(ARGV[8]))
return 0
`

// saveScript writes a session whose version has not moved.
//
// KEYS: session hash, index.
// ARGV: prefix, id, now, idle TTL (µs), expected version, seen, messages,
// data.
// Returns {0, new version, client, created}, {1} when the session is gone
// or expired, {2} when its version moved.
const saveScript = luaHelpers + `
local hash, index = KEYS[1], KEYS[2]
local id, now = ARGV[2], tonumber(ARGV[3])

local cur = redis.call('HMGET', hash, 'exp', 'version', 'client', 'abs', 'created')
if not cur[1] then return {1} end
if tonumber(cur[1]) <= now then
  remove(index, id, cur[3])
  return {1}
end
if tonumber(cur[2]) ~= tonumber(ARGV[5]) then return {2} end

local exp = math.min(now + tonumber(ARGV[4]), tonumber(cur[4]))
local version = tonumber(cur[2]) + 1
redis.call('HSET', hash, 'seen', ARGV[6], 'messages', ARGV[7], 'data', ARGV[8],
  'version', version, 'exp', exp)
local ttl = ttl_ms(exp, now)
redis.call('PEXPIRE', hash, ttl)
index_session(index, id, cur[3], exp, ttl)
return {0, version, cur[3], cur[5]}
`

// deleteScript ends a session.
//
// KEYS: session hash, index.
// ARGV: prefix, id.
const deleteScript = luaHelpers + `
remove(KEYS[2], ARGV[2], redis.call('HGET', KEYS[1], 'client'))
return 0
`

// sweepScript removes expired sessions.
//
// KEYS: index.
// ARGV: prefix, now, batch.
// Returns how many it removed; fewer than batch means none is left.
const sweepScript = luaHelpers + `
return sweep(KEYS[1], ARGV[2], tonumber(ARGV[3]))
`

// sessionScripts are the compiled scripts of one store.
type sessionScripts struct {
	create, save, delete, sweep *goredis.Script
}

func newSessionScripts() sessionScripts {
	return sessionScripts{
		create: goredis.NewScript(createScript),
		save:   goredis.NewScript(saveScript),
		delete: goredis.NewScript(deleteScript),
		sweep:  goredis.NewScript(sweepScript),
	}
}
