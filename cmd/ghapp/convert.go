package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/ghapp-dev/ghapp"
	"go.yaml.in/yaml/v4"
)

// What ghapp manifest converts to.
const (
	toJSON = "json"
	toYAML = "yaml"
	toLink = "link"
)

// convertOptions are the flags of url and manifest.
type convertOptions struct {
	targetFlags
	readOptions
	format string // of findings
	to     string
	parse  bool // url --parse
}

func urlFlags(fs *flag.FlagSet) func(*app, *flag.FlagSet, []string) int {
	var o convertOptions
	o.targetFlags.register(fs, true)
	registerAllowUnknown(fs, &o.readOptions)
	fs.BoolVar(&o.parse, "parse", false, "read a link and print the manifest JSON it describes")
	fs.StringVar(&o.format, "format", formatText, "write findings, on stderr, as `FORMAT`: text, json or github")
	return func(a *app, _ *flag.FlagSet, args []string) int {
		o.to = toLink
		if o.parse {
			if o.targetFlags.given() {
				return a.usageError("url", "--parse prints a manifest, which names no target: leave out --plan, --org and --base")
			}
			o.to = toJSON
		}
		return a.convert("url", o, args)
	}
}

func manifestFlags(fs *flag.FlagSet) func(*app, *flag.FlagSet, []string) int {
	var o convertOptions
	o.targetFlags.register(fs, true)
	registerAllowUnknown(fs, &o.readOptions)
	fs.StringVar(&o.to, "to", toJSON, "convert to `FORM`: json (a manifest), yaml (Probot's app.yml) or link (a registration link)")
	fs.StringVar(&o.format, "format", formatText, "write findings, on stderr, as `FORMAT`: text, json or github")
	return func(a *app, _ *flag.FlagSet, args []string) int { return a.convert("manifest", o, args) }
}

// convert prints the registration args[0] gives in the form o.to: a
// manifest's JSON, an app.yml, or a registration link. Problems go to
// stderr; when the conversion can still be made (a link without a url
// makes a manifest without one), it is printed, and the exit code says
// there were findings.
func (a *app) convert(cmd string, o convertOptions, args []string) int {
	if err := checkFormat(o.format, formatText, formatJSON, formatGitHub); err != nil {
		return a.usageError(cmd, "%s", err)
	}
	if err := checkChoice("--to", o.to, toJSON, toYAML, toLink); err != nil {
		return a.usageError(cmd, "%s", err)
	}
	if o.to != toLink && o.targetFlags.given() {
		return a.usageError(cmd, "--plan, --org and --base name a link's target; they go with --to link only")
	}
	if len(args) != 1 {
		return a.usageError(cmd, "want one FILE or LINK, have %d", len(args))
	}
	t, err := o.target(false) // the zero Target when no flag is given
	if err != nil {
		return a.usageError(cmd, "%s", err)
	}
	reg, fs, code := a.readOne(cmd, args[0], o.readOptions)
	if code != exitOK {
		return code
	}
	if !reg.ok {
		return a.report(cmd, o.format, reg.name, fs)
	}
	var out []byte
	switch o.to {
	case toLink:
		if reg.form == formLink && !o.targetFlags.given() {
			t = reg.target
		}
		if reg.manifest != nil && reg.manifest.RedirectURL != "" {
			fs = append(fs, newFinding(newProblem("redirect_url", ghapp.ErrNotSettable,
				"a registration link has no redirect URL; left out of the link"), reg.placeOf(&ghapp.FieldError{Field: "redirect_url"}), severityWarning))
		}
		if reg.manifest != nil && o.targetFlags.given() {
			// Check as lint does, so that each problem is named by the
			// manifest's key and placed in its file.
			if err := reg.manifest.WriteForm(io.Discard, t, "ghapp-url"); err != nil {
				return a.report(cmd, o.format, reg.name, append(fs, findingsOf(err, reg.placeOf, severityError)...))
			}
		}
		link, err := reg.configOf().RegistrationURL(t)
		if err != nil {
			return a.report(cmd, o.format, reg.name, append(fs, findingsOf(err, reg.placeOf, severityError)...))
		}
		out = []byte(link + "\n")
	default:
		m := a.manifestOf(reg, &fs)
		if o.to == toYAML {
			if m.RedirectURL != "" {
				fs = append(fs, newFinding(newProblem("redirect_url", ghapp.ErrConflict,
					"Probot sends GitHub back to its own /probot/setup; an app.yml's redirect_url replaces it"), reg.placeOf(&ghapp.FieldError{Field: "redirect_url"}), severityWarning))
			}
			out = appYAML(m)
		} else {
			out = manifestJSON(m)
		}
	}
	code = a.report(cmd, o.format, reg.name, fs)
	if _, err := a.stdout.Write(out); err != nil {
		a.errorf(cmd, "%s", err)
		return exitInput
	}
	return code
}

// manifestOf returns the manifest of reg: a manifest's own, or the one a
// link describes, whose problems (a link may leave out the url a manifest
// needs, and may hold settings a manifest has no key for) it adds to fs.
func (a *app) manifestOf(reg *registration, fs *[]finding) ghapp.Manifest {
	if reg.manifest != nil {
		return *reg.manifest
	}
	m := reg.config.Manifest()
	*fs = append(*fs, findingsOf(m.Validate(), reg.placeOf, severityError)...)
	if reg.config.SingleFileName != "" {
		*fs = append(*fs, newFinding(newProblem("single_file_name", ghapp.ErrNotSettable,
			"a manifest has no key for it, so it is left out: register such an app with the link"),
			reg.placeOf(&ghapp.FieldError{Field: "single_file_name"}), severityError))
	}
	for i := range reg.config.SingleFilePaths {
		f := elementField("single_file_paths", i)
		*fs = append(*fs, newFinding(newProblem(f, ghapp.ErrNotSettable,
			"a manifest has no key for it, so it is left out: register such an app with the link"),
			reg.placeOf(&ghapp.FieldError{Field: f}), severityError))
	}
	return m
}

// manifestJSON returns m's JSON, indented, with every character that
// could drive a terminal escaped as \uXXXX (encoding/json leaves C1
// controls and bidirectional controls as they are).
func manifestJSON(m ghapp.Manifest) []byte {
	data, _ := m.MarshalJSON() // it cannot fail
	var b bytes.Buffer
	if json.Indent(&b, data, "", "  ") != nil {
		b.Reset()
		b.Write(data)
	}
	b.WriteByte('\n')
	if !unsafeText(b.Bytes()) {
		return b.Bytes()
	}
	var out bytes.Buffer
	for _, r := range b.String() {
		if r != '\n' && needsEscape(r, 2) {
			fmt.Fprintf(&out, "\\u%04x", r)
			continue
		}
		out.WriteRune(r)
	}
	return out.Bytes()
}

// unsafeText reports whether text a command prints holds a character that
// could drive a terminal: a control character other than a line break or
// tab, or a bidirectional control.
func unsafeText(text []byte) bool {
	for _, r := range string(text) {
		if r != '\n' && r != '\t' && needsEscape(r, 2) {
			return true
		}
	}
	return false
}

// appYAML returns m as Probot's app.yml: its keys in GitHub's order,
// public written out even when false, since Probot makes an app public
// unless app.yml says otherwise, and an empty url left out, so that Probot
// takes package.json's.
func appYAML(m ghapp.Manifest) []byte {
	data, _ := m.MarshalJSON()
	var doc yaml.Node
	if err := yaml.Load(data, &doc); err != nil || len(doc.Content) == 0 {
		return manifestJSON(m) // JSON is YAML
	}
	plain(&doc)
	root := doc.Content[0]
	for i := 0; i+1 < len(root.Content); i += 2 {
		if root.Content[i].Value == "url" && root.Content[i+1].Value == "" {
			root.Content = append(root.Content[:i], root.Content[i+2:]...)
			break
		}
	}
	if !m.Public {
		at := len(root.Content)
		for i := 0; i < len(root.Content); i += 2 {
			switch root.Content[i].Value {
			case "default_events", "default_permissions", "request_oauth_on_install", "setup_on_update":
				at = min(at, i)
			}
		}
		pub := []*yaml.Node{
			{Kind: yaml.ScalarNode, Tag: "!!str", Value: "public"},
			{Kind: yaml.ScalarNode, Tag: "!!bool", Value: "false"},
		}
		root.Content = append(root.Content[:at], append(pub, root.Content[at:]...)...)
	}
	out, err := yaml.Dump(&doc, yaml.WithIndent(2), yaml.WithCompactSeqIndent(false))
	if err != nil {
		return manifestJSON(m) // JSON is YAML
	}
	if !unsafeText(out) {
		return out
	}
	// What YAML leaves as it is (bidirectional controls) stands in a
	// double-quoted scalar (see plain), where \uXXXX is its escape.
	var b bytes.Buffer
	for _, r := range string(out) {
		if r != '\n' && r != '\t' && needsEscape(r, 2) {
			fmt.Fprintf(&b, "\\u%04X", r)
			continue
		}
		b.WriteRune(r)
	}
	return b.Bytes()
}

// plain clears the styles JSON gave n and what it holds (quotes, flow), so
// that the YAML is written in YAML's plain block style, but for text with a
// character that could drive a terminal, which is double-quoted so that
// YAML escapes it.
func plain(n *yaml.Node) {
	n.Style = 0
	if n.Kind == yaml.ScalarNode && unsafeText([]byte(n.Value)) {
		n.Style = yaml.DoubleQuotedStyle
	}
	for _, c := range n.Content {
		plain(c)
	}
}

// readOne reads the one registration arg gives, for the commands that
// take one from each input. A problem reading it ends the command, with
// its exit code.
func (a *app) readOne(cmd, arg string, o readOptions) (*registration, []finding, int) {
	regs, fs, err := a.readArg(arg, o)
	if err != nil {
		a.errorf(cmd, "%s", err)
		return nil, nil, exitInput
	}
	if len(regs) != 1 {
		return nil, nil, a.usageError(cmd, "%s holds %s; %s takes one registration from each input", arg, plural(len(regs), "link"), cmd)
	}
	return regs[0], fs, exitOK
}

// report writes the findings of a command other than lint to stderr, and
// returns exitFindings when there is an error among them.
func (a *app) report(cmd, format, input string, fs []finding) int {
	if len(fs) == 0 {
		return exitOK
	}
	sortFindings(input, fs)
	if format != formatJSON && format != formatGitHub {
		format = formatText
	}
	if err := a.writeFindings(a.stderr, format, fs); err != nil {
		a.errorf(cmd, "%s", err)
		return exitInput
	}
	if hasErrors(fs) {
		return exitFindings
	}
	return exitOK
}

// checkChoice reports a value of flag not among allowed, suggesting one.
func checkChoice(flag, value string, allowed ...string) error {
	for _, v := range allowed {
		if value == v {
			return nil
		}
	}
	return usagef("%s %s: not one of %s%s", flag, quote(value), joinComma(allowed), didYouMean(value, allowed))
}
