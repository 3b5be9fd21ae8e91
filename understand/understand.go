// Package understand reads a customer's booking message, in English or
// French, and returns what it means for the dialogue: the intent, the kind
// of provider, the city and provider named, the date and time wanted, the
// customer's own details, and whether the message corrects something said
// before.
//
// It is embedded, offline and deterministic: rules and word lists, no model
// and no network. Dates and times are found by a small rule engine of our
// own (dtrule.go): each rule is a regular expression over the folded text
// and a function that records what its match says; the matches that form
// one expression are applied together and resolved against today. An
// Understander is built once with New from the names the agent knows (a
// Gazetteer) and is safe for concurrent use.
//
// How ambiguous writing is read:
//   - Dates never fall in the past: a day of the month that has passed is
//     next month's ("the 3rd" on the 20th), a month and day next year's, a
//     weekday next week's. "next Tuesday" and a bare "Tuesday" are the first
//     Tuesday after today; "this Friday" is the one of the current week, today
//     included; "Thursday next week" is the one of the next calendar week.
//   - 3/4 is day/month in French and month/day in English when both are
//     possible (14/3 is the 14th of March in both).
//   - An hour without am/pm, 24-hour form or part of the day is read in
//     opening hours: 1 to 7 are afternoon hours ("at 4" is 16:00), 8 to 11
//     morning hours, 12 is noon. "4 in the afternoon", "evening 5" and
//     "3 heures de l'après-midi" follow the part of the day.
//   - "midnight" and "minuit" are kept as 00:00: the customer said it, and the
//     dialogue manager, which knows the opening hours, can say so.
//   - Weeks start on Monday. "Next week" / "la semaine prochaine" is the
//     next calendar week, Monday to Sunday (Date and DateEnd) — never
//     today, even on a Sunday; "this week" runs from today to Sunday;
//     "early next week" is Monday to Wednesday, "end of next week" Thursday
//     to Sunday. "This weekend" / "ce week-end" is the coming Saturday and
//     Sunday (from today on a weekend day), "next weekend" the one of next
//     week. "A week on Friday", "Friday week" and "vendredi en huit" are the
//     Friday after next; "in two weeks", "dans quinze jours", "dans 15
//     jours" and "ds 15j" are fourteen days on ("huit jours" is seven).
//   - A weekday with a day of the month ("Thursday the 10th", "jeudi 10")
//     is the next date, within a year, where both agree; when none does,
//     or the month is said and disagrees ("jeudi 10 décembre" when the 10th
//     is a Wednesday), DateMismatch is set instead of Date, for the
//     dialogue to ask.
//   - "The day after", "le lendemain", "the week after", "la veille",
//     "that day" count from Context.RefDate, the day under discussion (the
//     slot proposed or chosen, the booking being moved); with none, "the
//     day after" and "le lendemain" are tomorrow, "the week after" next
//     week, and "that day" is nothing.
//     "Same time" / "même heure" is Context.RefTime, "an hour later" / "une
//     heure plus tard" / "30 minutes earlier" are counted from it; with none,
//     they are nothing.
//   - Windows (Result.Window) are ranges of the start time, the lower
//     bound included, the upper excluded: "after 5" and "from 3 on" include
//     17:00 and 15:00; "before 10" and "between 2 and 4" exclude 10:00 and
//     16:00. Their hours follow the reading above ("after 5" is 17:00,
//     "between 6 and 8" 18:00 to 20:00, "between 8 and 10 pm" 20:00 to
//     22:00). Named ones: lunchtime, "à midi" and "entre midi et deux"
//     12:00–14:00 ("à midi" is also the time 12:00); early / tôt / "à la
//     première heure" 06:00–10:00; end of morning / "fin de matinée"
//     10:30–12:00; early afternoon 13:00–15:00; after lunch 14:00–18:00;
//     late afternoon / "fin d'après-midi" 16:00–19:00; after work
//     17:00–22:00. The evening is its part of the day, 17:00–22:00 (see
//     PartOfDay.Range). A bound said with a part of the day is kept as said
//     ("tomorrow afternoon after 3": 15:00 on, and Afternoon); the search
//     takes what both allow. A bound wins over a time it overlaps ("after 5
//     instead" is no 17:00 sharp) unless the time holds it ("quarter after
//     5" is 17:15).
//   - A bare hour given as a change ("make it 11 instead", "how about 3?",
//     "plutôt 11", "et à 11 ?") is a time, read as every hour is.
//   - "Later?", "plus tôt ?", "d'autres jours ?" ask to refine the slots
//     proposed (Result.Refine); "maybe later", "à plus tard", "no later
//     than 5", "le plus tôt possible" do not.
//   - Relative dates are resolved in the zone of the city the message names
//     (Context.Zone), else in Context.Location.
//   - A lone number is a choice when the agent asked which proposal or
//     which provider, a time when it asked for a time, a day of the month
//     when it asked for a date.
//   - Typos of one edit (insertion, deletion, substitution, transposition)
//     are corrected in words of five letters or more that the rules rely on.
//   - Messages longer than MaxInputBytes are cut, so that the time spent on
//     any input stays bounded (a few milliseconds at the limit).
package understand

import (
	"slices"
	"strings"
	"time"

	"github.com/rendezvous-oss/rendezvous"
	"github.com/rendezvous-oss/rendezvous/understand/names"
)

// Language is the language of a message.
type Language string

// The languages understood.
const (
	English Language = "en"
	French  Language = "fr"
)

// PartOfDay is a broad time of day.
type PartOfDay string

// The parts of the day.
const (
	NoPartOfDay PartOfDay = ""
	Morning     PartOfDay = "morning"
	Afternoon   PartOfDay = "afternoon"
	Evening     PartOfDay = "evening"
)

// Result is what a message says. Fields are empty unless the message
// contains them: nothing is made up.
type Result struct {
	Language     Language
	Intent       Intent
	Kind         rendezvous.Kind // "" when none
	City         string          // canonical spelling from the Gazetteer, "" when none
	ProviderName string          // canonical spelling from the Gazetteer, "" when none
	Date         *Date           // resolved; nil when none
	// DateEnd is the last day of a span of days the message names ("next
	// week", "ce week-end", "early next week"), Date being its first; nil
	// for one day.
	DateEnd *Date
	// NotDate is a day the message rules out: "not Monday", "pas lundi",
	// "Thursday instead of Monday"; nil when none.
	NotDate *Date
	// RefDays is set when Date counts from the day under discussion ("the
	// day after", "le lendemain": 1) and the context had none
	// (Context.RefDate nil), so that Date counts from today: the dialogue,
	// once it knows the day (the booking a customer moves), counts RefDays
	// from it. Nil otherwise.
	RefDays *int
	// DaysAhead is set when Date is today plus that many days ("demain":
	// 1, "dans 3 jours": 3, "aujourd'hui": 0), today being the one of the
	// zone the message was read in: once the city is known, the dialogue
	// counts them from that city's today ("demain" said at 21:00 in
	// Montréal before naming it). Nil for other dates.
	DaysAhead *int
	// DateMismatch is set, and Date nil, when a weekday and a day of the
	// month do not agree ("Thursday the 31st"): the dialogue asks.
	DateMismatch *DateMismatch
	Time         *rendezvous.ClockTime // wall-clock time; nil when none
	TimeApprox   bool                  // "vers 15h", "around 3", "3ish"
	PartOfDay    PartOfDay             // "tomorrow afternoon", "en soirée", "in the evening"; "" when none
	// Window is the stretch of the day the appointment should start in,
	// when the message says more than a part of the day: "after 5",
	// "avant 10h", "entre 14h et 16h", "lunchtime", "fin de matinée",
	// "first thing". A bound is kept as said when a part of the day is
	// said too ("tomorrow afternoon after 3": 15:00 on, and Afternoon); the
	// search takes what both allow. Nil when none.
	Window     *ClockRange
	Choice     int      // 1-based ordinal of a proposal ("the second one", "le premier", "option 3"); -1 = "the last one"; 0 = none
	Name       string   // the customer's own name as written, trimmed; with NamePart, the whole name it makes (see Context.CustomerName)
	NamePart   NamePart // the message gave only the given name or the surname ("my surname is Martin"); "" for a whole name
	Email      string   // as written, trimmed
	Phone      string   // the phone number text as written (the caller normalises it with libphonenumber)
	BookingRef string   // normalised booking reference: "RDV-" and 10 upper-case Crockford base32 characters
	Correction bool     // the user changes something said before: "actually Thursday", "non, à Lille", "plutôt jeudi"
	// Refine is a follow-up on the slots proposed: "anything later?",
	// "plus tôt ?", "d'autres jours ?"; "" when none.
	Refine Refinement

	// Unoffered is a trade asked for that Rendezvous does not book ("an
	// osteopath", "un vétérinaire"), when no kind is asked for; "" when none.
	Unoffered Trade
	// UnknownProvider is set when the message names a provider the
	// Gazetteer does not have ("Dr Dupuis", "chez Zoé Coiffure"):
	// ProviderName is then empty.
	UnknownProvider bool
	// Question is what the message asks about the appointment discussed:
	// its price, its length or its address; "" when none.
	Question Question
}

// Context is what the dialogue knows when a message arrives.
type Context struct {
	Now      time.Time      // the instant "now"; relative dates resolve against Now as seen in Location (zero means time.Now())
	Location *time.Location // the city's / provider's zone; nil means UTC
	Awaiting string         // what the agent just asked for: "kind","city","date","time","slot_choice","provider_choice","name","email","phone","confirmation","booking_reference","nothing" or ""
	Language Language       // language of the conversation so far, "" if unknown: a message switches to the other language only when it clearly is in it (see DetectLanguage)
	// Task is what the conversation is doing: "book", "cancel",
	// "reschedule", "my_bookings" or "". While an existing booking is
	// discussed (cancel, reschedule), "move it" is that booking.
	Task string
	// CustomerName is the customer's name as known so far, "" if none:
	// a message that gives only a part of it ("the surname is Martin")
	// replaces that part.
	CustomerName string
	// RefDate and RefTime are the day and time the conversation is about
	// (the slot chosen or proposed, the booking being moved), against
	// which "the day after", "le lendemain", "the week after", "same time"
	// and "an hour later" resolve; nil when there are none ("the day after"
	// is then tomorrow, "same time" nothing).
	RefDate *Date
	RefTime *rendezvous.ClockTime
	// Options is how many slots or providers the agent listed for the
	// customer to choose among (Awaiting "slot_choice" or
	// "provider_choice"); 0 when unknown, then taken as three slots or six
	// providers. A number past them, with more said, is a day: "le 4 mais
	// l'après-midi" among three slots is the 4th of the month.
	Options int
	// Zone returns the time zone of a city of the gazetteer (nil when
	// unknown). When the message names a city, its relative dates resolve
	// in that city's zone: "tomorrow" said at 22:00 in Montréal is
	// Montréal's tomorrow, whatever Location was. Nil keeps Location.
	Zone func(city string) *time.Location
}

// Understander reads messages. Build it with New; it is immutable and safe
// for concurrent use.
type Understander struct {
	phrases   *phraseMatcher
	lang      *languageScorer
	speller   *speller
	citySpell *speller // typos of city names: "marseile", "bordeau"
	// cityWords are the words of the cities' names, for the short ones
	// typed with a letter twice ("lyonn", "pariss"), which are below the
	// speller's length.
	cityWordSet map[string]bool
	dt          *dateTimeParser
	ent         *entityParser
	names       *personNames
	cities      *gazIndex
	providers   *gazIndex
	refs        *refIndex
}

// New builds the indexes of the vocabulary, the date-time rules and the
// gazetteer's names once; the result is immutable and safe for concurrent
// use.
func New(g Gazetteer) *Understander {
	u := &Understander{
		phrases: newPhraseMatcher(),
		lang:    newLanguageScorer(),
		dt:      newDateTimeParser(),
	}
	for value, patterns := range intentPhrases() {
		u.phrases.add(classIntent, value, patterns...)
	}
	addKinds(u.phrases)
	u.phrases.add(classCorrection, "correction", correctionPhrases()...)
	for value, patterns := range questionPhrases() {
		u.phrases.add(classQuestion, value, patterns...)
	}
	for value, patterns := range nameIntroductions() {
		u.phrases.add(classNameIntro, value, patterns...)
	}
	for r, ps := range refinePhrases() {
		u.phrases.add(classRefine, string(r), ps...)
	}

	// Ordinary words: never names, never corrected, and one-word places
	// that are also ordinary words ("Nice") must be capitalised.
	common := map[string]bool{}
	for _, w := range englishWords() {
		common[w] = true
	}
	for _, w := range frenchWords() {
		common[w] = true
	}
	for _, w := range extraCommonWords() {
		common[w] = true
	}
	vocabulary := map[string]bool{}
	u.phrases.words(vocabulary)
	u.dt.vocabulary(vocabulary)
	ordinary := map[string]bool{}
	for w := range common {
		ordinary[w] = true
	}
	for w := range vocabulary {
		ordinary[w] = true
	}
	u.cities = newGazIndex(g.Cities, common, false)
	u.providers = newGazIndex(g.ProviderNames, ordinary, true)

	notName := map[string]bool{}
	for w := range common {
		notName[w] = true
	}
	for w := range vocabulary {
		notName[w] = true
	}
	known := map[string]bool{}
	for w := range notName {
		known[w] = true
	}
	u.cities.vocabulary(known)
	u.providers.vocabulary(known)
	u.speller = newSpeller(vocabulary, known)
	cityWords := map[string]bool{}
	u.cities.vocabulary(cityWords)
	u.citySpell = newSpeller(cityWords, known)
	u.cityWordSet = cityWords
	u.ent = newEntityParser()
	u.names = newPersonNames(notName)
	u.refs = newRefIndex(g.ProviderNames, ordinary, known, u.names)
	return u
}

// Understand reads one message. It never fails: a message it cannot read
// is out of scope. Messages longer than MaxInputBytes are cut.
func (u *Understander) Understand(c Context, message string) Result {
	var res Result
	t := prepare(message)
	loc := c.Location
	if loc == nil {
		loc = time.UTC
	}
	now := c.Now
	if now.IsZero() {
		now = time.Now()
	}
	today := DateOf(now, loc)

	// Customer data first, then hidden from the other rules: a phone
	// number is not a time, an email address holds no date.
	var spans [][2]int
	if s, e, ok := u.ent.findEmail(t.norm); ok {
		res.Email = t.original(s, e)
		spans = append(spans, [2]int{s, e})
	} else if addr, s, e, ok := u.ent.findSpokenEmail(t.norm, c.Awaiting == "email"); ok {
		res.Email = addr
		spans = append(spans, [2]int{s, e})
	}
	masked := mask(t.norm, spans)
	if ref, s, e, ok := u.ent.findBookingRef(masked); ok {
		res.BookingRef = ref
		spans = append(spans, [2]int{s, e})
	} else if c.Awaiting == "booking_reference" {
		if ref, s, e, ok := bareBookingRef(masked); ok {
			res.BookingRef = ref
			spans = append(spans, [2]int{s, e})
		}
	}
	masked = mask(t.norm, spans)
	if s, e, ok := u.ent.findPhone(masked); ok {
		res.Phone = t.original(s, e)
		spans = append(spans, [2]int{s, e})
	}
	masked = mask(t.norm, spans)

	norm, off := u.correct(masked, t.off, c.Awaiting, &t)
	t = t.withNorm(norm, off)
	toks := tokenize(norm)

	var hitBuf [32]hit
	hits := u.phrases.find(toks, hitBuf[:0])
	switch c.Awaiting {
	case "name", "email", "phone", "confirmation":
		// Asked for their details, customers give them: "Arthur Dent" is
		// a name, not a toothache.
		hits = slices.DeleteFunc(hits, func(h hit) bool { return h.p.quiet })
	}

	canon := make([]string, len(toks))
	for i, tk := range toks {
		canon[i] = nameWord(tk.s)
	}
	var gazBuf [8]gazMatch
	var kindEnds uint64
	for _, h := range hits {
		if h.p.class == classKind && h.end-1 < 64 {
			kindEnds |= 1 << uint(h.end-1)
		}
	}
	cities := u.cities.find(&t, toks, u.cityWords(c, canon), c.Awaiting == "city", kindEnds, gazBuf[:0])
	var provs []gazMatch
	if c.Awaiting != "name" {
		// Asked for their name, customers give it, even when a provider
		// bears it too ("Dr Nicolas Robert"): it is not read as that
		// provider, which would hide it from the name's extraction.
		provs = u.providers.find(&t, toks, canon, true, 0, nil)
	}
	var named [][2]int // token spans of the providers' names
	var hide [][2]int
	for i := len(provs) - 1; i >= 0; i-- {
		p := provs[i]
		if sameSpan(cities, p) {
			continue // a name that is also a city is the city
		}
		if p.entry.short && u.refs.continues(canon, p.end, cities) {
			continue // a longer name than the short form: read as a reference below
		}
		hide = append(hide, [2]int{toks[p.start].start, toks[p.end-1].end})
		named = append(named, [2]int{p.start, p.end})
		if res.ProviderName == "" && !negatedAt(norm, toks[p.start].start) {
			res.ProviderName = p.entry.canonical
		}
	}
	var takenBuf [8][2]int
	taken := append(takenBuf[:0], named...)
	for i := len(cities) - 1; i >= 0; i-- {
		cm := cities[i]
		s, e := toks[cm.start].start, toks[cm.end-1].end
		if overlaps(hide, s, e) {
			continue
		}
		hide = append(hide, [2]int{s, e})
		taken = append(taken, [2]int{cm.start, cm.end})
		if res.City == "" && !negatedAt(norm, s) && !residenceBefore(toks, cm.start) {
			res.City = cm.entry.canonical
		}
	}
	if res.ProviderName == "" && c.Awaiting != "name" {
		if ref, ok := u.refs.find(&t, toks, canon, taken, hits); ok && !negatedAt(norm, toks[ref.start].start) {
			res.ProviderName, res.UnknownProvider = ref.name, ref.unknown
			named = append(named, ref.named)
			taken = append(taken, ref.named)
			hide = append(hide, [2]int{toks[ref.start].start, toks[ref.end-1].end})
		}
	}
	en, fr := u.lang.score(&t, toks, func(i int) bool {
		for _, s := range taken {
			if s[0] <= i && i < s[1] {
				return true
			}
		}
		return false
	})
	res.Language = decideLanguage(en, fr, c.Language)
	res.Kind, res.Unoffered = findKind(hits, func(tok int) bool {
		for _, n := range named {
			if n[0] <= tok && tok < n[1] {
				return true
			}
		}
		return false
	})

	// Dates and times, with places and names hidden ("Sept-Îles" holds no
	// month).
	dtNorm := mask(norm, hide)
	dtToks := toks
	if len(hide) > 0 {
		dtToks = tokenize(dtNorm)
	}
	if res.City != "" && c.Zone != nil {
		if cityLoc := c.Zone(res.City); cityLoc != nil {
			today = DateOf(now, cityLoc)
		}
	}
	dt := u.dt.parse(dtNorm, dtToks, res.Language, &dtEnv{today: today, ref: c.RefDate, refTime: c.RefTime})

	options := 0
	switch c.Awaiting {
	case "slot_choice":
		options = shownSlots
	case "provider_choice":
		options = listedProviders
	}
	if options > 0 && c.Options > 0 {
		options = c.Options
	}
	choice, choiceSpan := u.ent.findChoice(dtNorm, dtToks, options)
	if span, ok := u.ent.hesitantPick(dtNorm, options); ok && dt.date != nil && spansOverlap(dt.dateSpan, span) {
		dt.date, dt.dateEnd, dt.daysAhead = nil, nil, nil
	}
	if choice != 0 && butUnsure(dtNorm[choiceSpan[1]:]) {
		choice = 0 // "number 1 but let me think", "the 3rd but I'm not sure": not yet a pick
	}
	if choice != 0 && overlaps(dt.windowSpans, choiceSpan[0], choiceSpan[1]) {
		choice = 0 // "à la première heure" is a window, not the first proposal
	}
	if choice != 0 && negatedAt(dtNorm, choiceSpan[0]) {
		choice = 0 // "not the second one", "pas le premier" rule a slot out
	}
	if choice != 0 && dt.date != nil && dt.dateNamed && spansOverlap(dt.dateSpan, choiceSpan) &&
		dt.dateSpan[1]-dt.dateSpan[0] > choiceSpan[1]-choiceSpan[0] {
		choice = 0 // "the 3rd of January", "the day after the 3rd": a day, not the third slot
	}
	if choice != 0 {
		if dt.date != nil && spansOverlap(dt.dateSpan, choiceSpan) {
			dt.date, dt.dateEnd = nil, nil
		}
		if dt.time != nil && spansOverlap(dt.timeSpan, choiceSpan) {
			dt.time = nil
		}
		res.Choice = choice
	}
	if dt.date != nil && reminderBefore(dtNorm, dt.dateSpan[0]) {
		// "can you remind me the day before?", "rappelez-moi la veille": when
		// to be reminded, not a day for the appointment.
		dt.date, dt.dateEnd, dt.refDays, dt.daysAhead, dt.mismatch = nil, nil, nil, nil, nil
	}
	u.bareAnswer(c.Awaiting, dtNorm, dtToks, today, &dt)
	res.Date, res.Time, res.TimeApprox, res.PartOfDay, res.Window = dt.date, dt.time, dt.approx, dt.partOfDay, dt.window
	res.DateEnd, res.NotDate, res.DateMismatch, res.RefDays = dt.dateEnd, dt.notDate, dt.mismatch, dt.refDays
	res.Refine = refinement(toks, hits, dt.spans, res.Choice != 0)
	if res.Refine == RefineOtherDays && res.Date != nil {
		res.Refine = NoRefinement // "not that day, Friday instead": the day said is the other day
	}
	if res.Time == nil {
		res.TimeApprox = false
	}
	res.DaysAhead = dt.daysAhead
	if res.Date == nil {
		res.RefDays, res.DaysAhead = nil, nil
	}

	u.findCustomerName(c, &t, &res, hits, nameTexts{norm: norm, dtNorm: dtNorm, dtToks: dtToks, toks: toks, spans: spans, hide: hide, named: named})

	res.Question = u.question(&t, toks, hits, res.Email != "")
	if (res.Question == "" || res.Question == AskAddress) && res.BookingRef == "" && referenceMissing(toks) {
		res.Question = AskReference
	}
	q := cuesOf(hits)
	if q.goodbye && res.Date != nil && *res.Date == today && res.Time == nil && !q.book && !q.avail && !q.appointment {
		// "That's all for today" closes the conversation; it asks for no date.
		res.Date, res.DateEnd = nil, nil
	}
	res.Intent, res.Correction = classify(c, &res, q, toks)
	if c.Awaiting == "confirmation" && res.Intent == IntentMyBookings {
		// "is my appointment confirmed?", "c'est à quelle heure mon rdv ?"
		// in answer to a summary ask about the change summed up, not for
		// the bookings made: it waits for its yes or no.
		res.Intent = IntentInform
	}
	if c.Awaiting == "confirmation" && res.Intent != IntentAffirm {
		// In answer to a summary, a clear yes to its action is a yes,
		// however it is written: "oui, annulez-le", "yesss 👍".
		if a, ok := taskAction(c.Task); ok && ClearYes(message, a) {
			res.Intent, res.Correction = IntentAffirm, false
		}
	}
	return res
}

// taskAction returns the action a task asks the customer to confirm.
func taskAction(task string) (Action, bool) {
	switch task {
	case "book":
		return ActionBook, true
	case "cancel":
		return ActionCancel, true
	case "reschedule":
		return ActionReschedule, true
	}
	return "", false
}

// cityWords returns the words in which to look for a city: canon, with
// words one typo away from a city's word corrected ("marseile" is
// Marseille), except when the agent asked for the customer's details — a
// name like "Lillie" is not Lille.
func (u *Understander) cityWords(c Context, canon []string) []string {
	switch c.Awaiting {
	case "name", "email", "phone", "booking_reference":
		return canon
	}
	var fixed []string
	for i, w := range canon {
		fix := u.citySpell.correct(w)
		if fix == "" {
			fix = u.doubledLetter(w)
		}
		if fix == "" {
			continue
		}
		if fixed == nil {
			fixed = slices.Clone(canon)
		}
		fixed[i] = fix
	}
	if fixed == nil {
		return canon
	}
	return fixed
}

// knownName reports whether a word the speller would correct is a known
// name to leave as typed: "Tom Paine" is not "peine". At the name prompt
// every known name is, elsewhere a capitalised one past the message's
// first word.
func (u *Understander) knownName(tk token, awaiting string, t *text) bool {
	if u.names.lex.Lookup(tk.s)&(names.Given|names.NamePart) == 0 {
		return false
	}
	return awaiting == "name" || tk.start > 0 && capitalised(t, tk)
}

// doubledLetter returns the city word w is with one of its letters typed
// twice ("lyonn" is Lyon), "" when there is none or w is a word already.
func (u *Understander) doubledLetter(w string) string {
	if len(w) < 5 || u.cityWordSet[w] {
		return ""
	}
	for i := 1; i < len(w); i++ {
		if w[i] != w[i-1] {
			continue
		}
		var buf [64]byte
		b := append(append(buf[:0], w[:i]...), w[i+1:]...)
		if u.cityWordSet[string(b)] { // no allocation: most words are no city
			return string(b)
		}
	}
	return ""
}

// correct replaces the words of masked that are one typo away from a
// vocabulary word and returns the new folded text with its offsets.
func (u *Understander) correct(masked string, off []int, awaiting string, t *text) (string, []int) {
	var buf [24]token
	toks := appendTokens(buf[:0], masked)
	var b strings.Builder
	var newOff []int
	last := 0
	for _, tk := range toks {
		fix := u.speller.correct(tk.s)
		if fix == "" || u.knownName(tk, awaiting, t) {
			continue
		}
		if newOff == nil {
			b.Grow(len(masked) + 8)
			newOff = make([]int, 0, len(off)+8)
		}
		b.WriteString(masked[last:tk.start])
		newOff = append(newOff, off[last:tk.start]...)
		b.WriteString(fix)
		for i := 0; i < len(fix); i++ {
			o := off[tk.start+min(i, len(tk.s)-1)]
			newOff = append(newOff, o)
		}
		last = tk.end
	}
	if newOff == nil {
		return masked, off
	}
	b.WriteString(masked[last:])
	newOff = append(newOff, off[last:]...)
	return b.String(), newOff
}

// bareAnswer reads a lone number as the value the agent asked for: "10"
// is 10:00 when awaiting a time, "14" the 14th when awaiting a date.
func (u *Understander) bareAnswer(awaiting, norm string, toks []token, today Date, dt *dateTime) {
	if len(toks) != 1 || (awaiting != "time" && awaiting != "date") {
		return
	}
	s := toks[0].s
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' || i >= 2 {
			return
		}
		n = n*10 + int(s[i]-'0')
	}
	switch {
	case awaiting == "time" && dt.time == nil && n <= 24:
		ct := rendezvous.ClockTime((n % 24) * 60)
		if n >= 1 && n <= 12 {
			ct = disambiguate(ct, dt.partOfDay)
		}
		dt.time = &ct
	case awaiting == "date" && dt.date == nil && n >= 1 && n <= 31:
		d := Date{Year: today.Year, Month: today.Month, Day: n}
		for i := 0; i < 12 && (!d.Valid() || d.Before(today)); i++ {
			d.Month++
			if d.Month > time.December {
				d.Month, d.Year = time.January, d.Year+1
			}
		}
		if d.Valid() {
			dt.date = &d
		}
	}
}

// bareBookingRef reads a reference typed without its "RDV" prefix.
func bareBookingRef(norm string) (string, int, int, bool) {
	toks := tokenize(norm)
	if len(toks) != 1 || len(toks[0].s) != 10 {
		return "", 0, 0, false
	}
	for i := 0; i < 10; i++ {
		ch := toks[0].s[i]
		if !('0' <= ch && ch <= '9' || 'a' <= ch && ch <= 'z') || ch == 'i' || ch == 'l' || ch == 'o' || ch == 'u' {
			return "", 0, 0, false
		}
	}
	return "RDV-" + strings.ToUpper(toks[0].s), toks[0].start, toks[0].end, true
}

// cleanName trims the punctuation people put around a name.
// reminderBefore reports whether the words just before position i ask to
// be reminded, called or told: the day that follows is the reminder's.
func reminderBefore(norm string, i int) bool {
	before := norm[max(0, i-32):i]
	if strings.Contains(before, "vaccin") {
		return false // "un rappel de vaccin demain" is a booster, on that day
	}
	for _, w := range []string{"remind", "reminder", "call me", "text me", "message me", "email me", "notify", "rappel", "rappelez",
		"rappeler", "appelez moi", "appeler", "prevenir", "prevenez", "previens", "sms", "texto"} {
		if strings.Contains(before, w) {
			return true
		}
	}
	return false
}

func cleanName(s string) string {
	return strings.TrimSpace(strings.Trim(s, " ,;:!?\"()"))
}

func overlaps(spans [][2]int, s, e int) bool {
	for _, sp := range spans {
		if s < sp[1] && sp[0] < e {
			return true
		}
	}
	return false
}

func spansOverlap(a, b [2]int) bool {
	return a[0] < b[1] && b[0] < a[1]
}

func sameSpan(ms []gazMatch, m gazMatch) bool {
	for _, x := range ms {
		if x.start == m.start && x.end == m.end {
			return true
		}
	}
	return false
}

// ParseDate returns the date a phrase expresses ("next Thursday", "le 3
// mars", "the 7th"), resolved as Understand resolves it, and false when it
// expresses none.
func (u *Understander) ParseDate(c Context, phrase string) (Date, bool) {
	c.Awaiting = "date"
	r := u.Understand(c, phrase)
	if r.Date == nil {
		return Date{}, false
	}
	return *r.Date, true
}

// ParseTime returns the clock time a phrase expresses ("half past 3 in the
// afternoon", "16h30", "evening 4"), and false when it expresses none.
func (u *Understander) ParseTime(c Context, phrase string) (rendezvous.ClockTime, bool) {
	c.Awaiting = "time"
	r := u.Understand(c, phrase)
	if r.Time == nil {
		return 0, false
	}
	return *r.Time, true
}
