// Package feed serves each provider its upcoming bookings as an iCalendar
// feed at a secret, revocable URL, which Google Calendar, Outlook and Apple
// Calendar subscribe to.
package feed
