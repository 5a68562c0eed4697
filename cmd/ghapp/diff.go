package main

import (
	"flag"
	"strings"

	"github.com/ghapp-dev/ghapp"
)

// diffOptions are diff's flags.
type diffOptions struct {
	readOptions
	format         string
	failOnApproval bool
}

func diffFlags(fs *flag.FlagSet) func(*app, *flag.FlagSet, []string) int {
	var o diffOptions
	registerAllowUnknown(fs, &o.readOptions)
	fs.StringVar(&o.format, "format", formatText, "write the change as `FORMAT`: text, markdown (for a pull request comment), json or github (text and a workflow command)")
	fs.BoolVar(&o.failOnApproval, "fail-on-approval", false, "exit 1 when installations must approve the change")
	return func(a *app, _ *flag.FlagSet, args []string) int { return a.diff(o, args) }
}

// diff says what changes in permissions and events from args[0] to
// args[1], and whether installations must approve it.
func (a *app) diff(o diffOptions, args []string) int {
	if err := checkFormat(o.format, formatText, formatMarkdown, formatJSON, formatGitHub); err != nil {
		return a.usageError("diff", "%s", err)
	}
	if len(args) != 2 {
		return a.usageError("diff", "want OLD and NEW, have %s", plural(len(args), "argument"))
	}
	var (
		configs [2]ghapp.Config
		code    = exitOK
	)
	for i, arg := range args {
		reg, fs, c := a.readOne("diff", arg, o.readOptions)
		if c != exitOK {
			return c
		}
		if c := a.report("diff", o.format, reg.name, fs); c != exitOK || !reg.ok {
			code = max(code, c, exitFindings)
			continue
		}
		configs[i] = reg.configOf()
	}
	if code != exitOK {
		return code
	}
	d := ghapp.DiffConfigs(configs[0], configs[1])
	o2 := a.output(a.stdout)
	switch o.format {
	case formatMarkdown:
		o2.printf("%s", trusted(diffMarkdown(d)))
	case formatJSON:
		data := marshalJSON(diffJSON(d))
		o2.printf("%s\n", trusted(data))
	default:
		o2.printf("%s\n", trusted(safeLines(d.String())))
		if o.format == formatGitHub && !d.Empty() {
			kind, text := "notice", "installations need not approve anything"
			if d.NeedsApproval() {
				kind, text = "warning", "installations must approve the new permissions: "+changeList(d)
			}
			o2.printf("::%s title=%s::%s\n", trusted(kind), trusted(escapeProperty("ghapp diff")), trusted(escapeData(safe(text))))
		}
	}
	if o2.err != nil {
		a.errorf("diff", "%s", o2.err)
		return exitInput
	}
	if o.failOnApproval && d.NeedsApproval() {
		return exitFindings
	}
	return exitOK
}

// changeList lists the permissions added and upgraded: what installations
// must approve.
func changeList(d ghapp.ConfigDiff) string {
	var parts []string
	for _, c := range append(append([]ghapp.PermissionChange(nil), d.Permissions.Added...), d.Permissions.Upgraded...) {
		parts = append(parts, c.String())
	}
	return strings.Join(parts, ", ")
}

// diffMarkdown writes d for a pull request comment: a table of the
// permissions, one of the events, and who must approve.
func diffMarkdown(d ghapp.ConfigDiff) string {
	var b strings.Builder
	b.WriteString("### GitHub App permissions and events\n\n")
	if d.Empty() {
		b.WriteString("No change in permissions or events.\n")
		return b.String()
	}
	if !d.Permissions.Empty() {
		b.WriteString("| Change | Permission | Before | After |\n| --- | --- | --- | --- |\n")
		for _, part := range permissionParts(d.Permissions) {
			for _, c := range part.changes {
				b.WriteString("| " + part.verb + " | " + code(string(c.Permission)) + " | " + levelCell(c.Old) + " | " + levelCell(c.New) + " |\n")
			}
		}
		b.WriteString("\n")
	}
	if len(d.AddedEvents) > 0 || len(d.RemovedEvents) > 0 {
		b.WriteString("| Change | Event |\n| --- | --- |\n")
		for _, e := range d.AddedEvents {
			b.WriteString("| added | " + code(string(e)) + " |\n")
		}
		for _, e := range d.RemovedEvents {
			b.WriteString("| removed | " + code(string(e)) + " |\n")
		}
		b.WriteString("\n")
	}
	if d.NeedsApproval() {
		b.WriteString("**Installations must approve the new permissions** before the change reaches them.\n")
	} else {
		b.WriteString("Installations need not approve anything.\n")
	}
	return b.String()
}

type permissionPart struct {
	verb    string
	changes []ghapp.PermissionChange
}

func permissionParts(d ghapp.PermissionDiff) []permissionPart {
	return []permissionPart{{"added", d.Added}, {"upgraded", d.Upgraded}, {"downgraded", d.Downgraded}, {"removed", d.Removed}}
}

// code writes s as Markdown code in a table cell: made safe, with "|"
// and "`", which would end the cell or the code, escaped.
func code(s string) string {
	s = strings.NewReplacer("|", `\|`, "`", "'").Replace(safe(s))
	return "`" + s + "`"
}

func levelCell(l ghapp.Level) string {
	if l == ghapp.LevelNone {
		return "–"
	}
	return l.String()
}

// diffJSON is d as JSON: each change of a permission or an event, and
// whether installations must approve.
func diffJSON(d ghapp.ConfigDiff) any {
	type permission struct {
		Permission string `json:"permission"`
		Change     string `json:"change"`
		Before     string `json:"before"`
		After      string `json:"after"`
	}
	type event struct {
		Event  string `json:"event"`
		Change string `json:"change"`
	}
	out := struct {
		Permissions   []permission `json:"permissions"`
		Events        []event      `json:"events"`
		NeedsApproval bool         `json:"needs_approval"`
	}{Permissions: []permission{}, Events: []event{}, NeedsApproval: d.NeedsApproval()}
	for _, part := range permissionParts(d.Permissions) {
		for _, c := range part.changes {
			out.Permissions = append(out.Permissions, permission{safe(string(c.Permission)), part.verb, c.Old.String(), c.New.String()})
		}
	}
	for _, e := range d.AddedEvents {
		out.Events = append(out.Events, event{safe(string(e)), "added"})
	}
	for _, e := range d.RemovedEvents {
		out.Events = append(out.Events, event{safe(string(e)), "removed"})
	}
	return out
}
