package ghapp

import (
	"strconv"
	"strings"
)

// A Plan is a GitHub product on which apps are registered: github.com,
// GitHub Enterprise Cloud (GHE.com), or one version of GitHub Enterprise
// Server. Each permission, event and scope is known on some plans only.
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

// ParsePlan returns the plan named s: "github.com", "ghec", or "ghes-3.19"
// and the other GitHub Enterprise Server versions of [KnownPlans]; "ghes"
// alone is [LatestGHES]. Anything else returns a [*FieldError] with field
// "plan" wrapping [ErrUnknownPlan].
func ParsePlan(s string) (Plan, error) {
	if s == "ghes" {
		return LatestGHES(), nil
	}
	if p := planIndex(s); p != 0 {
		return p, nil
	}
	return 0, nameError("plan", s, ErrUnknownPlan, suggest(s, func(yield func(string) bool) {
		for _, n := range planNames[1:] {
			if !yield(n) {
				return
			}
		}
	}), "")
}

// String returns the plan's name ("ghes-3.19"); a value outside the known
// plans prints as "Plan(9)".
func (p Plan) String() string {
	if p > 0 && int(p) < len(planNames) {
		return planNames[p]
	}
	return "Plan(" + strconv.Itoa(int(p)) + ")"
}

// Known reports whether p is one of [KnownPlans].
func (p Plan) Known() bool { return p > 0 && int(p) < len(planNames) }

// GHES reports whether p is a GitHub Enterprise Server version.
func (p Plan) GHES() bool { return p.Known() && p != PlanGitHubCom && p != PlanGHEC }
