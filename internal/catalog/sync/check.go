package main

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/ghapp-dev/ghapp/internal/catalog"
)

// check compares the catalogue with plan's description d. It returns the
// findings, sorted, and the notes ("note: ..." lines that call for no change
// to the catalogue), sorted. Every line starts with the plan.
func check(c *catalog.Catalog, plan string, d *description) (findings, notes []string) {
	if !slices.ContainsFunc(c.Plans, func(p catalog.Plan) bool { return p.Name == plan }) {
		return []string{plan + ": plan missing from the catalogue"}, nil
	}
	if d.perms != nil {
		findings = append(findings, checkPermissions(c, plan, d.perms)...)
	}
	if d.webhooks != nil {
		f, n := checkEvents(c, plan, d.webhooks)
		findings = append(findings, f...)
		notes = append(notes, n...)
	}
	for i := range findings {
		findings[i] = plan + ": " + findings[i]
	}
	for i := range notes {
		notes[i] = "note: " + plan + ": " + notes[i]
	}
	sort.Strings(findings)
	sort.Strings(notes)
	return findings, notes
}

// current reports whether a catalogue entry with these plans and retirement
// is current on plan.
func current(plans []string, retired, plan string) bool {
	return retired == "" && slices.Contains(plans, plan)
}

// checkPermissions compares the app-permissions schema (property -> enum)
// with the catalogue's permissions.
func checkPermissions(c *catalog.Catalog, plan string, perms map[string][]string) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	for name, levels := range perms {
		p := c.Permission(name)
		switch {
		case p == nil:
			add("permission %s: missing from the catalogue (levels %s)", name, levelList(levels))
			continue
		case p.Retired != "":
			add("permission %s: in the description (levels %s), retired in the catalogue", name, levelList(levels))
			continue
		}
		if p.Source == "docs" {
			add("permission %s: in the description, but the catalogue says source docs", name)
		}
		if levelList(levels) != levelList(p.Levels) {
			add("permission %s: levels %s in the description, %s in the catalogue", name, levelList(levels), levelList(p.Levels))
		}
		if !slices.Contains(p.Plans, plan) {
			add("permission %s: catalogue lacks plan %s", name, plan)
		}
	}
	for _, p := range c.Permissions {
		if p.Source != "openapi" || !current(p.Plans, p.Retired, plan) {
			continue
		}
		_, in := perms[p.Name]
		for _, a := range p.Aliases {
			_, ok := perms[a]
			in = in || ok
		}
		if !in {
			add("permission %s: in the catalogue, not in the description", p.Name)
		}
	}
	return out
}

// levelList returns levels as a set: read, write, admin in that order, then
// any other, joined with ", ".
func levelList(levels []string) string {
	rank := map[string]int{"read": 1, "write": 2, "admin": 3}
	l := slices.Clone(levels)
	slices.SortFunc(l, func(a, b string) int {
		if rank[a] != rank[b] {
			return rank[a] - rank[b]
		}
		return strings.Compare(a, b)
	})
	return list(slices.Compact(l))
}

// list joins names with ", ", or returns "none" if there are none.
func list(names []string) string {
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// A reading is what one webhook entry says about its event.
type reading struct {
	app      bool     // "app" is among its supported webhook types
	needs    []string // catalogue permissions named by the summary, sorted
	problems []string // titles that resolve to no single permission
	unknown  []string // titles no catalogue permission has
}

// String describes r for findings.
func (r reading) String() string {
	if !r.app {
		return "no app delivery"
	}
	s := "app delivery, needs " + list(r.needs)
	for _, p := range r.problems {
		s += "; " + p
	}
	for _, u := range r.unknown {
		s += fmt.Sprintf("; names %q", u)
	}
	return s
}

// checkEvents compares the webhooks with the catalogue's events.
func checkEvents(c *catalog.Catalog, plan string, webhooks []webhook) (findings, notes []string) {
	add := func(format string, args ...any) { findings = append(findings, fmt.Sprintf(format, args...)) }
	byEvent := map[string][]webhook{}
	for _, w := range webhooks {
		byEvent[w.event] = append(byEvent[w.event], w)
	}
	for name, entries := range byEvent {
		// Read every entry; group the entries by what they say.
		groups := map[string][]string{}
		var r reading
		for i, w := range entries {
			ri := read(c, w)
			if i == 0 {
				r = ri
			}
			groups[ri.String()] = append(groups[ri.String()], w.key)
		}
		if len(groups) > 1 {
			var says []string
			for s, keys := range groups {
				sort.Strings(keys)
				verb := "say"
				if len(keys) == 1 {
					verb = "says"
				}
				says = append(says, fmt.Sprintf("%s %s %s", strings.Join(keys, ", "), verb, s))
			}
			sort.Strings(says)
			add("event %s: webhook entries disagree: %s", name, strings.Join(says, "; "))
			continue
		}

		e := c.Event(name)
		switch {
		case e == nil:
			add("event %s: missing from the catalogue (%s)", name, r)
			continue
		case e.Retired != "":
			add("event %s: in the description (%s), retired in the catalogue", name, r)
			continue
		}
		if e.Source == "docs" {
			add("event %s: in the description, but the catalogue says source docs", name)
		}
		if !slices.Contains(e.Plans, plan) {
			add("event %s: catalogue lacks plan %s", name, plan)
		}
		switch {
		case r.app && e.Delivery == "never":
			add("event %s: delivery: apps receive it in the description, never in the catalogue", name)
		case !r.app && e.Delivery != "never":
			add("event %s: delivery: apps do not receive it in the description, %s in the catalogue", name, e.Delivery)
		}
		if e.Delivery != "subscribe" {
			continue
		}
		for _, p := range r.problems {
			add("event %s: %s", name, p)
		}
		for _, u := range r.unknown {
			notes = append(notes, fmt.Sprintf("event %s: the summary names a %q permission, which no catalogue permission is titled", name, u))
		}
		needs := slices.Clone(e.Needs)
		slices.Sort(needs)
		if len(r.problems) == 0 && !slices.Equal(r.needs, needs) {
			add("event %s: needs %s in the description, %s in the catalogue", name, list(r.needs), list(needs))
		}
	}
	for _, e := range c.Events {
		if e.Source == "openapi" && current(e.Plans, e.Retired, plan) && byEvent[e.Name] == nil {
			add("event %s: in the catalogue, not in the description", e.Name)
		}
	}
	return findings, notes
}

// requirement matches the sentence of a webhook summary that names the
// permissions an app needs to subscribe ("To subscribe to this event, a
// GitHub App must have at least read-level access for the "Issues" or "Pull
// requests" repository permissions."): group 1 holds the quoted titles and
// the resource words after them.
var requirement = regexp.MustCompile(`To (?:subscribe to|install) this event[^.]*? must have at least [\w-]+ access for the ([^.]*?)\bpermissions?\b`)

// quoted matches a quoted permission title.
var quoted = regexp.MustCompile(`"([^"]*)"`)

// resourceWords maps the words a summary puts after the titles to the
// catalogue's resources.
var resourceWords = map[string]string{
	"repository":   "repository",
	"organization": "organization",
	"user":         "account",
	"account":      "account",
	"enterprise":   "enterprise",
}

// read returns what webhook entry w says, resolving the permission titles in
// its summary against the catalogue.
func read(c *catalog.Catalog, w webhook) reading {
	r := reading{app: slices.Contains(w.types, "app")}
	m := requirement.FindStringSubmatch(w.summary)
	if m == nil {
		return r
	}
	phrase := m[1]
	var resources []string
	for _, word := range strings.Fields(phrase[strings.LastIndex(phrase, `"`)+1:]) {
		if res, ok := resourceWords[strings.ToLower(word)]; ok {
			resources = append(resources, res)
		}
	}
	for _, q := range quoted.FindAllStringSubmatch(phrase, -1) {
		names, problem, known := resolve(c, q[1], resources)
		switch {
		case !known:
			r.unknown = append(r.unknown, q[1])
		case problem != "":
			r.problems = append(r.problems, problem)
		}
		r.needs = append(r.needs, names...)
	}
	slices.Sort(r.needs)
	r.needs = slices.Compact(r.needs)
	return r
}

// resolve returns the current catalogue permissions titled title (compared
// case-insensitively): one for each of resources, or the only one if
// resources is empty. It returns a problem if that fails, and known false if
// no current permission has the title at all.
func resolve(c *catalog.Catalog, title string, resources []string) (names []string, problem string, known bool) {
	var titled []catalog.Permission
	for _, p := range c.Permissions {
		if p.Retired == "" && strings.EqualFold(p.Title, title) {
			titled = append(titled, p)
		}
	}
	if len(titled) == 0 {
		return nil, "", false
	}
	var problems []string
	pick := func(ps []catalog.Permission, what string) {
		switch len(ps) {
		case 0:
			problems = append(problems, fmt.Sprintf("no %s permission in the catalogue is titled %q", what, title))
		case 1:
			names = append(names, ps[0].Name)
		default:
			var all []string
			for _, p := range ps {
				all = append(all, p.Name)
			}
			problems = append(problems, fmt.Sprintf("%q (%s) is ambiguous: catalogue permissions %s", title, what, strings.Join(all, ", ")))
		}
	}
	if len(resources) == 0 {
		pick(titled, "no resource named")
	}
	for _, res := range resources {
		var ps []catalog.Permission
		for _, p := range titled {
			if p.Resource == res {
				ps = append(ps, p)
			}
		}
		pick(ps, res)
	}
	return names, strings.Join(problems, "; "), true
}
