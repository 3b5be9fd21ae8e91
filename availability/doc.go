// Package availability computes when a provider can take an appointment:
// free slots = opening hours − time off − bookings (with buffers) − minimum
// notice, within the booking horizon. It is pure logic with no I/O.
//
// Opening hours are wall-clock times in the provider's time zone; every
// other quantity is an instant. Slot start times step by the provider's
// SlotStep in absolute time from the start of each opening interval, so a
// day on which the clocks change has the right number of slots: on the
// Sunday that Europe/Paris springs forward, 01:00–04:00 holds three hours
// of slots, not four.
package availability
