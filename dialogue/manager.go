package dialogue

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand"
)

// Reply is the agent's answer to one message.
type Reply struct {
	Text string
	// Actions lists what the agent did this turn.
	Actions []string
	// Booking is the booking made, changed or cancelled this turn, with
	// its manage token.
	Booking *BookingInfo
	Token   string
}

// Zones tells the time zone of a city of the directory (nil if unknown).
type Zones func(ctx context.Context, city string) *time.Location

// Cities lists the cities of the directory.
type Cities func(ctx context.Context) ([]string, error)

// Manager runs conversations. It is stateless between calls (the state
// travels with the session) and safe for concurrent use.
type Manager struct {
	log         *slog.Logger
	brain       Brain
	confirmer   Brain
	tools       *Registry
	zones       Zones
	cities      Cities
	defaultZone *time.Location
	now         func() time.Time
	prover      EmailProver
}

// ManagerConfig configures a Manager.
type ManagerConfig struct {
	Brain Brain
	Tools *Registry
	Zones Zones
	// Cities, when set, lets the agent say which cities it knows when a
	// customer names one it does not.
	Cities Cities
	// DefaultZone reads dates before the city is known (Europe/Paris).
	DefaultZone *time.Location
	Now         func() time.Time
	// Logger records the failures the customer is only apologised to for.
	Logger *slog.Logger
	// Prover, when set, lets a customer see every booking of an address
	// they prove with a code (verified.go).
	Prover EmailProver
	// Confirmer double-checks every yes that would make a change (book,
	// cancel, move): a brain that is not the embedded one (a language
	// model) is not taken at its word — the embedded understanding must
	// read the customer's own message as a yes too. Nil when Brain is the
	// embedded brain.
	Confirmer Brain
}

// NewManager returns a dialogue manager.
func NewManager(cfg ManagerConfig) *Manager {
	m := &Manager{log: cfg.Logger, brain: cfg.Brain, confirmer: cfg.Confirmer, tools: cfg.Tools, zones: cfg.Zones, cities: cfg.Cities,
		defaultZone: cfg.DefaultZone, now: cfg.Now, prover: cfg.Prover}
	if m.log == nil {
		m.log = slog.New(slog.DiscardHandler)
	}
	if m.defaultZone == nil {
		m.defaultZone = time.UTC
	}
	if m.now == nil {
		m.now = time.Now
	}
	return m
}

// Tools returns the manager's tool registry.
func (m *Manager) Tools() *Registry { return m.tools }

// Greeting is the agent's first words in a new conversation.
func Greeting(lang string) string {
	return fmt.Sprintf(text(lang, "greeting"), kindsOffered(lang))
}

// location is the zone in which the conversation's dates are read.
func (m *Manager) location(ctx context.Context, st *State) *time.Location {
	if st.City != "" && m.zones != nil {
		if loc := m.zones(ctx, st.City); loc != nil {
			return loc
		}
	}
	return m.defaultZone
}

// Turn handles one message and updates st. It fails only when the brain
// cannot interpret the message at all; the state is then unchanged.
func (m *Manager) Turn(ctx context.Context, st *State, msg Message) (*Reply, error) {
	message, locale := msg.Text, msg.Locale
	now := m.now()
	if st.Language == "" {
		if l := strings.ToLower(locale); strings.HasPrefix(l, "fr") {
			st.Language = "fr"
		} else if strings.HasPrefix(l, "en") {
			st.Language = "en"
		}
	}
	loc := m.location(ctx, st)
	in := Input{Message: message, History: msg.History, State: st, Now: now, Location: loc, Session: msg.Session, Client: msg.Client}
	if m.zones != nil {
		// A city named in the message sets the zone of its dates.
		in.Zone = func(city string) *time.Location { return m.zones(ctx, city) }
	}
	r, err := m.brain.Interpret(ctx, in)
	if err != nil {
		return nil, fmt.Errorf("interpret: %w", err)
	}
	if r.Language != "" {
		st.Language = string(r.Language)
	}
	if st.Language == "" {
		st.Language = "en"
	}
	st.Intent = string(r.Intent)
	t := &turn{m: m, ctx: ctx, st: st, r: r, now: now, lang: st.Language, tt: NewTurn(st, now), message: message}
	t.tt.Session, t.tt.Client = msg.Session, msg.Client
	t.run()
	text := strings.TrimSpace(strings.Join(t.say, " "))
	return &Reply{Text: text, Actions: t.tt.Actions(), Booking: t.booking, Token: t.token}, nil
}

// turn is the work of one message.
type turn struct {
	m       *Manager
	message string
	ctx     context.Context
	st      *State
	r       understand.Result
	now     time.Time
	lang    string
	tt      *Turn

	say     []string
	booking *BookingInfo
	token   string

	// What absorbing the message found.
	searchChanged bool   // kind, city, date, time or provider changed
	invalid       string // a detail given but invalid: "email" or "phone"
	usedSomething bool   // the message told the agent something it used
	unknownCity   bool   // the message named a city the directory does not have
	whenTurn

	unoffered       understand.Trade // a trade the message asks for that is not booked
	suggested       string           // the kind offered instead in the previous reply, if any
	providerUnknown bool             // the message named a provider the directory does not have
	clarified       bool             // the reply says what is understood and needed (clarify)
	answered        bool             // a question about the appointment was answered (answerQuestion)
	notedParty      bool             // the reply says an appointment is for one person (notePartySize)
}

// add says the message key of the catalogs, its verbs filled with args.
func (t *turn) add(key string, args ...any) {
	t.say = append(t.say, fmt.Sprintf(placed(text(t.lang, key), t.lang, t.st.Kind), args...))
}

// ask says the message key and waits for what it asks.
func (t *turn) ask(awaiting, key string, args ...any) {
	t.st.Awaiting = awaiting
	t.add(key, args...)
}

func (t *turn) run() {
	st, r := t.st, t.r
	if t.takeCode() {
		return
	}
	t.switchTask()
	t.answerQuestion()
	t.absorb()
	t.notePartySize()
	if t.allMyBookings() {
		return
	}
	if t.waitlistTurn() {
		t.noRepeat()
		return
	}
	if r.Intent == understand.IntentThanks && st.Task != TaskNone && st.Awaiting != AwaitConfirmation && !t.usedSomething && t.invalid == "" {
		// "Merci, au revoir" in the middle of a booking, a cancellation or a
		// move is the customer leaving: stop there, say plainly that
		// nothing happened, rather than ask again what they were asked.
		t.leaveTask()
		t.noRepeat()
		return
	}
	if t.lost() {
		t.clarify()
		t.noRepeat()
		return
	}
	switch st.Task {
	case TaskBook:
		t.book()
	case TaskCancel:
		t.cancel()
	case TaskReschedule:
		t.reschedule()
	case TaskList:
		t.list()
	default:
		t.smallTalk()
	}
	if r.Intent == understand.IntentThanks && st.Task == TaskNone && len(t.say) == 0 {
		t.add("you_re_welcome")
	}
	if !t.clarified && (t.usedSomething && t.invalid == "" || t.answered || len(t.tt.Actions()) > 0) {
		st.Misunderstood = 0
	}
	t.noRepeat()
}

// leaveTask drops the task under way, with what it had gathered about the
// appointment (the provider asked for too); the customer's details stay for
// a next request.
func (t *turn) leaveTask() {
	t.endTask()
	t.st.ProviderName = ""
	t.add("you_re_welcome_ll_leave")
}

// affirmed reports whether the message is the customer's explicit yes: the
// brain says so and, when the brain is not the embedded one, so does the
// embedded understanding of the customer's own words.
func (t *turn) affirmed() bool {
	if t.r.Intent != understand.IntentAffirm || t.st.Pending == nil {
		return false
	}
	// Whatever brain read the message, the customer's own words must be a
	// clear yes to this action and nothing else: a question, a condition,
	// a correction or a hesitation never books, cancels or moves.
	if !understand.ClearYes(t.message, understand.Action(t.st.Pending.Kind)) {
		return false
	}
	if t.m.confirmer == nil {
		return true
	}
	r, err := t.m.confirmer.Interpret(t.ctx, Input{Message: t.message, State: t.st, Now: t.now, Location: t.m.location(t.ctx, t.st)})
	return err == nil && r.Intent == understand.IntentAffirm
}

// switchTask starts the task the message asks for.
func (t *turn) switchTask() {
	st, r := t.st, t.r
	start := func(task Task) {
		if st.Task != task {
			st.Task = task
			st.Target, st.Pending, st.Confirmed = nil, nil, nil
			st.Proposals, st.Chosen = nil, nil
		}
	}
	switch r.Intent {
	case understand.IntentCancel:
		start(TaskCancel)
	case understand.IntentReschedule:
		start(TaskReschedule)
	case understand.IntentMyBookings:
		start(TaskList)
	case understand.IntentFindProvider, understand.IntentAskAvailability, understand.IntentBook:
		if st.Task != TaskBook && st.Task != TaskReschedule {
			start(TaskBook)
		}
	case understand.IntentInform, understand.IntentChoose:
		if st.Task == TaskNone && (r.Kind != "" || r.Unoffered != "" || r.City != "" || r.Date != nil || r.Time != nil || r.ProviderName != "" ||
			r.UnknownProvider) {
			start(TaskBook)
		}
	}
}

// absorb takes what the message says into the state.
func (t *turn) absorb() {
	// Asked for their name, customers who share a provider's ("Nicolas
	// Robert", and Dr Nicolas Robert is a dentist) are giving their name,
	// not asking for that provider — whatever a model brain made of it.
	if r := &t.r; t.st.Awaiting == AwaitName && r.ProviderName != "" {
		if r.Name == "" {
			r.Name = strings.TrimSpace(strings.TrimPrefix(r.ProviderName, "Dr "))
		}
		if n, p := rendezvous.FoldKey(r.Name), rendezvous.FoldKey(r.ProviderName); strings.Contains(p, n) || strings.Contains(n, p) {
			r.ProviderName = ""
		}
	}
	// What a brain reads out of a message is data to check, never text to
	// trust: a model may put anything in a city (a name, an email, an
	// instruction), and the agent's replies name the city. A city is kept
	// only when the directory has it.
	if r := &t.r; r.City != "" && t.m.zones != nil && t.m.zones(t.ctx, r.City) == nil {
		r.City, t.unknownCity = "", true
	}
	// Likewise a kind is one of the domain's kinds ("plumber" is none).
	if r := &t.r; r.Kind != "" && !r.Kind.Valid() {
		r.Kind = ""
	}
	t.absorbTrade()
	st, r := t.st, t.r
	// A proposal named by its time or provider is a choice, not a new
	// search; one picked by its number with another time asked for is a
	// search of that provider's slots at that time.
	if st.Awaiting == AwaitSlotChoice && len(st.Proposals) > 0 {
		if p := t.matchProposal(); p != nil && r.Choice != 0 && r.ProviderName != "" && !nameMatches(r.ProviderName, p.ProviderName) {
			// "Number 2 but with Dr Martin": that time, with the provider
			// named — the slot picked is not taken, its time is searched
			// with that provider (a day or time said too wins).
			d, c := understand.DateOf(p.Start, p.Start.Location()), clockOf(p.Start)
			if r.Date == nil && r.Time == nil && r.PartOfDay == "" && r.Window == nil {
				t.r.Date, r.Date, t.r.Time, r.Time = &d, &d, &c, &c
			}
			t.r.Choice, r.Choice = 0, 0
			st.Options = nil
			t.searchChanged, t.usedSomething = true, true
		} else if p != nil && t.pickedButChanged(p) {
			st.ProviderID, st.ProviderName, st.Options = p.ProviderID, p.ProviderName, nil
			// "Number 1 with Dr Lambert but on Friday": that slot's own
			// provider, not every Dr Lambert.
			t.r.ProviderName, r.ProviderName = "", ""
			t.r.Choice, r.Choice = 0, 0
			t.searchChanged, t.usedSomething = true, true
		} else if p != nil {
			t.usedSomething = true
			r.Date, r.Time, r.ProviderName, r.PartOfDay = nil, nil, "", ""
		}
	}
	set := func(dst *string, v string) {
		if v != "" && v != *dst {
			*dst = v
			t.searchChanged = true
		}
		if v != "" {
			t.usedSomething = true
		}
	}
	t.absorbProvider()
	set(&st.Kind, string(r.Kind))
	cityBefore := st.City
	set(&st.City, r.City)
	set(&st.ProviderName, r.ProviderName)
	if st.City != cityBefore && r.Date == nil && st.DaysAhead != nil && st.Date != "" {
		// "demain" said before the city: the city's tomorrow.
		d := t.local(t.now).AddDate(0, 0, *st.DaysAhead).Format("2006-01-02")
		if d != st.Date {
			st.Date, t.searchChanged = d, true
		}
	}
	if r.Date != nil {
		set(&st.Date, r.Date.String())
		st.RefDays, st.DaysAhead = nil, nil
		if r.DaysAhead != nil && st.City == "" {
			n := *r.DaysAhead
			st.DaysAhead = &n // counted again from the city's today once it is known
		}
		if r.RefDays != nil && st.Task == TaskReschedule && st.Target == nil {
			n := *r.RefDays
			st.RefDays = &n // counted from the booking once it is found
		}
		if r.Time == nil && r.PartOfDay == "" && r.Correction {
			// "actually Thursday": keep the time of day asked for before.
			t.searchChanged = true
		}
	}
	if r.Time != nil {
		c := fmt.Sprintf("%02d:%02d", int(*r.Time)/60, int(*r.Time)%60)
		if c != st.Time || st.TimeApprox != r.TimeApprox {
			st.Time, st.TimeApprox, t.searchChanged = c, r.TimeApprox, true
		}
		if r.PartOfDay == "" {
			st.PartOfDay = ""
		}
		t.usedSomething = true
	}
	if r.PartOfDay != "" {
		if string(r.PartOfDay) != st.PartOfDay || (r.Time == nil && st.Time != "") {
			st.PartOfDay, t.searchChanged = string(r.PartOfDay), true
			if r.Time == nil {
				st.Time, st.TimeApprox = "", false
			}
		}
		t.usedSomething = true
	}
	t.absorbWhen(&r)
	if t.searchChanged && st.Task != TaskReschedule {
		st.resetSearch()
	}
	if t.searchChanged && st.Task == TaskReschedule {
		st.Proposals, st.Chosen, st.Pending, st.Confirmed = nil, nil, nil, nil
	}
	t.absorbCustomer()
	if r.BookingRef != "" {
		st.Reference = r.BookingRef
		t.usedSomething = true
	}
}

// absorbCustomer validates the details the message gives. An invalid one
// is remembered, to be asked again clearly.
func (t *turn) absorbCustomer() {
	st, r := t.st, t.r
	changed := false
	if r.Name != "" && understand.LooksLikeName(r.Name) {
		if name, err := rendezvous.NormalizeName(understand.NameCase(r.Name)); err == nil && name != st.Customer.Name {
			st.Customer.Name, changed = name, true
		}
		t.usedSomething = true
	} else if st.Awaiting == AwaitName && r.Email == "" && r.Phone == "" && t.noDetail() {
		t.invalid = "name"
	}
	if r.Email != "" {
		if email, err := rendezvous.NormalizeEmail(r.Email); err == nil {
			changed = changed || email != st.Customer.Email
			st.Customer.Email = email
		} else {
			t.invalid = "email"
		}
		t.usedSomething = true
	} else if st.Awaiting == AwaitEmail && (strings.Contains(t.message, "@") || t.noDetail() && r.Name == "" && r.Phone == "") {
		t.invalid = "email"
	}
	if r.Phone != "" {
		if phone, err := rendezvous.NormalizePhone(r.Phone, t.regions()...); err == nil {
			changed = changed || phone != st.Customer.Phone
			st.Customer.Phone = phone
		} else {
			t.invalid = "phone"
		}
		t.usedSomething = true
	} else if st.Awaiting == AwaitPhone && (phoneAttempt(t.message) || t.noDetail() && r.Name == "" && r.Email == "") {
		t.invalid = "phone"
	}
	if changed && st.Pending != nil && st.Pending.Kind == "book" {
		st.Pending, st.Confirmed = nil, nil // the summary must be shown again
	}
}

// regions reads phone numbers without a country code: in the provider's
// country (from the zone of the city), then in the customer's language's
// (a French mobile for a booking in Montréal). One source of truth with the
// booking desk: rendezvous.PhoneRegions.
func (t *turn) regions() []string {
	regions := rendezvous.PhoneRegions(t.m.location(t.ctx, t.st).String(), t.st.Language)
	if said := phoneCountry(t.message); said != "" {
		// "my French mobile" for a booking in Montréal, "mon portable
		// belge" in Lyon: the country said comes first ("0470 12 34 56"
		// is Belgian then, though a French number too).
		return append([]string{said}, slices.DeleteFunc(regions, func(r string) bool { return r == said })...)
	}
	return regions
}

// phoneCountry returns the region of a country the message says a number
// is from ("my French mobile", "un portable belge"), "" when none.
func phoneCountry(message string) string {
	for _, w := range strings.Fields(rendezvous.FoldKey(message)) {
		switch strings.Trim(w, ",.;:!?()") {
		case "french", "france", "francais", "francaise":
			return "FR"
		case "belgian", "belgium", "belge", "belgique":
			return "BE"
		case "swiss", "switzerland", "suisse":
			return "CH"
		case "british", "uk", "britannique":
			return "GB"
		case "canadian", "canada", "canadien", "canadienne":
			return "CA"
		case "american", "usa", "americain", "americaine":
			return "US"
		}
	}
	return ""
}

// smallTalk answers a message that starts no task.
func (t *turn) smallTalk() {
	st, r := t.st, t.r
	switch r.Intent {
	case understand.IntentGreet:
		t.ask(AwaitKind, "hello_what_kind_of_appointment",
			kindChoices(t.lang))
	case understand.IntentHelp:
		t.ask(AwaitKind, "can_find_free_slot_and")
	case understand.IntentThanks:
		st.Awaiting = AwaitNothing
		t.add("you_re_welcome_anything_else")
	case understand.IntentDeny, understand.IntentAffirm:
		st.Awaiting = AwaitNothing
		t.add("all_right_tell_me_if")
	default:
		if t.answered {
			t.ask(AwaitKind, "what_kind_of_appointment_shall", kindChoices(t.lang))
			return
		}
		t.clarify()
	}
}

// failed tells the customer a tool failed, without details that are not
// theirs to see, and logs the failure (by kind, with a bounded message)
// unless it is an expected answer of the booking rules.
func (t *turn) failed(err error) {
	switch rendezvous.ErrorCodeOf(err) {
	case rendezvous.EINTERNAL, rendezvous.EUNAVAILABLE:
		msg := err.Error()
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		// A dependency slow or down is worth a warning (readiness and
		// metrics tell the rest); an internal fault is an error.
		level := slog.LevelWarn
		if rendezvous.ErrorCodeOf(err) == rendezvous.EINTERNAL {
			level = slog.LevelError
		}
		t.m.log.LogAttrs(t.ctx, level, "agent tool failed",
			slog.String("error_kind", string(rendezvous.ErrorCodeOf(err))), slog.String("error", msg))
	}
	switch {
	case errors.Is(err, ErrTooManyCalls), errors.Is(err, ErrRepeatedCall):
		t.add("sorry_that_took_too_many")
	case rendezvous.ErrorCodeOf(err) == rendezvous.EUNAVAILABLE || errors.Is(err, context.DeadlineExceeded):
		t.add("sorry_booking_system_is_slow")
	default:
		t.add("sorry_something_went_wrong_on")
	}
}
