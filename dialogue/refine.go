package dialogue

import (
	"slices"
	"time"

	"github.com/rendezvous-oss/rendezvous/understand"
)

// Follow-ups on the proposals ("anything later?", "plus tôt ?", "other
// days?") refine the search under way instead of starting a new one: the
// slots after the last shown, before the first shown that day, or on
// other days. A refinement that finds nothing says so and keeps the
// proposals shown; "later" on a given day looks at the following days.

// searchState is the part of the state a refinement changes, kept to
// restore it when the refinement finds nothing.
type searchState struct {
	date, dateEnd, time, partOfDay, timeFrom, timeTo string
	timeApprox                                       bool
	after                                            time.Time
	exclude                                          []string
	excludeProviders                                 []int64
	proposals                                        []Proposal
	chosen                                           *Proposal
}

func (s *State) saveSearch() searchState {
	return searchState{date: s.Date, dateEnd: s.DateEnd, time: s.Time, partOfDay: s.PartOfDay, timeFrom: s.TimeFrom,
		timeTo: s.TimeTo, timeApprox: s.TimeApprox, after: s.After, exclude: slices.Clone(s.ExcludeDates),
		excludeProviders: slices.Clone(s.ExcludeProviders),
		proposals:        slices.Clone(s.Proposals), chosen: s.Chosen}
}

func (s *State) restoreSearch(b searchState) {
	s.Date, s.DateEnd, s.Time, s.PartOfDay, s.TimeFrom, s.TimeTo = b.date, b.dateEnd, b.time, b.partOfDay, b.timeFrom, b.timeTo
	s.TimeApprox, s.After, s.ExcludeDates, s.Proposals, s.Chosen = b.timeApprox, b.after, b.exclude, b.proposals, b.chosen
	s.ExcludeProviders = b.excludeProviders
}

// refine applies a follow-up to the search, when slots were shown.
func (t *turn) refine(how understand.Refinement) {
	st := t.st
	shown := st.Proposals
	if len(shown) == 0 && st.Chosen != nil {
		shown = []Proposal{*st.Chosen}
	}
	if len(shown) == 0 && st.Task == TaskReschedule {
		// "Move it to later that day": from the booking being moved, or
		// once it is found.
		if st.Target == nil {
			st.Refine = string(how)
			t.usedSomething = true
			return
		}
		shown = []Proposal{{ProviderID: st.Target.ProviderID, ServiceID: st.Target.ServiceID, Start: st.Target.Start}}
	}
	if len(shown) == 0 {
		return // nothing shown: the search goes on as asked
	}
	first, last := shown[0].Start, shown[0].Start
	for _, p := range shown {
		if p.Start.Before(first) {
			first = p.Start
		}
		if p.Start.After(last) {
			last = p.Start
		}
	}
	t.before, t.refined = st.saveSearch(), how
	switch how {
	case understand.RefineLater:
		// After the last slot shown, with the same window; a time asked
		// was the one those slots were near. "Later, on Friday" asks for
		// Friday, whatever was shown.
		end := st.DateEnd
		if end == "" {
			end = st.Date
		}
		if d := t.local(last).Format("2006-01-02"); st.Date == "" || st.Date <= d && d <= end {
			st.After = last
		}
		st.Time, st.TimeApprox = "", false
	case understand.RefineEarlier:
		// Earlier that day than the first slot shown.
		l := t.local(first)
		st.Date, st.DateEnd, st.After = l.Format("2006-01-02"), "", time.Time{}
		st.Time, st.TimeApprox, st.PartOfDay, st.TimeFrom = "", false, "", ""
		st.TimeTo = l.Format("15:04")
	case understand.RefineOtherDays:
		for _, p := range shown {
			if d := t.local(p.Start).Format("2006-01-02"); !slices.Contains(st.ExcludeDates, d) {
				st.ExcludeDates = append(st.ExcludeDates, d)
			}
		}
		st.Date, st.DateEnd, st.After = "", "", time.Time{}
	case understand.RefineOtherProvider:
		// The same search, with none of the providers shown.
		for _, p := range shown {
			if !slices.Contains(st.ExcludeProviders, p.ProviderID) {
				st.ExcludeProviders = append(st.ExcludeProviders, p.ProviderID)
			}
		}
		st.ProviderID, st.ProviderName, st.Options = 0, "", nil
	}
	t.searchChanged, t.usedSomething = true, true
}

// noneAfterRefine handles a refined search that found nothing. It returns
// again when the search should run again (wider), answered when it has
// answered the customer.
func (t *turn) noneAfterRefine() (again, answered bool) {
	st := t.st
	if t.refined == "" {
		return false, false
	}
	if t.refined == understand.RefineLater && st.Date != "" && !t.widened {
		t.add("nothing_later", t.daysPhrase())
		st.Date, st.DateEnd, t.widened = "", "", true
		return true, false
	}
	switch t.refined {
	case understand.RefineLater:
		t.add("have_nothing_later_than_that")
	case understand.RefineEarlier:
		t.add("nothing_earlier_that_day")
	case understand.RefineOtherProvider:
		t.add("no_one_else_has_free")
	default:
		t.add("no_other_day_has_free")
	}
	st.restoreSearch(t.before)
	t.refined = ""
	if len(st.Proposals) > 0 {
		t.presentProposals()
	}
	return false, true
}
