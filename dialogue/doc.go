// Package dialogue is the booking conversation: a manager that owns the
// state of a conversation, asks one clear question at a time, proposes
// real free slots, collects the customer's details, asks for an explicit
// yes and only then books — and cancels or reschedules the customer's own
// bookings.
//
// What a message means comes from a Brain (the embedded understanding by
// default); what the agent does goes through the tool registry — the same
// tools, with the same checks, that a language model would call. The
// tools enforce the rules themselves: a booking needs the confirmation the
// manager recorded, and a session may only touch the bookings it made or
// proved it owns.
package dialogue
