package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ghapp-dev/ghapp"
	"go.yaml.in/yaml/v4"
)

// Probot's app.yml, as Probot reads it (src/manifest-creation.ts,
// getManifest): js-yaml's load of app.yml in the app's directory, one
// document, the manifest's keys. Before posting it Probot adds defaults,
// and app.yml's keys replace them:
//
//	description   package.json's description
//	name          $PROJECT_DOMAIN, else package.json's name
//	url           package.json's homepage, else its repository
//	public        true
//	version       "v1", a key of Probot's own that GitHub accepts
//	hook_attributes, redirect_url: from the address Probot runs at
//
// ghapp does the same with the package.json beside app.yml (unreadable or
// not a JSON object, Probot and ghapp leave it out), takes a version key as
// Probot's own, and leaves hook_attributes and redirect_url, which only
// the running server knows, to app.yml; it reads no environment variable.

// maxYAMLValues bounds the values an app.yml may expand to through its
// aliases: a manifest has a few hundred, and a document whose aliases
// multiply past this is an attack, not an app.
const maxYAMLValues = 10_000

// maxYAMLDepth bounds how deeply an app.yml nests.
const maxYAMLDepth = 100

// probotKeys are the keys Probot fills from package.json when app.yml
// lacks them, and where from, in Probot's order of preference.
var probotKeys = [...]struct {
	key  string
	from []string
}{
	{"description", []string{"description"}},
	{"name", []string{"name"}},
	{"url", []string{"homepage", "repository"}},
}

// readAppYAML reads a Probot app.yml as the manifest Probot posts.
func (a *app) readAppYAML(name string, data []byte, o readOptions) (*registration, []finding) {
	r := &yamlRender{app: a, file: name}
	reg := &registration{name: name, form: formYAML, placeOf: r.placeOf}
	root, ok := r.load(data)
	if !ok {
		return reg, r.findings
	}
	r.places = newPlaces(r.at(root))
	r.node(root, "", "", 0)
	if r.tooBig {
		return reg, r.findings
	}
	reg, fs := readManifestText(name, formYAML, r.buf.Bytes(), r.placeOf, o)
	fs = append(r.findings, fs...)
	for i := range fs {
		if fs[i].Field == "url" && fs[i].Rule == ruleName(ghapp.ErrRequired) && r.urlUnset {
			fs[i].Message += "; Probot takes it from package.json's homepage or repository, and neither is set"
		}
	}
	sortFindings(name, fs)
	if len(r.findings) > 0 && reg.ok && hasErrors(r.findings) {
		reg.ok = false
	}
	return reg, fs
}

func hasErrors(fs []finding) bool {
	errs, _ := counts(fs)
	return errs > 0
}

// A yamlRender writes an app.yml document as JSON with one token a line,
// so that every position ghapp.ReadManifest reports, a line of that JSON,
// leads back to the YAML node the token came from.
type yamlRender struct {
	app      *app
	file     string
	buf      bytes.Buffer
	lines    []place // lines[i] is where JSON line i+1 came from
	places   *places
	findings []finding
	values   int  // the values written so far
	tooBig   bool // past maxYAMLValues or maxYAMLDepth
	urlUnset bool // app.yml has no url, and package.json gave none
}

// at returns where n stands.
func (r *yamlRender) at(n *yaml.Node) place { return place{r.file, n.Line, n.Column} }

// placeOf places a problem ReadManifest found in the JSON.
func (r *yamlRender) placeOf(fe *ghapp.FieldError) place {
	if fe.Line > 0 && fe.Line <= len(r.lines) {
		return r.lines[fe.Line-1]
	}
	if r.places == nil {
		return place{r.file, 1, 1}
	}
	return r.places.find(fe.Field)
}

// problem records a problem of the YAML itself at p.
func (r *yamlRender) problem(p place, field string, sentinel error, msg string, severity string) {
	r.findings = append(r.findings, newFinding(newProblem(field, sentinel, msg), p, severity))
}

// load parses data as one YAML document and returns its top node; ok is
// false when there is none to read.
func (r *yamlRender) load(data []byte) (*yaml.Node, bool) {
	if !utf8.Valid(data) {
		bad := 0
		for bad < len(data) {
			c, n := utf8.DecodeRune(data[bad:])
			if c == utf8.RuneError && n == 1 {
				break
			}
			bad += n
		}
		p := newLineCounter(data).place(r.file, bad)
		r.problem(p, "", ghapp.ErrMalformed, "not valid UTF-8: Probot reads app.yml as UTF-8", severityError)
		return nil, false
	}
	l, err := yaml.NewLoader(bytes.NewReader(data))
	if err != nil {
		r.problem(place{r.file, 1, 1}, "", ghapp.ErrMalformed, "cannot read YAML: "+err.Error(), severityError)
		return nil, false
	}
	var doc yaml.Node
	if err := l.Load(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			r.problem(place{r.file, 1, 1}, "", ghapp.ErrRequired,
				"no YAML document: Probot fails on an empty app.yml (leave the file out to register with package.json alone)", severityError)
		} else {
			r.yamlError(data, err)
		}
		return nil, false
	}
	var next yaml.Node
	switch err := l.Load(&next); {
	case err == nil:
		r.problem(r.at(&next), "", ghapp.ErrMalformed,
			"a second YAML document: Probot reads app.yml with js-yaml's load, which takes one", severityError)
	case !errors.Is(err, io.EOF):
		r.yamlError(data, err)
	}
	if doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0], true
	}
	return &doc, true
}

// yamlError records a YAML syntax error in data.
func (r *yamlRender) yamlError(data []byte, err error) {
	p, msg := place{r.file, 1, 1}, err.Error()
	var le *yaml.LoadError
	if errors.As(err, &le) {
		if le.Mark.Line > 0 {
			p = place{r.file, le.Mark.Line, max(le.Mark.Column, 1)}
		}
		// The parser places an error at the end of the input on the line
		// after it: place it at the end of the last line.
		if end := newLineCounter(data).place(r.file, len(data)); p.line > end.line {
			p = end
		}
		msg = le.Message
		if le.ContextMsg != "" {
			msg = le.ContextMsg + ": " + msg
			if m := le.ContextMark; m.Line > 0 && m.Line != p.line {
				msg = le.ContextMsg + " at line " + strconv.Itoa(m.Line) + ", column " + strconv.Itoa(max(m.Column, 1)) + ": " + le.Message
			}
		}
	}
	r.problem(p, "", ghapp.ErrMalformed, "YAML: "+msg, severityError)
}

// line writes one line of JSON, s, which came from p.
func (r *yamlRender) line(p place, s string) {
	if len(r.lines) > 0 {
		r.buf.WriteByte('\n')
	}
	r.buf.WriteString(s)
	r.lines = append(r.lines, p)
}

// node writes n, the value at path, its first line after prefix (the ","
// before an element).
func (r *yamlRender) node(n *yaml.Node, path, prefix string, depth int) {
	r.values++
	if r.values > maxYAMLValues || depth > maxYAMLDepth {
		if !r.tooBig {
			r.tooBig = true
			r.problem(r.at(n), path, ghapp.ErrTooMany,
				"the document expands to too many values or nests too deeply to be a manifest", severityError)
		}
		r.line(r.at(n), prefix+"null")
		return
	}
	switch n.Kind {
	case yaml.AliasNode:
		if n.Alias == nil {
			r.problem(r.at(n), path, ghapp.ErrMalformed, "alias *"+n.Value+" names no anchor", severityError)
			r.line(r.at(n), prefix+"null")
			return
		}
		r.node(n.Alias, path, prefix, depth+1)
	case yaml.MappingNode:
		r.mapping(n, path, prefix, depth)
	case yaml.SequenceNode:
		r.line(r.at(n), prefix+"[")
		sep := ""
		for i, e := range n.Content {
			el := elementField(path, i)
			r.places.add(el, place{}, r.at(e), false)
			r.node(e, el, sep, depth+1)
			sep = ","
		}
		r.line(r.at(n), "]")
	case yaml.ScalarNode:
		r.line(r.at(n), prefix+r.scalar(n, path))
	default:
		r.line(r.at(n), prefix+"null")
	}
}

// mapping writes a YAML mapping as a JSON object; the top one, the
// manifest, as Probot completes it.
func (r *yamlRender) mapping(n *yaml.Node, path, prefix string, depth int) {
	top := depth == 0
	r.line(r.at(n), prefix+"{")
	sep := ""
	present := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		switch {
		case k.Kind != yaml.ScalarNode:
			r.problem(r.at(k), path, ghapp.ErrMalformed, "a key must be a name, not a YAML "+kindName(k), severityError)
			continue
		case k.Tag == "!!merge":
			r.problem(r.at(k), childField(path, k.Value), ghapp.ErrMalformed,
				"ghapp does not read YAML merge keys (<<); write the keys out", severityError)
			continue
		case top && k.Value == "version":
			// Probot's own key ("v1"), which GitHub accepts; not a
			// setting of the app's.
			continue
		}
		present[k.Value] = true
		field := childField(path, k.Value)
		r.places.add(field, r.at(k), r.at(v), true)
		r.line(r.at(k), sep+jsonString(k.Value)+":")
		r.node(v, field, "", depth+1)
		sep = ","
	}
	if top {
		r.probotDefaults(n, present, sep)
	}
	r.line(r.at(n), "}")
}

// probotDefaults writes the keys Probot adds when app.yml lacks them (see
// the comment at the top of this file), after members written with sep
// between them.
func (r *yamlRender) probotDefaults(n *yaml.Node, present map[string]bool, sep string) {
	var (
		pkg    map[string]json.RawMessage
		pkgAt  *places
		loaded bool
	)
	for _, k := range probotKeys {
		if present[k.key] {
			continue
		}
		if !loaded {
			pkg, pkgAt = r.packageJSON()
			loaded = true
		}
		for _, from := range k.from {
			v, ok := pkg[from]
			if !ok || !truthy(v) {
				continue
			}
			var compact bytes.Buffer
			if json.Compact(&compact, v) != nil {
				continue
			}
			r.places.add(k.key, pkgAt.keys[from], pkgAt.values[from], true)
			r.line(pkgAt.keys[from], sep+jsonString(k.key)+":")
			r.line(pkgAt.values[from], compact.String())
			sep = ","
			present[k.key] = true
			break
		}
	}
	r.urlUnset = !present["url"]
	if !present["public"] {
		r.line(r.at(n), sep+`"public":`)
		r.line(r.at(n), "true")
	}
}

// packageJSON reads the package.json beside app.yml, as Probot reads its
// own: nil when it is missing or not a JSON object.
func (r *yamlRender) packageJSON() (map[string]json.RawMessage, *places) {
	dir := "."
	if r.file != stdinName {
		dir = filepath.Dir(r.file)
	}
	name := filepath.Join(dir, "package.json")
	data, err := r.app.readFile(name)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			r.problem(place{name, 0, 0}, "", ghapp.ErrMalformed,
				"cannot read it, so Probot leaves it out: "+err.Error(), severityWarning)
		}
		return nil, nil
	}
	var pkg map[string]json.RawMessage
	if err := json.Unmarshal(data, &pkg); err != nil || pkg == nil {
		p := place{name, 1, 1}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			p = newLineCounter(data).place(name, int(se.Offset))
		}
		r.problem(p, "", ghapp.ErrMalformed,
			"not a JSON object, so Probot leaves it out and app.yml's missing name, url and description stay unset", severityWarning)
		return nil, nil
	}
	return pkg, jsonPlaces(name, data)
}

// truthy reports whether a JSON value is true in JavaScript, as Probot's
// `||` tests it: not null, false, "" or 0.
func truthy(v json.RawMessage) bool {
	switch s := strings.TrimSpace(string(v)); s {
	case "null", "false", `""`:
		return false
	default:
		var f float64
		if json.Unmarshal(v, &f) == nil {
			return f != 0
		}
	}
	return true
}

// scalar returns n as a JSON value. YAML's types read as js-yaml reads
// them: strings, booleans (true and false only), null; a number is
// written as 0, which ReadManifest reports as a number where a manifest
// wants text or a boolean.
func (r *yamlRender) scalar(n *yaml.Node, path string) string {
	switch n.Tag {
	case "!!str", "!!timestamp":
		return jsonString(n.Value)
	case "!!bool":
		return strings.ToLower(n.Value)
	case "!!null":
		return "null"
	case "!!int", "!!float":
		return "0"
	}
	r.problem(r.at(n), path, ghapp.ErrMalformed, "the YAML tag "+n.Tag+" is not a manifest's value; write plain text", severityError)
	return jsonString(n.Value)
}

func jsonString(s string) string {
	data, _ := json.Marshal(s)
	return string(data)
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "sequence"
	case yaml.AliasNode:
		return "alias"
	}
	return "value"
}
