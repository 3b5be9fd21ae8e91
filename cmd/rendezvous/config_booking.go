package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/rendezvous-oss/rendezvous/booking"
)

// loadBookingSettings reads the rules of booking.
func (c *config) loadBookingSettings(getenv func(string) string, errs *[]error) {
	c.AvailabilityIndex = true
	if v := strings.TrimSpace(getenv("RENDEZVOUS_AVAILABILITY_INDEX")); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			*errs = append(*errs, &settingError{"RENDEZVOUS_AVAILABILITY_INDEX", fmt.Sprintf("%q: want true or false", v)})
		}
		c.AvailabilityIndex, c.AvailabilityIndexSet = b, true
	}
	c.MaxUpcomingPerCustomer = booking.DefaultMaxUpcomingPerCustomer
	const name = "RENDEZVOUS_MAX_UPCOMING_PER_CUSTOMER"
	v := strings.TrimSpace(getenv(name))
	if v == "" {
		return
	}
	// There is no "off": a load test raises it instead.
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1_000_000 {
		*errs = append(*errs, &settingError{name, fmt.Sprintf("%q: want an integer from 1 to 1000000", v)})
		return
	}
	c.MaxUpcomingPerCustomer = n
}
