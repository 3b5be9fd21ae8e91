// Package redis adapts Redis to the chat session store and to the rate
// limiter, so that several stateless instances of the server can run
// behind a load balancer: a conversation may continue on any instance, a
// restart loses none, and a client's rate limit is the same whichever
// instance it reaches.
//
// # Sessions
//
// Under the prefix P given to Client.Sessions (end it with a separator,
// e.g. "rendezvous:"), the store keeps:
//
//	P session:<id>   hash: client, created, seen (Unix ns), messages, version,
//	                 data, exp and abs (the session's expiry and its absolute
//	                 deadline, Unix µs)
//	P sessions       sorted set of session ids by expiry (Unix µs)
//	P client:<ip>    sorted set of one client's session ids by expiry
//
// Every operation that changes more than one key, or reads before it
// writes, is one Lua script, which Redis runs atomically: instances racing
// on Create cannot together exceed the limits, and of two Saves of one
// version exactly one wins. Expiry is logical: the store's clock (the now
// passed to Sessions, normally time.Now) is sent to each script, and a
// session whose exp is not after it is gone for every reader, whether or
// not its keys still exist; the instances' clocks must agree, as NTP keeps
// them, to well within the idle TTL. Each key also carries a Redis TTL
// equal to the remaining logical lifetime, so that nothing outlives its
// sessions even if no instance ever sweeps. Create removes a few expired
// sessions each time and Sweep the rest, so the index stays bounded by the
// sessions that are live plus those expired since the last sweep.
//
// The store bounds each session's data (SessionLimits.MaxDataBytes) and
// their number, not their total size (SessionLimits.MaxBytes is the
// in-memory store's): Redis's own maxmemory does, with the noeviction
// policy. A full Redis refuses the scripts that store a session or grow
// it, which then return EUNAVAILABLE, and still runs those that delete
// and sweep; createScript is ordered for that (see its comment).
//
// The scripts name the client set from the prefix and the stored client,
// so the store needs a single Redis server (with replicas if wanted), not
// Redis Cluster.
//
// # Rate limits
//
// Client.RateLimiter runs GCRA with github.com/go-redis/redis_rate/v10: one
// script per request, on the Redis server's clock, so that every instance
// sees one budget per key. The key of a limit is "rate:" P <key> (redis_rate
// adds "rate:") and expires when the key's bucket is full again.
//
// # Errors
//
// A Redis that cannot be reached or does not answer in time makes every
// method return EUNAVAILABLE wrapped around the cause. Nothing falls back
// to memory: that choice belongs to the caller.
package redis
