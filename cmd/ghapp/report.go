package main

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// The output formats of findings.
const (
	formatText     = "text"
	formatJSON     = "json"
	formatGitHub   = "github"
	formatSARIF    = "sarif"
	formatMarkdown = "markdown" // diff only
)

// annotationLimit is how many annotations of one kind (error, warning,
// notice) GitHub Actions shows for a step; the job shows 50 in all.
// Documented in actions/toolkit's docs/problem-matchers.md ("Limitations").
const (
	annotationLimit    = 10
	annotationJobLimit = 50
)

// writeFindings writes fs to w in format. Every text in a finding is safe
// already (newFinding made it so).
func (a *app) writeFindings(w io.Writer, format string, fs []finding) error {
	switch format {
	case formatJSON:
		return writeJSONFindings(w, fs)
	case formatGitHub:
		return writeGitHubFindings(w, fs)
	case formatSARIF:
		return writeSARIF(w, fs)
	}
	o := a.output(w)
	for _, f := range fs {
		pos := f.File
		if f.Line > 0 {
			pos += ":" + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Column)
		}
		label := o.paint(styleRed, "error")
		if f.Severity == severityWarning {
			label = o.paint(styleYellow, "warning")
		}
		text := f.Message
		if f.Field != "" {
			text = f.Field + ": " + f.Message
		}
		o.printf("%s: %s: %s\n", o.paint(styleBold, pos), label, text)
	}
	return o.err
}

// writeJSONFindings writes one JSON object a line for each finding.
func writeJSONFindings(w io.Writer, fs []finding) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, f := range fs {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	return nil
}

// writeGitHubFindings writes each finding as a GitHub Actions workflow
// command, ::error or ::warning, which the runner turns into an annotation
// on the file and line; past annotationLimit of a kind the runner shows the
// rest in the log only, so a last notice says how many there were.
func writeGitHubFindings(w io.Writer, fs []finding) error {
	var b strings.Builder
	for _, f := range fs {
		var props []string
		if f.File != "" && !strings.HasPrefix(f.File, "<") {
			props = append(props, "file="+escapeProperty(f.File))
		}
		if f.Line > 0 {
			props = append(props, "line="+strconv.Itoa(f.Line), "col="+strconv.Itoa(f.Column))
		}
		props = append(props, "title="+escapeProperty("ghapp"))
		text := f.Message
		if f.Field != "" {
			text = f.Field + ": " + f.Message
		}
		b.WriteString("::" + f.Severity + " " + strings.Join(props, ",") + "::" + escapeData(text) + "\n")
	}
	errs, warnings := counts(fs)
	if errs > annotationLimit || warnings > annotationLimit || errs+warnings > annotationJobLimit {
		found := plural(errs, "error")
		if warnings > 0 {
			found += " and " + plural(warnings, "warning")
		}
		note := "ghapp found " + found + "; GitHub Actions shows " + strconv.Itoa(annotationLimit) + " of each kind as annotations for a step (" +
			strconv.Itoa(annotationJobLimit) + " for a job), so see this step's log for all of them"
		b.WriteString("::notice title=" + escapeProperty("ghapp") + "::" + escapeData(note) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// escapeData escapes a workflow command's message as actions/toolkit's
// packages/core/src/command.ts does: %, CR and LF.
func escapeData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

// escapeProperty escapes a workflow command's property value as
// command.ts does: %, CR, LF, ":" and ",".
func escapeProperty(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}

// writeSARIF writes fs as a SARIF 2.1.0 log, which GitHub code scanning
// takes (github/codeql-action/upload-sarif).
func writeSARIF(w io.Writer, fs []finding) error {
	type region struct {
		StartLine   int `json:"startLine"`
		StartColumn int `json:"startColumn,omitempty"`
	}
	type physical struct {
		ArtifactLocation struct {
			URI string `json:"uri"`
		} `json:"artifactLocation"`
		Region *region `json:"region,omitempty"`
	}
	type location struct {
		PhysicalLocation physical `json:"physicalLocation"`
	}
	type message struct {
		Text string `json:"text"`
	}
	type result struct {
		RuleID    string     `json:"ruleId"`
		Level     string     `json:"level"`
		Message   message    `json:"message"`
		Locations []location `json:"locations,omitempty"`
	}
	type rule struct {
		ID string `json:"id"`
	}
	var (
		results = []result{}
		rules   = []rule{}
	)
	for _, f := range fs {
		text := f.Message
		if f.Field != "" {
			text = f.Field + ": " + f.Message
		}
		r := result{RuleID: f.Rule, Level: f.Severity, Message: message{text}}
		if f.File != "" && !strings.HasPrefix(f.File, "<") {
			var l location
			l.PhysicalLocation.ArtifactLocation.URI = (&url.URL{Path: filepath.ToSlash(f.File)}).String()
			if f.Line > 0 {
				l.PhysicalLocation.Region = &region{f.Line, f.Column}
			}
			r.Locations = []location{l}
		}
		results = append(results, r)
		if !slices.Contains(rules, rule{f.Rule}) {
			rules = append(rules, rule{f.Rule})
		}
	}
	slices.SortFunc(rules, func(a, b rule) int { return strings.Compare(a.ID, b.ID) })
	log := map[string]any{
		"version": "2.1.0",
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name":           "ghapp",
				"informationUri": "https://pkg.go.dev/github.com/ghapp-dev/ghapp/cmd/ghapp",
				"rules":          rules,
			}},
			"columnKind": "unicodeCodePoints",
			"results":    results,
		}},
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(log)
}
