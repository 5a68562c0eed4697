// Package ghapptest compares GitHub App registration links and
// [ghapp.Config] values in tests by what they mean rather than how they are
// spelled, so that a test against a documented link does not fail because
// the parameters come in another order, "[]" is written %5B%5D or a space is
// written "+". When they differ, the report is a [cmp.Diff] in go-cmp's
// convention (-want +got) that names the parameters or fields that differ.
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
// The text of a report is go-cmp's, with the non-breaking spaces go-cmp
// writes at random turned into plain ones. It may change with go-cmp
// versions, and go-cmp may lay out a diff of long lists differently from
// run to run: test that a report is empty or not, or that it mentions a
// name, rather than its whole text.
package ghapptest

import (
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/ghapp-dev/ghapp"
	"github.com/google/go-cmp/cmp"
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
// "registration URL mismatch (-want +got):" and shows a [cmp.Diff] naming
// what differs: a query parameter by its name ("checks", "events[]"), or the
// link's Scheme, User, Host, Path or Fragment.
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
// The report's Query holds only the parameters that differ; the
// parameters the two links share are left out of it.
//
// DiffURL does not check that a link is one GitHub accepts (see
// [ghapp.ParseRegistrationURL] for that), and works on links that do not
// parse: the report then says so for that side in Problems, and the parts
// that could be read, such as the query, are still compared.
func DiffURL(want, got string) string {
	w, g := parseLink(want), parseLink(got)
	for k, wv := range w.Query {
		if gv, ok := g.Query[k]; ok && slices.Equal(wv, gv) {
			delete(w.Query, k)
			delete(g.Query, k)
		}
	}
	d := cmp.Diff(w, g)
	if d == "" {
		return ""
	}
	return urlHeader + stable(d)
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
		if c := ghapp.Permission(key).Canonical(); c != "" {
			key = string(c)
		}
		l.Query[key] = append(l.Query[key], val)
	}
	for _, k := range setParams {
		slices.Sort(l.Query[k])
	}
	return l
}

// DiffConfig returns "" when want and got describe the same registration,
// and otherwise a report that starts with "ghapp.Config mismatch (-want
// +got):" and shows a [cmp.Diff] naming the [ghapp.Config] fields that
// differ, permissions by their registration names.
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
// The report's Permissions hold only the permissions that differ; those
// the two configurations share are left out of it.
func DiffConfig(want, got ghapp.Config) string {
	w, g := normalConfig(want), normalConfig(got)
	for p, l := range w.Permissions {
		if gl, ok := g.Permissions[p]; ok && gl == l {
			delete(w.Permissions, p)
			delete(g.Permissions, p)
		}
	}
	w.Permissions, g.Permissions = nilIfEmptyMap(w.Permissions), nilIfEmptyMap(g.Permissions)
	d := cmp.Diff(w, g)
	if d == "" {
		return ""
	}
	return configHeader + stable(d)
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
		if c := p.Canonical(); c != "" && c != p {
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

// stable replaces the non-breaking spaces go-cmp writes, at random, in
// place of some ordinary ones, so that a report reads the same from run to
// run. go-cmp quotes every value that holds a non-breaking space, so none
// is lost.
func stable(report string) string {
	return strings.ReplaceAll(report, "\u00a0", " ")
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
