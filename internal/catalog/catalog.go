// Package catalog reads ghapp's catalogue file (catalog.txt beside this file)
// and writes the generated tables of package ghapp from it.
//
// It uses only the standard library, so that the generator and the sync tool
// build anywhere the library does.
package catalog

import (
	"bufio"
	"bytes"
	_ "embed" // for Source
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
	"unicode"
)

// Source is the catalogue file as committed.
//
//go:embed catalog.txt
var Source []byte

// A Catalog is the parsed catalogue.
type Catalog struct {
	Version     string
	Plans       []Plan
	Permissions []Permission
	Events      []Event
	Scopes      []Scope
	Tokens      []TokenPermission
}

// A Plan is a product apps are registered on.
type Plan struct {
	Name     string // "ghes-3.19"
	Ident    string // "GHES319", for the Go constant PlanGHES319
	Doc      string // "GitHub Enterprise Server 3.19"
	Released string // GHES only: general availability, "2025-12-09"
	Ends     string // GHES only: the end of support, "2026-12-09"
	Line     int
}

// GHES reports whether p is a GitHub Enterprise Server version.
func (p Plan) GHES() bool { return strings.HasPrefix(p.Name, "ghes-") }

// A Grant is what a permission of an app and a permission of a
// fine-grained token both have: a title, other names, the resource it is
// on, its levels and its plans.
type Grant struct {
	Title    string
	Aliases  []string
	Resource string // repository, organization, account or enterprise
	Levels   []string
	Plans    []string // plan names, oldest first
}

// set sets the grant's attribute key and reports whether key is one.
func (g *Grant) set(key, value string, list []string) bool {
	switch key {
	case "title":
		g.Title = value
	case "alias":
		g.Aliases = append(g.Aliases, list...)
	case "resource":
		g.Resource = value
	case "levels":
		g.Levels = list
	case "plans":
		g.Plans = list
	default:
		return false
	}
	return true
}

// A Permission is a GitHub App permission.
type Permission struct {
	Name string
	Grant
	Source  string // "openapi" or "docs"
	Doc     string
	Retired string
	Line    int
}

// An Event is a webhook event.
type Event struct {
	Name     string
	Needs    []string
	Delivery string // "subscribe", "always" or "never"
	Plans    []string
	Source   string
	Doc      string
	Retired  string
	Line     int
}

// A Scope is an OAuth scope.
type Scope struct {
	Name       string
	Includes   []string // as written; see Closure
	Unreported bool
	Access     string // "none", "read", "write" or "admin"
	Plans      []string
	Source     string
	Doc        string
	Retired    string
	Line       int
}

// A TokenPermission is a permission of fine-grained personal access tokens:
// a parameter of the link that pre-fills GitHub's page for a new token.
type TokenPermission struct {
	Name string
	Grant
	// Source is where GitHub's page names it: "table" (the default: its
	// tables of permissions) or "example" (only an example link on it).
	Source string
	Line   int
}

// Load parses the committed catalogue.
func Load() (*Catalog, error) {
	return Parse(bytes.NewReader(Source))
}

// Parse reads a catalogue and checks that it is consistent: known keys, no
// name twice, every reference resolved, every level and plan known.
func Parse(r io.Reader) (*Catalog, error) {
	c := &Catalog{}
	var (
		line    int
		current any             // *Plan, *Permission, *Event, *Scope or *TokenPermission
		given   map[string]bool // the attributes current has
	)
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		indented := text[0] == ' ' || text[0] == '\t'
		key, value, _ := strings.Cut(strings.TrimSpace(text), " ")
		value = strings.TrimSpace(value)
		if !indented {
			current, given = nil, map[string]bool{}
			switch key {
			case "version":
				if c.Version != "" {
					return nil, errAt(line, "version given twice")
				}
				c.Version = value
			case "plan":
				f := strings.Fields(value)
				if len(f) < 3 {
					return nil, errAt(line, "want \"plan NAME IDENT DESCRIPTION\"")
				}
				c.Plans = append(c.Plans, Plan{Name: f[0], Ident: f[1], Doc: strings.Join(f[2:], " "), Line: line})
				current = &c.Plans[len(c.Plans)-1]
			case "permission":
				c.Permissions = append(c.Permissions, Permission{Name: value, Source: "openapi", Line: line})
				current = &c.Permissions[len(c.Permissions)-1]
			case "event":
				c.Events = append(c.Events, Event{Name: value, Delivery: "subscribe", Source: "openapi", Line: line})
				current = &c.Events[len(c.Events)-1]
			case "scope":
				c.Scopes = append(c.Scopes, Scope{Name: value, Source: "docs", Line: line})
				current = &c.Scopes[len(c.Scopes)-1]
			case "token":
				c.Tokens = append(c.Tokens, TokenPermission{Name: value, Source: "table", Line: line})
				current = &c.Tokens[len(c.Tokens)-1]
			default:
				return nil, errAt(line, "unknown record %q", key)
			}
			if (key == "permission" || key == "event" || key == "scope" || key == "token") && (value == "" || strings.ContainsAny(value, " \t")) {
				return nil, errAt(line, "want one name after %q", key)
			}
			continue
		}
		if current == nil {
			return nil, errAt(line, "attribute %q outside a plan, permission, event, scope or token", key)
		}
		if given[key] {
			return nil, errAt(line, "attribute %q given twice", key)
		}
		given[key] = true
		if err := setAttr(current, key, value); err != nil {
			return nil, errAt(line, "%v", err)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	return c, nil
}

func setAttr(rec any, key, value string) error {
	list := strings.Fields(value)
	switch r := rec.(type) {
	case *Plan:
		switch key {
		case "released":
			r.Released = value
		case "ends":
			r.Ends = value
		default:
			return fmt.Errorf("unknown plan attribute %q", key)
		}
	case *Permission:
		if r.Grant.set(key, value, list) {
			return nil
		}
		switch key {
		case "source":
			r.Source = value
		case "doc":
			r.Doc = value
		case "retired":
			r.Retired = value
		default:
			return fmt.Errorf("unknown permission attribute %q", key)
		}
	case *Event:
		switch key {
		case "needs":
			r.Needs = list
		case "delivery":
			r.Delivery = value
		case "plans":
			r.Plans = list
		case "source":
			r.Source = value
		case "doc":
			r.Doc = value
		case "retired":
			r.Retired = value
		default:
			return fmt.Errorf("unknown event attribute %q", key)
		}
	case *Scope:
		switch key {
		case "includes":
			r.Includes = list
		case "unreported":
			r.Unreported = true
		case "access":
			r.Access = value
		case "plans":
			r.Plans = list
		case "source":
			r.Source = value
		case "doc":
			r.Doc = value
		case "retired":
			r.Retired = value
		default:
			return fmt.Errorf("unknown scope attribute %q", key)
		}
	case *TokenPermission:
		if r.Grant.set(key, value, list) {
			return nil
		}
		switch key {
		case "source":
			r.Source = value
		default:
			return fmt.Errorf("unknown token attribute %q", key)
		}
	}
	return nil
}

// check validates references and fills "all" plans.
func (c *Catalog) check() error {
	if c.Version == "" {
		return fmt.Errorf("no version line")
	}
	if len(c.Plans) == 0 {
		return fmt.Errorf("no plan lines")
	}
	var planNames []string
	for _, p := range c.Plans {
		if slices.Contains(planNames, p.Name) {
			return errAt(p.Line, "plan %q given twice", p.Name)
		}
		planNames = append(planNames, p.Name)
		if err := p.checkDates(); err != nil {
			return errAt(p.Line, "plan %q: %v", p.Name, err)
		}
	}
	plans := func(what string, line int, in []string, retired string) ([]string, error) {
		if retired != "" {
			if len(in) > 0 {
				return nil, errAt(line, "retired %s has plans", what)
			}
			return nil, nil
		}
		if len(in) == 1 && in[0] == "all" {
			return slices.Clone(planNames), nil
		}
		if len(in) == 0 {
			return nil, errAt(line, "%s has no plans", what)
		}
		var out []string
		for _, name := range planNames { // keep catalogue plan order
			if slices.Contains(in, name) {
				out = append(out, name)
			}
		}
		for _, name := range in {
			if !slices.Contains(planNames, name) {
				return nil, errAt(line, "%s: unknown plan %q", what, name)
			}
		}
		return out, nil
	}

	seen := map[string]int{} // every permission name and alias
	for i := range c.Permissions {
		p := &c.Permissions[i]
		for _, n := range append([]string{p.Name}, p.Aliases...) {
			if prev, dup := seen[n]; dup {
				return errAt(p.Line, "permission %q already named on line %d", n, prev)
			}
			seen[n] = p.Line
		}
		var err error
		if p.Plans, err = plans("permission "+p.Name, p.Line, p.Plans, p.Retired); err != nil {
			return err
		}
		if p.Retired != "" {
			continue
		}
		if p.Doc == "" || p.Title == "" {
			return errAt(p.Line, "permission %q needs a title and a doc", p.Name)
		}
		if w := firstWord(p.Doc); !ordinaryWord(w) {
			return errAt(p.Line, "permission %q: the doc starts with %q; start it with an ordinary word, which reads after \"Read\"", p.Name, w)
		}
		if !slices.Contains([]string{"repository", "organization", "account", "enterprise"}, p.Resource) {
			return errAt(p.Line, "permission %q: resource %q", p.Name, p.Resource)
		}
		if len(p.Levels) == 0 {
			return errAt(p.Line, "permission %q has no levels", p.Name)
		}
		for _, l := range p.Levels {
			if l != "read" && l != "write" && l != "admin" {
				return errAt(p.Line, "permission %q: level %q", p.Name, l)
			}
		}
		if p.Source != "openapi" && p.Source != "docs" {
			return errAt(p.Line, "permission %q: source %q", p.Name, p.Source)
		}
	}

	seen = map[string]int{}
	for i := range c.Events {
		e := &c.Events[i]
		if prev, dup := seen[e.Name]; dup {
			return errAt(e.Line, "event %q already on line %d", e.Name, prev)
		}
		seen[e.Name] = e.Line
		var err error
		if e.Plans, err = plans("event "+e.Name, e.Line, e.Plans, e.Retired); err != nil {
			return err
		}
		if e.Retired != "" {
			continue
		}
		if e.Doc == "" {
			return errAt(e.Line, "event %q needs a doc", e.Name)
		}
		if e.Delivery != "subscribe" && e.Delivery != "always" && e.Delivery != "never" {
			return errAt(e.Line, "event %q: delivery %q", e.Name, e.Delivery)
		}
		if e.Delivery != "subscribe" && len(e.Needs) > 0 {
			return errAt(e.Line, "event %q: needs only makes sense for delivery subscribe", e.Name)
		}
		for _, n := range e.Needs {
			p := c.Permission(n)
			if p == nil || p.Retired != "" || p.Name != n {
				return errAt(e.Line, "event %q needs %q, which is not a current permission's registration name", e.Name, n)
			}
		}
	}

	seen = map[string]int{}
	for i := range c.Scopes {
		s := &c.Scopes[i]
		if prev, dup := seen[s.Name]; dup {
			return errAt(s.Line, "scope %q already on line %d", s.Name, prev)
		}
		seen[s.Name] = s.Line
		var err error
		if s.Plans, err = plans("scope "+s.Name, s.Line, s.Plans, s.Retired); err != nil {
			return err
		}
		if s.Retired != "" {
			if s.Access != "" {
				return errAt(s.Line, "retired scope %q has an access", s.Name)
			}
			continue
		}
		if s.Doc == "" {
			return errAt(s.Line, "scope %q needs a doc", s.Name)
		}
		if !slices.Contains([]string{"none", "read", "write", "admin"}, s.Access) {
			return errAt(s.Line, "scope %q: access %q; want none, read, write or admin", s.Name, s.Access)
		}
	}
	for _, s := range c.Scopes {
		for _, inc := range s.Includes {
			t := c.Scope(inc)
			if t == nil || t.Retired != "" || inc == s.Name {
				return errAt(s.Line, "scope %q includes %q, which is not another current scope", s.Name, inc)
			}
		}
	}
	for _, s := range c.Scopes {
		for _, inc := range s.Includes {
			if slices.Contains(c.Closure(inc), s.Name) {
				return errAt(s.Line, "scope %q includes itself through %q", s.Name, inc)
			}
		}
	}
	return c.checkTokens(plans)
}

// checkTokens checks the token permissions, resolving their plans with
// plans.
func (c *Catalog) checkTokens(plans func(what string, line int, in []string, retired string) ([]string, error)) error {
	seen := map[string]int{} // every token name and alias
	for i := range c.Tokens {
		t := &c.Tokens[i]
		for _, n := range append([]string{t.Name}, t.Aliases...) {
			if prev, dup := seen[n]; dup {
				return errAt(t.Line, "token %q already named on line %d", n, prev)
			}
			seen[n] = t.Line
		}
		var err error
		if t.Plans, err = plans("token "+t.Name, t.Line, t.Plans, ""); err != nil {
			return err
		}
		if t.Title == "" {
			return errAt(t.Line, "token %q needs a title", t.Name)
		}
		if !slices.Contains([]string{"repository", "organization", "account"}, t.Resource) {
			return errAt(t.Line, "token %q: resource %q; want repository, organization or account", t.Name, t.Resource)
		}
		if len(t.Levels) == 0 {
			return errAt(t.Line, "token %q has no levels", t.Name)
		}
		if t.Source != "table" && t.Source != "example" {
			return errAt(t.Line, "token %q: source %q; want table or example", t.Name, t.Source)
		}
		for _, l := range t.Levels {
			if l != "read" && l != "write" && l != "admin" {
				return errAt(t.Line, "token %q: level %q", t.Name, l)
			}
		}
		if p := c.Permission(t.Name); p != nil && p.Retired == "" && p.Name == t.Name && p.Resource != t.Resource {
			return errAt(t.Line, "token %q is a %s permission, but the app permission of the same name (line %d) is a %s one", t.Name, t.Resource, p.Line, p.Resource)
		}
	}
	return nil
}

// checkDates checks that a GHES version has its release and end of
// support, in order, and that no other plan has either.
func (p Plan) checkDates() error {
	if !p.GHES() {
		if p.Released != "" || p.Ends != "" {
			return fmt.Errorf("only GitHub Enterprise Server versions have released and ends")
		}
		return nil
	}
	released, err := time.Parse(time.DateOnly, p.Released)
	if err != nil {
		return fmt.Errorf("released: want YYYY-MM-DD, not %q", p.Released)
	}
	ends, err := time.Parse(time.DateOnly, p.Ends)
	if err != nil {
		return fmt.Errorf("ends: want YYYY-MM-DD, not %q", p.Ends)
	}
	if !ends.After(released) {
		return fmt.Errorf("ends %s is not after released %s", p.Ends, p.Released)
	}
	return nil
}

// firstWord returns the first word of a doc: up to the first space or
// punctuation other than a hyphen or an apostrophe.
func firstWord(doc string) string {
	end := strings.IndexFunc(doc, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '\''
	})
	if end < 0 {
		return doc
	}
	return doc[:end]
}

// ordinaryWord reports whether w is capitalised only because it starts a
// sentence, so that it can be written in lower case after a verb: an upper
// case ASCII letter followed by lower case ones, and not a name.
func ordinaryWord(w string) bool {
	if len(w) < 2 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for _, r := range w[1:] {
		if unicode.IsUpper(r) {
			return false // GitHub, SSH
		}
	}
	switch w {
	case "Dependabot", "Copilot", "Git":
		return false
	}
	return true
}

// A LineError reports a problem on one line of the catalogue.
type LineError struct {
	Line int
	Err  error
}

// Error returns "line N: PROBLEM".
func (e *LineError) Error() string { return fmt.Sprintf("line %d: %v", e.Line, e.Err) }

// Unwrap returns e.Err.
func (e *LineError) Unwrap() error { return e.Err }

func errAt(line int, format string, args ...any) error {
	return &LineError{Line: line, Err: fmt.Errorf(format, args...)}
}

// Permission returns the permission named n (or aliased n), or nil.
func (c *Catalog) Permission(n string) *Permission {
	for i, p := range c.Permissions {
		if p.Name == n || slices.Contains(p.Aliases, n) {
			return &c.Permissions[i]
		}
	}
	return nil
}

// Event returns the event named n, or nil.
func (c *Catalog) Event(n string) *Event {
	for i, e := range c.Events {
		if e.Name == n {
			return &c.Events[i]
		}
	}
	return nil
}

// Scope returns the scope named n, or nil.
func (c *Catalog) Scope(n string) *Scope {
	for i, s := range c.Scopes {
		if s.Name == n {
			return &c.Scopes[i]
		}
	}
	return nil
}

// Token returns the token permission named (or aliased) n, or nil.
func (c *Catalog) Token(n string) *TokenPermission {
	for i, t := range c.Tokens {
		if t.Name == n || slices.Contains(t.Aliases, n) {
			return &c.Tokens[i]
		}
	}
	return nil
}

// Closure returns n followed by every scope n includes, directly or through
// others, each once, in catalogue order after n.
func (c *Catalog) Closure(n string) []string {
	in := map[string]bool{}
	var walk func(string)
	walk = func(name string) {
		s := c.Scope(name)
		if s == nil {
			return
		}
		for _, inc := range s.Includes {
			if !in[inc] && inc != n {
				in[inc] = true
				walk(inc)
			}
		}
	}
	walk(n)
	out := []string{n}
	for _, s := range c.Scopes {
		if in[s.Name] {
			out = append(out, s.Name)
		}
	}
	return out
}
