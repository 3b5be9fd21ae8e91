// Package rendezvous holds the domain of the Rendezvous booking agent: the
// types every other package speaks (providers, services, schedules, slots,
// bookings, customers) and the domain errors. It imports nothing of ours;
// adapters (sqlite, postgres, httpapi, …) translate to and from it.
package rendezvous
