package ghapp

import (
	"slices"
	"strconv"
	"strings"
	"time"
)

// A Plan is a GitHub product on which apps are registered: github.com,
// GitHub Enterprise Cloud (GHE.com), or one version of GitHub Enterprise
// Server. Each permission, event and scope is known on some plans only.
//
// Plan values are positions in the catalogue and may change between
// releases of this package; store a plan by its name, which
// [Plan.MarshalText] writes (so a Plan in JSON is "ghes-3.19").
//
// The zero value is no plan; where a Plan is optional, zero means "pick the
// plan from the host".
type Plan uint8

// planSet is a set of plans, bit 1<<p for plan p.
type planSet uint32

func (s planSet) has(p Plan) bool { return p > 0 && int(p) < len(planNames) && s&(1<<p) != 0 }

func (s planSet) list() []Plan {
	var out []Plan
	for p := Plan(1); int(p) < len(planNames); p++ {
		if s.has(p) {
			out = append(out, p)
		}
	}
	return out
}

// String names the plans: "ghes-3.17, ghes-3.18 or ghes-3.19".
func (s planSet) String() string {
	var names []string
	for _, p := range s.list() {
		names = append(names, p.String())
	}
	if len(names) <= 1 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}

// set returns the set holding p, or the empty set (any plan) for zero.
func (p Plan) set() planSet {
	if !p.Known() {
		return 0
	}
	return 1 << p
}

// KnownPlans returns every plan the catalogue knows, oldest GitHub Enterprise
// Server version first. The slice is new on every call.
func KnownPlans() []Plan { return allPlans.list() }

// LatestGHES returns the newest GitHub Enterprise Server version the
// catalogue knows.
func LatestGHES() Plan { return latestGHES }

// ParsePlan returns the plan named s: "github.com", "ghec", or "ghes-3.22"
// and the other GitHub Enterprise Server versions of [KnownPlans]; "ghes"
// alone is [LatestGHES]. Anything else returns a [*FieldError] wrapping
// [ErrUnknownPlan]. For a GitHub Enterprise Server version newer than the
// catalogue ("ghes-3.23"), the error names the newest version known and
// what to do: check against "ghes", the newest, and set
// [Config.AllowUnknown] to accept names the catalogue does not know yet.
func ParsePlan(s string) (Plan, error) {
	if s == "ghes" {
		return LatestGHES(), nil
	}
	if p := planIndex(s); p != 0 {
		return p, nil
	}
	if v, ok := ghesVersion(s); ok {
		if latest, _ := ghesVersion(LatestGHES().String()); v > latest {
			return 0, fieldErr("", ErrUnknownPlan,
				"%s is newer than ghapp's catalogue (%s), whose newest GitHub Enterprise Server is %s: check against %q (LatestGHES), and set AllowUnknown to accept permissions and events the catalogue does not know yet",
				s, CatalogVersion, LatestGHES(), "ghes")
		}
	}
	return 0, unknownName("", s, ErrUnknownPlan, suggest(s, slices.Values(planNames[1:])), "")
}

// ghesVersion reads "ghes-MAJOR.MINOR" as MAJOR*1000+MINOR.
func ghesVersion(s string) (int, bool) {
	rest, ok := strings.CutPrefix(s, "ghes-")
	if !ok {
		return 0, false
	}
	major, minor, ok := strings.Cut(rest, ".")
	ma, err1 := strconv.Atoi(major)
	mi, err2 := strconv.Atoi(minor)
	if !ok || err1 != nil || err2 != nil || ma < 0 || mi < 0 || mi >= 1000 || len(major) > 3 || len(minor) > 3 {
		return 0, false
	}
	return ma*1000 + mi, true
}

// String returns the plan's name ("ghes-3.19"); a value outside the known
// plans prints as "Plan(9)".
func (p Plan) String() string {
	if p > 0 && int(p) < len(planNames) {
		return planNames[p]
	}
	return "Plan(" + strconv.Itoa(int(p)) + ")"
}

// MarshalText implements [encoding.TextMarshaler]: a plan is stored by its
// name, never its number. It fails for a value outside the known plans;
// the zero plan is "".
func (p Plan) MarshalText() ([]byte, error) {
	if p == 0 {
		return []byte{}, nil
	}
	if !p.Known() {
		return nil, unknownName("", p.String(), ErrUnknownPlan, "", "")
	}
	return []byte(p.String()), nil
}

// UnmarshalText implements [encoding.TextUnmarshaler] with [ParsePlan];
// "" is the zero plan.
func (p *Plan) UnmarshalText(text []byte) error {
	if len(text) == 0 {
		*p = 0
		return nil
	}
	v, err := ParsePlan(string(text))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// Known reports whether p is one of [KnownPlans].
func (p Plan) Known() bool { return p > 0 && int(p) < len(planNames) }

// GHES reports whether p is a GitHub Enterprise Server version.
func (p Plan) GHES() bool { return p.Known() && p != PlanGitHubCom && p != PlanGHEC }

// Released returns the day GitHub made the GitHub Enterprise Server
// version p generally available, in UTC, and the zero time for other plans.
func (p Plan) Released() time.Time {
	if !p.Known() {
		return time.Time{}
	}
	return dateOf(planDates[p].released)
}

// SupportEnds returns the day GitHub stops supporting the GitHub
// Enterprise Server version p (its deprecation date), in UTC, and the zero
// time for other plans, which GitHub keeps current. Servers past it still
// run, and the catalogue keeps their plans.
func (p Plan) SupportEnds() time.Time {
	if !p.Known() {
		return time.Time{}
	}
	return dateOf(planDates[p].ends)
}

// Supported reports whether GitHub supports p at the time now: always for
// github.com and GHEC, and for a GitHub Enterprise Server version from its
// release until the start of the day its support ends. It is false for an
// unknown plan.
func (p Plan) Supported(now time.Time) bool {
	if !p.GHES() {
		return p.Known()
	}
	return !now.Before(p.Released()) && now.Before(p.SupportEnds())
}

// dateOf turns YYYYMMDD into midnight UTC of that day; 0 is the zero time.
func dateOf(d uint32) time.Time {
	if d == 0 {
		return time.Time{}
	}
	return time.Date(int(d/10000), time.Month(d/100%100), int(d%100), 0, 0, 0, 0, time.UTC)
}
