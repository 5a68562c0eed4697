package main

import (
	"flag"
	"io"
	"strings"

	"github.com/ghapp-dev/ghapp"
)

// targetFlags are --plan, --org and --base: where an app is registered.
type targetFlags struct {
	plan, org, base string
}

func (tf *targetFlags) register(fs *flag.FlagSet, withPlan bool) {
	if withPlan {
		fs.StringVar(&tf.plan, "plan", "", "check against `PLAN`: github.com, ghec, ghes (the newest server) or ghes-3.17 to ghes-3.22")
	}
	fs.StringVar(&tf.org, "org", "", "register on the organization `ORG` rather than a personal account")
	fs.StringVar(&tf.base, "base", "", "the GitHub Enterprise Server or GHE.com web `URL` (default https://github.com)")
}

// given reports whether any of the flags was set.
func (tf *targetFlags) given() bool { return tf.plan != "" || tf.org != "" || tf.base != "" }

// standInServer is the host lint checks a GitHub Enterprise Server plan
// on when --plan names one without --base: only the plan matters then.
const standInServer = "https://github.example.com"

// target returns the target the flags name, its base URL and organization
// written as GitHub links write them; a bad flag is a usage error. With
// standIn, a GitHub Enterprise Server plan without --base is checked on a
// stand-in server, for lint, which writes no link.
func (tf *targetFlags) target(standIn bool) (ghapp.Target, error) {
	var t ghapp.Target
	if tf.plan != "" {
		p, err := ghapp.ParsePlan(tf.plan)
		if err != nil {
			return t, usagef("--plan: %s", message(fieldErrors(err)[0]))
		}
		t.Plan = p
	}
	t.BaseURL, t.Organization = tf.base, tf.org
	if standIn && t.BaseURL == "" && t.Plan.GHES() {
		t.BaseURL = standInServer
	}
	link, err := ghapp.Config{}.RegistrationURL(t)
	if err != nil {
		var msgs []string
		for _, fe := range fieldErrors(err) {
			flag := "--base"
			switch fe.Field {
			case "organization":
				flag = "--org"
			case "plan":
				flag = "--plan"
			}
			msgs = append(msgs, flag+": "+message(fe))
		}
		if t.Plan.GHES() && tf.base == "" {
			msgs = append(msgs, "give --base, the server's URL, with a GitHub Enterprise Server plan")
		}
		return t, usagef("%s", strings.Join(msgs, "; "))
	}
	// Read the link back for the base URL and organization as GitHub
	// writes them: no trailing slash or dot, the host in lower case.
	_, norm, err := ghapp.ParseRegistrationURL(link)
	if err != nil {
		return t, usagef("--base: %s", err)
	}
	norm.Plan = t.Plan
	return norm, nil
}

// lintOptions are lint's flags.
type lintOptions struct {
	targetFlags
	readOptions
	format string
}

func lintFlags(fs *flag.FlagSet) func(*app, *flag.FlagSet, []string) int {
	var o lintOptions
	o.targetFlags.register(fs, true)
	registerAllowUnknown(fs, &o.readOptions)
	fs.StringVar(&o.format, "format", formatText, "write findings as `FORMAT`: text, json (one object a line), github (workflow commands) or sarif")
	return func(a *app, _ *flag.FlagSet, args []string) int { return a.lint(o, args) }
}

func registerAllowUnknown(fs *flag.FlagSet, o *readOptions) {
	fs.BoolVar(&o.allowUnknown, "allow-unknown", false, "accept well-formed permission and event names ghapp's catalogue does not know yet")
}

// lint checks every file and reports every finding.
func (a *app) lint(o lintOptions, args []string) int {
	if err := checkFormat(o.format, formatText, formatJSON, formatGitHub, formatSARIF); err != nil {
		return a.usageError("lint", "%s", err)
	}
	if len(args) == 0 {
		return a.usageError("lint", "no file to check")
	}
	var t ghapp.Target
	if o.given() {
		var err error
		if t, err = o.target(true); err != nil {
			return a.usageError("lint", "%s", err)
		}
	}
	code := exitOK
	var all []finding
	files := 0
	for _, arg := range args {
		regs, fs, err := a.readArg(arg, o.readOptions)
		if err != nil {
			a.errorf("lint", "%s", err)
			code = exitInput
			continue
		}
		files++
		for _, reg := range regs {
			if reg.ok {
				fs = append(fs, a.checkTarget(reg, o.targetFlags, t)...)
			}
		}
		if len(regs) > 0 {
			sortFindings(regs[0].name, fs)
		}
		all = append(all, fs...)
	}
	if err := a.writeFindings(a.stdout, o.format, all); err != nil {
		a.errorf("lint", "%s", err)
		return exitInput
	}
	errs, warnings := counts(all)
	if o.format == formatText && errs+warnings > 0 {
		var parts []string
		if errs > 0 {
			parts = append(parts, plural(errs, "error"))
		}
		if warnings > 0 {
			parts = append(parts, plural(warnings, "warning"))
		}
		what := strings.Join(parts, " and ")
		a.output(a.stderr).printf("%s in %s\n", what, plural(files, "file"))
	}
	if code == exitOK && errs > 0 {
		code = exitFindings
	}
	return code
}

// checkTarget checks a registration read without error against the
// target the flags name: a manifest as the manifest flow would post it
// there; a link against --plan, and against --base and --org, which must
// be the link's own. A link also gets a warning for each value it leaves
// for the person registering the app to type.
func (a *app) checkTarget(reg *registration, tf targetFlags, t ghapp.Target) []finding {
	var fs []finding
	if reg.form != formLink {
		if !tf.given() {
			return nil
		}
		err := reg.manifest.WriteForm(io.Discard, t, "ghapp-lint")
		return findingsOf(err, reg.placeOf, severityError)
	}
	at := reg.placeOf(&ghapp.FieldError{})
	elsewhere := tf.base != "" && reg.target.BaseURL != t.BaseURL
	if elsewhere {
		fs = append(fs, newFinding(newProblem("base_url", ghapp.ErrInvalidTarget,
			"the link registers on "+originOf(reg.target)+", not on --base "+originOf(t)), at, severityError))
	}
	if tf.org != "" && !strings.EqualFold(reg.target.Organization, t.Organization) {
		on := "a personal account"
		if reg.target.Organization != "" {
			on = "the organization " + reg.target.Organization
		}
		fs = append(fs, newFinding(newProblem("organization", ghapp.ErrInvalidTarget,
			"the link registers on "+on+", not on --org "+t.Organization), at, severityError))
	}
	if tf.plan != "" && !elsewhere {
		lt := reg.target
		lt.Plan = t.Plan
		if _, err := reg.config.RegistrationURL(lt); err != nil {
			fs = append(fs, findingsOf(err, reg.placeOf, severityError)...)
		}
	}
	for _, field := range reg.config.Unfilled() {
		fs = append(fs, newFinding(newProblem(field, ghapp.ErrRequired,
			"left for the person registering the app to type on GitHub's page"), reg.placeOf(&ghapp.FieldError{Field: field}), severityWarning))
	}
	return fs
}

func originOf(t ghapp.Target) string {
	if t.BaseURL == "" {
		return "https://github.com"
	}
	return t.BaseURL
}

// checkFormat reports a format not among allowed, suggesting one.
func checkFormat(format string, allowed ...string) error {
	for _, f := range allowed {
		if format == f {
			return nil
		}
	}
	return usagef("--format %s: not one of %s%s", quote(format), strings.Join(allowed, ", "), didYouMean(format, allowed))
}
