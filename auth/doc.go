// Package auth issues and checks the credentials of Rendezvous: signed
// tokens (JWT, HS256) that grant access to one booking or one chat
// session, and admin API keys, which are stored only as keyed hashes.
//
// Tokens are signed with keys derived from the server secret by HKDF, one
// per purpose, so that a session token can never pass for a booking's
// manage token. A previous secret can be kept during a rotation: tokens it
// signed stay valid until the grace period ends.
package auth
