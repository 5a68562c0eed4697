package ghapp

// An Event is a webhook event, by the name GitHub sends in the
// X-GitHub-Event header and accepts in a registration's events ("check_run").
// The package has one constant per event the catalogue knows.
//
// An app subscribes to an event only if it has one of the event's
// [Event.RequiredPermissions] at read or above. Some events reach every app
// without a subscription ([Event.AlwaysDelivered]); some reach other kinds
// of webhook but never an app ([Event.Subscribable] and AlwaysDelivered
// both false).
type Event string

// delivery says how an event reaches apps.
type delivery uint8

const (
	deliverySubscribe delivery = iota // the app chooses it
	deliveryAlways                    // every app gets it; it cannot be chosen
	deliveryNever                     // apps cannot receive it
)

// eventInfo is one row of the generated eventTable.
type eventInfo struct {
	name     Event
	needs    []Permission
	delivery delivery
	plans    planSet
}

func (e Event) info() *eventInfo {
	if i := eventIndex(string(e)); i >= 0 {
		return &eventTable[i]
	}
	return nil
}

// ParseEvent returns the event named s. It accepts every event the
// catalogue knows, including those an app cannot subscribe to, so that it
// also reads X-GitHub-Event headers. An unknown name returns a [*FieldError]
// wrapping a [*NameError] for [ErrUnknownEvent] that suggests a close name
// ("pull-request" gives "pull_request").
func ParseEvent(s string) (Event, error) {
	if ei := Event(s).info(); ei != nil {
		return ei.name, nil
	}
	return "", unknownEvent("", s)
}

// unknownEvent reports s, given as an event under field.
func unknownEvent(field, s string) *FieldError {
	return unknownName(field, s, ErrUnknownEvent, suggestEvent(s), retiredEvent(s))
}

// suggestEvent returns the event s most likely means, or "".
func suggestEvent(s string) string {
	return suggest(s, func(yield func(string) bool) {
		for i := range eventTable {
			if !yield(string(eventTable[i].name)) {
				return
			}
		}
	})
}

// KnownEvents returns every event the catalogue knows, in catalogue order.
// The slice is new on every call.
func KnownEvents() []Event {
	out := make([]Event, len(eventTable))
	for i := range eventTable {
		out[i] = eventTable[i].name
	}
	return out
}

// Known reports whether the catalogue knows e.
func (e Event) Known() bool { return e.info() != nil }

// RequiredPermissions returns the permissions that let an app subscribe to
// e: any one of them at read or above is enough ([EventMilestone] needs
// [PermissionIssues] or [PermissionPullRequests]). It is nil for an event
// any app may subscribe to, for one an app cannot subscribe to, and for an
// unknown event. The slice is new on every call.
func (e Event) RequiredPermissions() []Permission {
	ei := e.info()
	if ei == nil || len(ei.needs) == 0 {
		return nil
	}
	return append([]Permission(nil), ei.needs...)
}

// Subscribable reports whether an app can choose e among its events.
// It is false for events every app receives anyway (see
// [Event.AlwaysDelivered]), for events apps cannot receive at all
// ([EventSponsorship], [EventMarketplacePurchase], ...), and for unknown
// events.
func (e Event) Subscribable() bool {
	ei := e.info()
	return ei != nil && ei.delivery == deliverySubscribe
}

// AlwaysDelivered reports whether every app receives e without choosing it
// ([EventInstallation], [EventInstallationRepositories],
// [EventGitHubAppAuthorization], and [EventPing] for each new webhook).
func (e Event) AlwaysDelivered() bool {
	ei := e.info()
	return ei != nil && ei.delivery == deliveryAlways
}

// Plans returns the plans that know e, or nil for an unknown event. The
// slice is new on every call.
func (e Event) Plans() []Plan {
	if ei := e.info(); ei != nil {
		return ei.plans.list()
	}
	return nil
}

// AvailableOn reports whether plan knows e.
func (e Event) AvailableOn(plan Plan) bool {
	ei := e.info()
	return ei != nil && ei.plans.has(plan)
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParseEvent].
func (e *Event) UnmarshalText(text []byte) error {
	v, err := ParseEvent(string(text))
	if err != nil {
		return err
	}
	*e = v
	return nil
}
