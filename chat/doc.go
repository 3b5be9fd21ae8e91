// Package chat runs conversations over sessions: it opens a session and
// hands out the token that guards it, loads the session for each message,
// lets the dialogue manager answer, and saves the session — within the
// limits of message size, messages per session and session stores'
// bounds.
package chat
