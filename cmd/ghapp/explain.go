package main

import (
	"errors"
	"flag"
	"slices"
	"strings"

	"github.com/ghapp-dev/ghapp"
)

func explainFlags(fs *flag.FlagSet) func(*app, *flag.FlagSet, []string) int {
	var format string
	fs.StringVar(&format, "format", formatText, "write the answer as `FORMAT`: text or json")
	return func(a *app, _ *flag.FlagSet, args []string) int {
		if err := checkFormat(format, formatText, formatJSON); err != nil {
			return a.usageError("explain", "%s", err)
		}
		if len(args) != 1 {
			return a.usageError("explain", "want one NAME, have %d", len(args))
		}
		return a.explain(args[0], format)
	}
}

// An explanation says what one name is, in one of the catalogue's kinds.
type explanation struct {
	Kind  string `json:"kind"` // "permission", "event" or "scope"
	Name  string `json:"name"` // the registration name
	Title string `json:"title,omitempty"`
	// Text says what it is or lets an app do.
	Text string `json:"text,omitempty"`
	// Resource is what a permission applies to.
	Resource string `json:"resource,omitempty"`
	// Levels are a permission's, each with what it lets an app do.
	Levels []levelText `json:"levels,omitempty"`
	// Needs says what an event needs before an app may subscribe.
	Needs string `json:"needs,omitempty"`
	// Related lists the events a permission lets an app subscribe to, or
	// the scopes a scope includes.
	Related []string `json:"related,omitempty"`
	Plans   []string `json:"plans"`
	// Note says more: the REST API's other name, a retirement.
	Note string `json:"note,omitempty"`
}

type levelText struct {
	Level string `json:"level"`
	Text  string `json:"text"`
}

// explain says what name is: a permission, an event or a scope (some
// names are more than one: issues is a permission and an event).
func (a *app) explain(name, format string) int {
	var (
		found   []explanation
		retired []string
		hints   []string
	)
	look := func(kind string, err error) {
		var ne *ghapp.NameError
		if !errors.As(err, &ne) {
			return
		}
		if ne.Retired != "" {
			retired = append(retired, kind+" "+quote(name)+" was retired by GitHub: "+safe(ne.Retired))
		}
		if ne.Suggestion != "" {
			hints = append(hints, quote(ne.Suggestion)+" ("+kind+")")
		}
	}
	if p, err := ghapp.ParsePermission(name); err == nil {
		found = append(found, explainPermission(name, p))
	} else {
		look("permission", err)
	}
	if e, err := ghapp.ParseEvent(name); err == nil {
		found = append(found, explainEvent(e))
	} else {
		look("event", err)
	}
	if s, err := ghapp.ParseScope(name); err == nil {
		found = append(found, explainScope(s))
	} else {
		look("scope", err)
	}
	out := a.output(a.stdout)
	if len(found) == 0 {
		msg := quote(name) + " is not a permission, event or scope ghapp's catalogue (" + ghapp.CatalogVersion + ") knows"
		if len(retired) > 0 {
			msg = strings.Join(retired, "; ")
		}
		if len(hints) > 0 {
			msg += "; did you mean " + strings.Join(hints, " or ") + "?"
		}
		if format == formatJSON {
			data := marshalJSON(struct {
				Name    string        `json:"name"`
				Matches []explanation `json:"matches"`
				Error   string        `json:"error"`
			}{safe(name), []explanation{}, msg})
			out.printf("%s\n", trusted(data))
		} else {
			a.errorf("explain", "%s", trusted(msg))
		}
		return exitFindings
	}
	if format == formatJSON {
		data := marshalJSON(struct {
			Name    string        `json:"name"`
			Matches []explanation `json:"matches"`
		}{safe(name), found})
		out.printf("%s\n", trusted(data))
		return exitOK
	}
	for i, x := range found {
		if i > 0 {
			out.printf("\n")
		}
		head := x.Kind + " " + x.Name
		if x.Title != "" {
			head += ": " + x.Title
		}
		out.printf("%s\n", out.paint(styleBold, head))
		if x.Text != "" {
			out.printf("  %s\n", x.Text)
		}
		if x.Resource != "" {
			out.printf("  applies to: the %s\n", x.Resource)
		}
		for _, l := range x.Levels {
			out.printf("  %-6s %s\n", l.Level+":", l.Text)
		}
		if x.Needs != "" {
			out.printf("  %s\n", x.Needs)
		}
		if len(x.Related) > 0 {
			what := "lets an app subscribe to"
			if x.Kind == "scope" {
				what = "includes"
			}
			out.printf("  %s: %s\n", what, strings.Join(x.Related, ", "))
		}
		out.printf("  plans: %s\n", strings.Join(x.Plans, ", "))
		if x.Note != "" {
			out.printf("  %s\n", x.Note)
		}
	}
	return exitOK
}

func explainPermission(asGiven string, p ghapp.Permission) explanation {
	x := explanation{Kind: "permission", Name: string(p), Title: p.Title(), Resource: p.Resource().String(), Plans: planNames(p.Plans())}
	for _, l := range p.Levels() {
		d := ghapp.DescribePermissions(ghapp.Permissions{p: l})
		if len(d) > 0 {
			x.Levels = append(x.Levels, levelText{l.String(), d[0].Text})
		}
	}
	for _, e := range ghapp.KnownEvents() {
		if slices.Contains(e.RequiredPermissions(), p) {
			x.Related = append(x.Related, string(e))
		}
	}
	if asGiven != string(p) {
		x.Note = "the REST API calls it " + asGiven + "; registration links and manifests call it " + string(p)
	}
	if p == ghapp.PermissionMetadata {
		x.Note = "GitHub grants metadata: read to every app that asks for any permission"
	}
	return x
}

func explainEvent(e ghapp.Event) explanation {
	x := explanation{Kind: "event", Name: string(e), Text: "a webhook event", Plans: planNames(e.Plans())}
	switch req := e.RequiredPermissions(); {
	case e.AlwaysDelivered():
		x.Needs = "every app receives it; it cannot be chosen among an app's events"
	case !e.Subscribable():
		x.Needs = "apps cannot subscribe to it"
	case len(req) == 0:
		x.Needs = "any app may subscribe to it, without a permission"
	default:
		var ps []string
		for _, p := range req {
			ps = append(ps, string(p))
		}
		x.Needs = "subscribing needs read or above on " + strings.Join(ps, " or ")
	}
	return x
}

func explainScope(s ghapp.Scope) explanation {
	x := explanation{Kind: "scope", Name: string(s), Plans: planNames(s.Plans())}
	if d := ghapp.DescribeScopes([]ghapp.Scope{s}); len(d) > 0 {
		x.Text = d[0].Text
	}
	for _, o := range ghapp.KnownScopes() {
		if o != s && s.Includes(o) {
			x.Related = append(x.Related, string(o))
		}
	}
	if !s.Reported() {
		x.Note = "GitHub does not list it among a token's scopes (X-OAuth-Scopes)"
	}
	return x
}

// planNames names plans, "all plans" when they are every plan the
// catalogue knows.
func planNames(plans []ghapp.Plan) []string {
	if len(plans) == len(ghapp.KnownPlans()) {
		return []string{"all plans"}
	}
	out := make([]string, len(plans))
	for i, p := range plans {
		out[i] = p.String()
	}
	return out
}
