package main

import (
	"bytes"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/ghapp-dev/ghapp"
)

// A form is how an input writes a registration.
type form int

const (
	formManifest form = iota + 1 // a manifest, JSON
	formYAML                     // Probot's app.yml: a manifest's keys in YAML
	formLinks                    // a text file of registration links, one a line
	formLink                     // one link, given as an argument
)

func (f form) String() string {
	switch f {
	case formManifest:
		return "manifest JSON"
	case formYAML:
		return "app.yml"
	case formLinks:
		return "links"
	case formLink:
		return "link"
	}
	return "form(" + strconv.Itoa(int(f)) + ")"
}

// stdinName is the file name "-" stands for, as findings show it.
const stdinName = "<stdin>"

// linkName is the file name findings show for a link given as an
// argument.
const linkName = "<link>"

// detectForm says how name's data writes a registration: by the
// extension (.json; .yml and .yaml; .txt, .links and .urls), else by the
// content: a first non-space character "{" is JSON; a first line, past
// blank lines and "#" comments, that starts with http:// or https:// begins
// a file of links; anything else is YAML.
func detectForm(name string, data []byte) form {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return formManifest
	case ".yml", ".yaml":
		return formYAML
	case ".txt", ".links", ".urls":
		return formLinks
	}
	trimmed := bytes.TrimLeft(data, " \t\r\n\ufeff")
	if len(trimmed) > 0 && trimmed[0] == '{' {
		return formManifest
	}
	for line := range strings.Lines(string(data)) {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if isLink(line) {
			return formLinks
		}
		break
	}
	return formYAML
}

// isLink reports whether arg is a link rather than a file name.
func isLink(arg string) bool {
	l := strings.ToLower(arg)
	return strings.HasPrefix(l, "https://") || strings.HasPrefix(l, "http://")
}

// A registration is one app's registration as an input gives it: a
// manifest file, an app.yml, or one link.
type registration struct {
	name string // the input's name as findings show it
	form form
	// manifest is what a manifest or app.yml says; nil for a link.
	manifest *ghapp.Manifest
	// config is what a link says; for a manifest, see configOf.
	config ghapp.Config
	// target is the link's own (its host and organization); zero for a
	// manifest.
	target ghapp.Target
	// ok is whether the registration was read without an error, so that
	// what follows (a plan check, a conversion) may run.
	ok bool
	// placeOf says where a problem stands in the input, also one the
	// library reports without a position.
	placeOf func(fe *ghapp.FieldError) place
}

// configOf returns the registration's Config: a link's, or the one a
// manifest describes, made when asked for, since lint needs none.
func (r *registration) configOf() ghapp.Config {
	if r.manifest != nil {
		c, _ := r.manifest.Config() // read without error, so valid
		return c
	}
	return r.config
}

// readOptions are the flags that change how inputs read.
type readOptions struct {
	allowUnknown bool
}

// readData reads the registrations in name's data, of form f (0: detect
// it), and the problems found reading them.
func (a *app) readData(name string, data []byte, f form, o readOptions) ([]*registration, []finding) {
	if f == 0 {
		f = detectForm(name, data)
	}
	switch f {
	case formManifest:
		reg, fs := readManifestJSON(name, data, o)
		return []*registration{reg}, fs
	case formYAML:
		reg, fs := a.readAppYAML(name, data, o)
		return []*registration{reg}, fs
	}
	return readLinks(name, data, o)
}

// readArg reads the input arg names: a link, "-" for standard input, or a
// file. The error is one of reading (exitInput).
func (a *app) readArg(arg string, o readOptions) ([]*registration, []finding, error) {
	if isLink(arg) {
		reg, fs := readLink(linkName, 1, 0, arg, o)
		return []*registration{reg}, fs, nil
	}
	name, data, err := a.readInput(arg)
	if err != nil {
		return nil, nil, err
	}
	regs, fs := a.readData(name, data, 0, o)
	return regs, fs, nil
}

// readInput reads the file arg names, or standard input for "-".
func (a *app) readInput(arg string) (name string, data []byte, err error) {
	if arg == "-" {
		data, err := io.ReadAll(io.LimitReader(a.stdin, maxInput+1))
		if err == nil && len(data) > maxInput {
			err = fmt.Errorf("standard input: larger than %d MiB, too large for a registration", maxInput>>20)
		}
		return stdinName, data, err
	}
	data, err = a.readFile(arg)
	return arg, data, err
}

// findingsOf returns the findings for the problems in err, each placed by
// placeOf.
func findingsOf(err error, placeOf func(*ghapp.FieldError) place, severity string) []finding {
	var fs []finding
	for _, fe := range fieldErrors(err) {
		fs = append(fs, newFinding(fe, placeOf(fe), severity))
	}
	return fs
}

// readManifestJSON reads a manifest file.
func readManifestJSON(name string, data []byte, o readOptions) (*registration, []finding) {
	var ps *places // made when a problem has no position
	placeOf := func(fe *ghapp.FieldError) place {
		if fe.Line > 0 {
			return place{name, fe.Line, fe.Column}
		}
		if ps == nil {
			ps = jsonPlaces(name, data)
		}
		return ps.find(fe.Field)
	}
	return readManifestText(name, formManifest, data, placeOf, o)
}

// readManifestText reads a manifest's JSON, from a file or as app.yml
// gives it, with ghapp.ReadManifest, and its problems placed by placeOf.
func readManifestText(name string, f form, data []byte, placeOf func(*ghapp.FieldError) place, o readOptions) (*registration, []finding) {
	m, err := ghapp.ReadManifest(bytes.NewReader(data))
	if err != nil && o.allowUnknown && !reflect.ValueOf(m).IsZero() {
		// The only problems are names the catalogue does not know, which
		// --allow-unknown accepts when they are well-formed.
		m.AllowUnknown = true
		err = m.Validate()
	}
	reg := &registration{name: name, form: f, placeOf: placeOf}
	if err != nil {
		return reg, findingsOf(err, placeOf, severityError)
	}
	m.AllowUnknown = o.allowUnknown
	reg.manifest = &m
	reg.ok = true
	return reg, nil
}

// readLinks reads a file of registration links: one a line, blank lines
// and lines starting with "#" left out.
func readLinks(name string, data []byte, o readOptions) ([]*registration, []finding) {
	var (
		regs []*registration
		fs   []finding
	)
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSuffix(line, "\r")
		link := strings.TrimLeft(line, " \t")
		lead := len(line) - len(link)
		link = strings.TrimRight(link, " \t")
		if link == "" || link[0] == '#' {
			continue
		}
		reg, lfs := readLink(name, i+1, lead, link, o)
		regs = append(regs, reg)
		fs = append(fs, lfs...)
	}
	return regs, fs
}

// readLink reads one link, which stands on line of file name after lead
// bytes.
func readLink(name string, line, lead int, link string, o readOptions) (*registration, []finding) {
	placeOf := func(fe *ghapp.FieldError) place {
		if fe.Line > 0 {
			return place{name, line, lead + fe.Column}
		}
		return place{name, line, lead + linkParamAt(link, fe.Field) + 1}
	}
	c, t, err := ghapp.ParseRegistrationURL(link)
	if err != nil && o.allowUnknown && !reflect.ValueOf(c).IsZero() {
		c.AllowUnknown = true
		err = c.Validate()
	}
	reg := &registration{name: name, form: formLink, placeOf: placeOf}
	if err != nil {
		return reg, findingsOf(err, placeOf, severityError)
	}
	c.AllowUnknown = o.allowUnknown
	reg.config, reg.target, reg.ok = c, t, true
	return reg, nil
}

// linkParamAt returns the byte offset in link of the parameter field
// names, as the library names a link's parameters ("events[2]" is the
// third events[], "permissions.checks" is checks) or a manifest's keys
// for the same settings ("default_events[2]", "hook_attributes.url"); 0,
// the link's start, when there is none. A webhook's missing URL stands
// where the webhook is turned on.
func linkParamAt(link, field string) int {
	field = strings.TrimPrefix(field, "default_") // default_events, default_permissions
	key, index := field, 0
	if strings.HasSuffix(field, "]") {
		if i := strings.LastIndexByte(field, '['); i > 0 {
			if n, err := strconv.Atoi(field[i+1 : len(field)-1]); err == nil {
				key, index = field[:i]+"[]", n
			}
		}
	}
	switch key {
	case "hook_attributes", "hook_attributes.url", "webhook_url":
		if at := paramOffset(link, "webhook_url", 0); at > 0 {
			return at
		}
		return paramOffset(link, "webhook_active", 0)
	case "hook_attributes.active":
		key = "webhook_active"
	}
	return paramOffset(link, strings.TrimPrefix(key, "permissions."), index)
}

// paramOffset returns the byte offset in link of the index-th parameter
// named key (unescaped), or 0.
func paramOffset(link, key string, index int) int {
	q := strings.IndexByte(link, '?')
	if q < 0 {
		return 0
	}
	query := link[q+1:]
	if h := strings.IndexByte(query, '#'); h >= 0 {
		query = query[:h]
	}
	at := q + 1
	seen := 0
	for part := range strings.SplitSeq(query, "&") {
		k, _, _ := strings.Cut(part, "=")
		if uk, err := url.QueryUnescape(k); err == nil {
			k = uk
		}
		if k == key {
			if seen == index {
				return at
			}
			seen++
		}
		at += len(part) + 1
	}
	return 0
}

// sortFindings orders the findings of one input by where they stand: those
// in the input itself first, by line and column, then those in other files
// (a package.json beside app.yml), those without a line last.
func sortFindings(input string, fs []finding) {
	input = safe(input)
	slices.SortStableFunc(fs, func(a, b finding) int {
		if d := boolRank(a.File != input) - boolRank(b.File != input); d != 0 {
			return d
		}
		if a.File != b.File {
			return strings.Compare(a.File, b.File)
		}
		if d := boolRank(a.Line == 0) - boolRank(b.Line == 0); d != 0 {
			return d
		}
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Column - b.Column
	})
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}
