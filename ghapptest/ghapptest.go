// Package ghapptest compares GitHub App registration links and
// [ghapp.Config] values in tests by what they mean rather than how they are
// spelled, so that a test against a documented link does not fail because
// the parameters come in another order, "[]" is written %5B%5D or a space is
// written "+". When they differ, the report follows go-cmp's convention
// (-want +got): one line for each part that differs, "-" for want's value
// and "+" for got's, in a fixed order, so that the same two inputs always
// give the same report and tests may compare it whole.
//
// Use it in table-driven tests:
//
//	func TestRegistrationURL(t *testing.T) {
//		const want = "https://github.com/settings/apps/new?name=octocat-github-app&checks=write&events[]=check_run"
//		got, err := cfg.RegistrationURL(ghapp.Target{})
//		if err != nil {
//			t.Fatal(err)
//		}
//		ghapptest.EqualURL(t, want, got)
//	}
//
// [DiffURL] and [DiffConfig] return the report instead, for tests that
// decorate it or fail in their own way.
//
// The package writes its reports itself, rather than with go-cmp, whose
// reports are documented as unstable and vary on purpose from run to run.
package ghapptest

import (
	"errors"
	"fmt"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/ghapp-dev/ghapp"
)

// Report headers, the first line of every non-empty report.
const (
	urlHeader    = "registration URL mismatch (-want +got):\n"
	configHeader = "ghapp.Config mismatch (-want +got):\n"
)

// setParams are the array parameters GitHub reads as sets; their values are
// compared in any order. Other array parameters, callback_urls[] among them
// (the first callback URL is the default), keep their order.
var setParams = [...]string{"events[]", "single_file_paths[]"}

// link is the comparable form of a registration link. Its field names are
// what a DiffURL report shows.
type link struct {
	// Problems says why the link, or part of it, could not be read: "empty
	// link", a page that does not parse, a badly escaped parameter.
	Problems []string
	// Scheme is the scheme, lower case.
	Scheme string
	// User is the user information before "@", as written.
	User string
	// Host is the host and port, lower case.
	Host string
	// Path is the unescaped path (or the opaque part of a link such as
	// "https:x").
	Path string
	// Query maps each parameter name to its values, both unescaped, names
	// of permissions turned into registration names, the values of
	// setParams sorted. DiffURL drops the parameters that are the same in
	// both links before diffing, so that its report names only those that
	// differ.
	Query map[string][]string
	// Fragment is "#" and the raw text after the first "#", or "" when the
	// link has none.
	Fragment string
}

// DiffURL returns "" when the registration links want and got register the
// same app on the same page, and otherwise a report that starts with
// "registration URL mismatch (-want +got):" and names what differs, a line
// for each side: first the link's problems, scheme, user, host, path and
// fragment ("-\thost: github.com"), then the query parameters that
// differ, sorted by name, each value quoted ("-\tchecks=\"write\"").
//
// Each link is read with net/url into a comparable value: scheme and host in
// lower case, the path unescaped, and the query as a map from parameter name
// to values. Each "&"-separated part of the query is unescaped with
// [url.QueryUnescape], so "%5B%5D" is "[]" and "+" is a space; permission
// names become registration names where the catalogue knows them
// ("email_addresses" is "emails", see [ghapp.Permission.Canonical]). The
// values of events[] and single_file_paths[] are compared in any order,
// since GitHub reads them as sets (a value given twice still counts
// twice); the values of every other parameter keep their order, so
// callback_urls[] in another order differs, as the first callback URL is
// the default. Values are otherwise compared as written: checks=none is not
// the same as leaving checks out, nor public=false as leaving public out.
// Any text after "#" is compared as a field of its own.
//
// The report names only the parameters that differ; those the two links
// share are left out of it.
//
// DiffURL does not check that a link is one GitHub accepts (see
// [ghapp.ParseRegistrationURL] for that), and works on links that do not
// parse: the report then says so for that side in Problems, and the parts
// that could be read, such as the query, are still compared.
func DiffURL(want, got string) string {
	w, g := parseLink(want), parseLink(got)
	var r report
	r.lines("problem", w.Problems, g.Problems)
	for _, part := range [...]struct{ name, w, g string }{
		{"scheme", w.Scheme, g.Scheme}, {"user", w.User, g.User}, {"host", w.Host, g.Host},
		{"path", w.Path, g.Path}, {"fragment", w.Fragment, g.Fragment},
	} {
		if part.w != part.g {
			r.pair(part.name+": ", strconv.Quote(part.w), strconv.Quote(part.g))
		}
	}
	for _, k := range keysOf(w.Query, g.Query) {
		if wv, gv := w.Query[k], g.Query[k]; !slices.Equal(wv, gv) {
			r.values(k+"=", wv, gv)
		}
	}
	return r.text(urlHeader)
}

// A report is the lines of a mismatch report.
type report struct{ b strings.Builder }

// pair writes a part that differs: want's value and got's.
func (r *report) pair(name, w, g string) {
	r.b.WriteString("-\t" + name + w + "\n")
	r.b.WriteString("+\t" + name + g + "\n")
}

// values writes a parameter's values on each side, one line each, quoted.
func (r *report) values(name string, w, g []string) {
	for _, v := range w {
		r.b.WriteString("-\t" + name + strconv.Quote(v) + "\n")
	}
	for _, v := range g {
		r.b.WriteString("+\t" + name + strconv.Quote(v) + "\n")
	}
}

// lines writes lists of text on each side, unquoted, when they differ.
func (r *report) lines(name string, w, g []string) {
	if slices.Equal(w, g) {
		return
	}
	for _, v := range w {
		r.b.WriteString("-\t" + name + ": " + v + "\n")
	}
	for _, v := range g {
		r.b.WriteString("+\t" + name + ": " + v + "\n")
	}
}

// text returns the report under header, or "" when nothing differs.
func (r *report) text(header string) string {
	if r.b.Len() == 0 {
		return ""
	}
	return header + r.b.String()
}

// keysOf returns the keys of a and b, once each, sorted.
func keysOf[V any](a, b map[string]V) []string {
	keys := append(slices.Collect(maps.Keys(a)), slices.Collect(maps.Keys(b))...)
	slices.Sort(keys)
	return slices.Compact(keys)
}

// parseLink reads raw into a link. It never fails: what it cannot read goes
// into Problems.
func parseLink(raw string) link {
	var l link
	if raw == "" {
		l.Problems = append(l.Problems, "empty link")
	}
	rest, fragment, hasFragment := strings.Cut(raw, "#")
	if hasFragment {
		l.Fragment = "#" + fragment
	}
	page, rawQuery, _ := strings.Cut(rest, "?")
	if u, err := url.Parse(page); err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		l.Problems = append(l.Problems, fmt.Sprintf("%q does not parse: %v", page, err))
	} else {
		l.Scheme = strings.ToLower(u.Scheme)
		if u.User != nil {
			l.User = u.User.String()
		}
		l.Host = strings.ToLower(u.Host)
		l.Path = u.Path
		if u.Opaque != "" {
			l.Path = u.Opaque
		}
	}
	l.Query = map[string][]string{}
	for _, part := range strings.Split(rawQuery, "&") {
		if part == "" {
			continue
		}
		rawKey, rawVal, _ := strings.Cut(part, "=")
		key, kerr := url.QueryUnescape(rawKey)
		if kerr != nil {
			key = rawKey
		}
		val, verr := url.QueryUnescape(rawVal)
		if verr != nil {
			val = rawVal
		}
		if kerr != nil || verr != nil {
			l.Problems = append(l.Problems, fmt.Sprintf("parameter %q is not validly escaped", part))
		}
		key = string(ghapp.Permission(key).Canonical())
		l.Query[key] = append(l.Query[key], val)
	}
	for _, k := range setParams {
		slices.Sort(l.Query[k])
	}
	return l
}

// DiffConfig returns "" when want and got describe the same registration,
// and otherwise a report that starts with "ghapp.Config mismatch (-want
// +got):" and names the [ghapp.Config] fields that differ, a line for each
// side, in the order of the struct's fields ("-\tName: \"octo\""), each
// permission that differs on lines of its own ("-\tPermissions[checks]:
// write"), sorted by name; a permission one side lacks has a line on the
// other side only.
//
// A nil slice or map equals an empty one, and a permission at
// [ghapp.LevelNone] equals its absence. Permissions are compared under
// their registration names ("email_addresses" is "emails"); when a
// permission is given under both names at different levels, the other
// name keeps its own entry, so the conflict shows. Events and
// SingleFilePaths are compared in any order (a value given twice still
// counts twice); CallbackURLs keep their order, since the first is the
// default. Everything else is compared as written.
//
// The report names only the permissions that differ; those the two
// configurations share are left out of it.
func DiffConfig(want, got ghapp.Config) string {
	w, g := normalConfig(want), normalConfig(got)
	var r report
	wv, gv := reflect.ValueOf(w), reflect.ValueOf(g)
	for i := range wv.NumField() {
		name := wv.Type().Field(i).Name
		if name == "Permissions" || name == "AllowUnknown" {
			continue // compared by permission below; AllowUnknown last
		}
		wf, gf := wv.Field(i).Interface(), gv.Field(i).Interface()
		if !reflect.DeepEqual(wf, gf) {
			r.pair(name+": ", show(wf), show(gf))
		}
	}
	wp, gp := map[string]ghapp.Level{}, map[string]ghapp.Level{}
	for p, l := range w.Permissions {
		wp[string(p)] = l
	}
	for p, l := range g.Permissions {
		gp[string(p)] = l
	}
	for _, p := range keysOf(wp, gp) {
		wl, wok := wp[p]
		gl, gok := gp[p]
		name := "Permissions[" + p + "]: "
		switch {
		case wok && gok && wl != gl:
			r.pair(name, wl.String(), gl.String())
		case wok && !gok:
			r.b.WriteString("-\t" + name + wl.String() + "\n")
		case gok && !wok:
			r.b.WriteString("+\t" + name + gl.String() + "\n")
		}
	}
	if w.AllowUnknown != g.AllowUnknown {
		r.pair("AllowUnknown: ", show(w.AllowUnknown), show(g.AllowUnknown))
	}
	return r.text(configHeader)
}

// show writes a field's value for a report: strings and lists of them
// quoted, lists in brackets.
func show(v any) string {
	switch v := v.(type) {
	case string:
		return strconv.Quote(v)
	case []string:
		return quoteAll(v)
	case []ghapp.Event:
		s := make([]string, len(v))
		for i, e := range v {
			s[i] = string(e)
		}
		return quoteAll(s)
	}
	return fmt.Sprint(v)
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, v := range s {
		q[i] = strconv.Quote(v)
	}
	return "[" + strings.Join(q, " ") + "]"
}

// normalConfig returns a copy of c in which equal configurations are
// equal values, without sharing c's slices and map.
func normalConfig(c ghapp.Config) ghapp.Config {
	c.CallbackURLs = nilIfEmpty(slices.Clone(c.CallbackURLs))
	c.Events = nilIfEmpty(slices.Clone(c.Events))
	slices.Sort(c.Events)
	c.SingleFilePaths = nilIfEmpty(slices.Clone(c.SingleFilePaths))
	slices.Sort(c.SingleFilePaths)
	c.Permissions = normalPermissions(c.Permissions)
	return c
}

func nilIfEmpty[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

func nilIfEmptyMap(ps ghapp.Permissions) ghapp.Permissions {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// normalPermissions returns ps without LevelNone entries and with other
// names turned into registration names, or nil when nothing is left. A
// name whose registration name is already set at another level keeps its
// own entry.
func normalPermissions(ps ghapp.Permissions) ghapp.Permissions {
	out := ghapp.Permissions{}
	var aliases []ghapp.Permission
	for p, l := range ps {
		if l == ghapp.LevelNone {
			continue
		}
		if c := p.Canonical(); c != p {
			aliases = append(aliases, p)
			continue
		}
		out[p] = l
	}
	slices.Sort(aliases) // map order must not decide which alias wins
	for _, p := range aliases {
		l, c := ps[p], p.Canonical()
		if prev, ok := out[c]; ok && prev != l {
			out[p] = l
			continue
		}
		out[c] = l
	}
	return nilIfEmptyMap(out)
}

// EqualURL reports, with t.Errorf, the [DiffURL] report when the
// registration links want and got differ. It does nothing when they are
// the same.
func EqualURL(t testing.TB, want, got string) {
	if d := DiffURL(want, got); d != "" {
		t.Helper()
		t.Errorf("%s", d)
	}
}

// EqualConfig reports, with t.Errorf, the [DiffConfig] report when want
// and got differ. It does nothing when they are the same.
func EqualConfig(t testing.TB, want, got ghapp.Config) {
	if d := DiffConfig(want, got); d != "" {
		t.Helper()
		t.Errorf("%s", d)
	}
}
