package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ghapp-dev/ghapp"
)

// driftOptions are drift's flags.
type driftOptions struct {
	readOptions
	base, plan string
	appID      int64
	clientID   string
	key        string
	format     string
}

// driftFlags defines drift's flags.
func driftFlags(fs *flag.FlagSet) func(*app, *flag.FlagSet, []string) int {
	var o driftOptions
	registerAllowUnknown(fs, &o.readOptions)
	fs.StringVar(&o.base, "base", "", "the GitHub Enterprise Server or GHE.com web `URL` (default https://github.com)")
	fs.StringVar(&o.plan, "plan", "", "the `PLAN` of a GitHub Enterprise Server older than the newest, ghes-3.17 to ghes-3.22, or ghec for an enterprise account on github.com")
	fs.Int64Var(&o.appID, "app-id", 0, "the app's `ID`, which its JSON Web Tokens name (required)")
	fs.StringVar(&o.clientID, "client-id", "", "the app's client `ID`, the JSON Web Token's issuer GitHub recommends (default: the app ID)")
	fs.StringVar(&o.key, "key", "", "the app's private key, a PEM `FILE` (required)")
	fs.StringVar(&o.format, "format", formatText, "write the drift as `FORMAT`: text, markdown (for a pull request comment), json or github (text and workflow commands)")
	return func(a *app, _ *flag.FlagSet, args []string) int { return a.drift(o, args) }
}

// drift compares the registration args[0] describes with the live app
// and its installations, and exits 0 when they agree, 1 when they differ
// (exitFindings), 3 when GitHub cannot be asked (exitInput).
func (a *app) drift(o driftOptions, args []string) int {
	const cmd = "drift"
	if err := checkFormat(o.format, formatText, formatMarkdown, formatJSON, formatGitHub); err != nil {
		return a.usageError(cmd, "%s", err)
	}
	if len(args) != 1 {
		return a.usageError(cmd, "want one FILE or LINK, have %d", len(args))
	}
	if o.appID <= 0 {
		return a.usageError(cmd, "--app-id: give the app's ID, a positive number (its settings page shows it)")
	}
	if o.key == "" {
		return a.usageError(cmd, "--key: give the app's private key, a PEM file")
	}
	if !validClientID(o.clientID) {
		return a.usageError(cmd, "--client-id %s: not a client ID (letters, digits, \".\", \"_\" and \"-\")", quote(o.clientID))
	}
	tf := targetFlags{plan: o.plan, base: o.base}
	var t ghapp.Target
	if tf.given() {
		var err error
		if t, err = tf.target(false); err != nil {
			return a.usageError(cmd, "%s", err)
		}
	}
	reg, fs, code := a.readOne(cmd, args[0], o.readOptions)
	if code != exitOK {
		return code
	}
	if code := a.report(cmd, o.format, reg.name, fs); code != exitOK || !reg.ok {
		return max(code, exitFindings)
	}
	if reg.form == formLink && o.base == "" {
		t.BaseURL = reg.target.BaseURL // a link names its own GitHub
	}
	want := reg.configOf()

	pemData, err := a.readFile(o.key)
	if err != nil {
		a.errorf(cmd, "--key: %s", err)
		return exitInput
	}
	key, err := ghapp.ParsePrivateKey(pemData)
	if err != nil {
		a.errorf(cmd, "--key %s: %s", o.key, err)
		return exitInput
	}

	ctx, stop := a.interrupt(context.Background())
	defer stop()
	tr := &ghapp.AppTransport{Key: key, AppID: o.appID, ClientID: o.clientID, Target: t}
	live, err := ghapp.ReadLive(ctx, tr.Client(), t)
	if err != nil {
		return a.apiFailure(cmd, o, err)
	}
	d, err := ghapp.DiffLive(want, live, t)
	if err != nil {
		a.errorf(cmd, "%s", err)
		return exitInput
	}

	out := a.output(a.stdout)
	switch o.format {
	case formatMarkdown:
		out.printf("%s\n", trusted(safeLines(strings.TrimSuffix(d.Markdown(), "\n"))))
	case formatJSON:
		out.printf("%s\n", trusted(driftJSON(d)))
	default:
		out.printf("%s\n", trusted(safeLines(strings.TrimSuffix(d.String(), "\n"))))
		if o.format == formatGitHub {
			out.printf("%s", trusted(driftCommands(d, reg)))
		}
	}
	if out.err != nil {
		a.errorf(cmd, "%s", out.err)
		return exitInput
	}
	if !d.Empty() {
		return exitFindings
	}
	return exitOK
}

// validClientID reports whether id could be a client ID: empty, or
// letters, digits, ".", "_" and "-", as GitHub issues them ("Iv1.…",
// "Iv23…").
func validClientID(id string) bool {
	if len(id) > 100 {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// apiFailure says why GitHub could not be asked, by the error's sentinel,
// and returns exitInput. In the github format a workflow command says it
// too, so that the run's summary shows it.
func (a *app) apiFailure(cmd string, o driftOptions, err error) int {
	var hint string
	var ae *ghapp.APIError
	errors.As(err, &ae)
	switch {
	case errors.Is(err, ghapp.ErrUnauthorized):
		ids := "--app-id"
		if o.clientID != "" {
			ids = "--app-id and --client-id"
		}
		hint = "GitHub refused the app's JSON Web Token (401 Unauthorized): check " + ids + ", and that --key is a current private key of this app"
	case errors.Is(err, ghapp.ErrRateLimited):
		hint = "GitHub's rate limit refused the request"
		switch {
		case ae != nil && ae.RetryAfter > 0:
			hint += "; retry after " + ae.RetryAfter.String()
		case ae != nil && !ae.RateLimitReset.IsZero():
			hint += "; the limit resets at " + ae.RateLimitReset.UTC().Format(time.RFC3339)
		}
	case errors.Is(err, ghapp.ErrNotFound):
		hint = "GitHub has no such app or API (404 Not Found): check --base, which names the server's web address (https://github.example.com), and --app-id"
	case errors.Is(err, ghapp.ErrForbidden):
		hint = "GitHub forbids the app this request (403 Forbidden)"
	case errors.Is(err, context.Canceled):
		hint = "interrupted before GitHub answered"
	case errors.Is(err, ghapp.ErrAPI):
		hint = "GitHub could not answer"
	default:
		hint = "GitHub cannot be reached"
	}
	a.errorf(cmd, "%s", err)
	a.errorf(cmd, "%s", hint)
	if o.format == formatGitHub {
		a.output(a.stdout).printf("::error title=%s::%s\n", trusted(escapeProperty("ghapp drift")), trusted(escapeData(safe(hint+": "+err.Error()))))
	}
	return exitInput
}

// driftJSON returns d as one JSON object for a program: whether the app is
// in sync, each difference, and the installations that lag. Every text is
// made safe to print.
func driftJSON(d *ghapp.Drift) []byte {
	type account struct {
		Login string `json:"login"`
		Type  string `json:"type"`
	}
	type appInfo struct {
		ID      int64   `json:"id"`
		Slug    string  `json:"slug"`
		Name    string  `json:"name"`
		Owner   account `json:"owner"`
		HTMLURL string  `json:"html_url"`
	}
	type permission struct {
		Permission string `json:"permission"`
		Change     string `json:"change"` // added, upgraded, downgraded, removed
		Live       string `json:"live"`   // the level on GitHub, "none" when absent
		Code       string `json:"code"`   // the level in the code
		Approval   string `json:"approval"`
	}
	type event struct {
		Event  string `json:"event"`
		Change string `json:"change"` // added, removed
	}
	type setting struct {
		Setting string `json:"setting"`
		Live    string `json:"live"`
		Code    string `json:"code"`
	}
	type pending struct {
		Permission string `json:"permission"`
		Granted    string `json:"granted"`   // the installation's level, "none" when absent
		Requested  string `json:"requested"` // the app's
	}
	type lagging struct {
		ID        int64     `json:"id"`
		Account   account   `json:"account"`
		Suspended bool      `json:"suspended"`
		Pending   []pending `json:"pending"`
		AcceptURL string    `json:"accept_url"`
	}
	out := struct {
		InSync         bool         `json:"in_sync"`
		NeedsApproval  bool         `json:"needs_approval"`
		App            appInfo      `json:"app"`
		BaseURL        string       `json:"base_url"`
		Permissions    []permission `json:"permissions"`
		Events         []event      `json:"events"`
		Settings       []setting    `json:"settings"`
		NotCompared    []string     `json:"not_compared"`
		PermissionsURL string       `json:"permissions_url"`
		SettingsURL    string       `json:"settings_url"`
		Installations  int          `json:"installations"`
		Suspended      int          `json:"suspended"`
		Lagging        []lagging    `json:"lagging"`
	}{
		InSync:        d.Empty(),
		NeedsApproval: d.NeedsApproval(),
		App: appInfo{d.App.ID, safe(d.App.Slug), safe(d.App.Name),
			account{safe(d.App.Owner.Login), safe(d.App.Owner.Type)}, safe(d.App.HTMLURL)},
		BaseURL:        originOf(d.Target),
		Permissions:    []permission{},
		Events:         []event{},
		Settings:       []setting{},
		NotCompared:    []string{},
		PermissionsURL: safe(d.PermissionsURL),
		SettingsURL:    safe(d.SettingsURL),
		Installations:  d.Installations,
		Suspended:      d.Suspended,
		Lagging:        []lagging{},
	}
	for _, part := range permissionParts(d.Registration.Permissions) {
		for _, c := range part.changes {
			out.Permissions = append(out.Permissions, permission{safe(string(c.Permission)), part.verb, c.Old.String(), c.New.String(), c.Approval().String()})
		}
	}
	for _, e := range d.Registration.AddedEvents {
		out.Events = append(out.Events, event{safe(string(e)), "added"})
	}
	for _, e := range d.Registration.RemovedEvents {
		out.Events = append(out.Events, event{safe(string(e)), "removed"})
	}
	for _, s := range d.Settings {
		out.Settings = append(out.Settings, setting{safe(s.Field), safe(s.Live), safe(s.Code)})
	}
	for _, n := range d.NotCompared {
		out.NotCompared = append(out.NotCompared, safe(n))
	}
	for _, l := range d.Lagging {
		lag := lagging{ID: l.ID, Account: account{safe(l.Account.Login), safe(l.Account.Type)}, Suspended: l.Suspended,
			Pending: []pending{}, AcceptURL: safe(l.AcceptURL)}
		for _, c := range slices.Concat(l.Pending.Added, l.Pending.Upgraded) {
			lag.Pending = append(lag.Pending, pending{safe(string(c.Permission)), c.Old.String(), c.New.String()})
		}
		out.Lagging = append(out.Lagging, lag)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		return []byte("null")
	}
	return []byte(strings.TrimSuffix(b.String(), "\n"))
}

// driftCommands returns d as GitHub Actions workflow commands: an error
// for each difference that makes the command exit 1: each between the
// registration and the code, placed on the code's line where the input has
// one, and each installation that has not accepted the app's permissions;
// a notice naming the settings that cannot be compared, and one when all
// is in sync.
func driftCommands(d *ghapp.Drift, reg *registration) string {
	type command struct {
		kind  string // error or notice
		field string // where it stands in the input; "" for nowhere
		text  string
	}
	var cmds []command
	permsAt := " Change it on the app's permissions page: " + d.PermissionsURL
	for _, part := range permissionParts(d.Registration.Permissions) {
		for _, c := range part.changes {
			p := string(c.Permission)
			var text string
			switch part.verb {
			case "added":
				text = "permission " + p + ": " + c.New.String() + " in the code, not on the app on GitHub"
			case "removed":
				text = "permission " + p + ": " + c.Old.String() + " on the app on GitHub, not in the code"
			default:
				text = "permission " + p + ": " + c.New.String() + " in the code, " + c.Old.String() + " on the app on GitHub"
			}
			switch c.Approval() {
			case ghapp.ApprovalInstallations:
				text += "; once changed, each installation's account must accept it."
			case ghapp.ApprovalUsers:
				text += "; once changed, each user who authorized the app must authorize it again."
			default:
				text += "; once changed, it takes effect at once."
			}
			cmds = append(cmds, command{"error", "default_permissions." + p, text + permsAt})
		}
	}
	for _, e := range d.Registration.AddedEvents {
		cmds = append(cmds, command{"error", eventField(reg, e), "event " + string(e) + ": subscribed to in the code, not by the app on GitHub." + permsAt})
	}
	for _, e := range d.Registration.RemovedEvents {
		cmds = append(cmds, command{"error", "default_events", "event " + string(e) + ": subscribed to by the app on GitHub, not in the code." + permsAt})
	}
	for _, s := range d.Settings {
		cmds = append(cmds, command{"error", s.Field, "setting " + s.Field + ": " + quoteValue(s.Code) + " in the code, " + quoteValue(s.Live) +
			" on the app on GitHub. Change it on the app's settings page: " + d.SettingsURL})
	}
	for _, l := range d.Lagging {
		var parts []string
		for _, c := range slices.Concat(l.Pending.Added, l.Pending.Upgraded) {
			parts = append(parts, c.String())
		}
		text := "installation " + strconv.FormatInt(l.ID, 10) + " on " + l.Account.Login + " (" + l.Account.Type + ") has not accepted " + strings.Join(parts, ", ")
		if l.AcceptURL != "" {
			text += "; its account accepts at " + l.AcceptURL
		}
		cmds = append(cmds, command{"error", "", text})
	}
	if len(d.NotCompared) > 0 {
		cmds = append(cmds, command{"notice", "", "not compared, as GitHub's API does not return them: " + strings.Join(d.NotCompared, ", ")})
	}
	if d.Empty() {
		cmds = append(cmds, command{"notice", "", "GitHub App " + d.App.Slug + " matches the code, and every installation has accepted its permissions"})
	}
	var b strings.Builder
	errs := 0
	for _, c := range cmds {
		props := []string{}
		if c.field != "" && !strings.HasPrefix(reg.name, "<") {
			at := reg.placeOf(&ghapp.FieldError{Field: c.field})
			props = append(props, "file="+escapeProperty(safe(at.file)))
			if at.line > 0 {
				props = append(props, "line="+strconv.Itoa(at.line), "col="+strconv.Itoa(at.column))
			}
		}
		props = append(props, "title="+escapeProperty("ghapp drift"))
		b.WriteString("::" + c.kind + " " + strings.Join(props, ",") + "::" + escapeData(safe(c.text)) + "\n")
		if c.kind == "error" {
			errs++
		}
	}
	if notices := len(cmds) - errs; errs > annotationLimit || notices > annotationLimit || len(cmds) > annotationJobLimit {
		note := "ghapp drift found " + plural(errs, "difference") + " and wrote " + plural(notices, "notice") + "; GitHub Actions shows " +
			strconv.Itoa(annotationLimit) + " of each kind as annotations for a step, so see this step's log for all of them"
		b.WriteString("::notice title=" + escapeProperty("ghapp drift") + "::" + escapeData(note) + "\n")
	}
	return b.String()
}

// eventField returns the field of event e in the registration's input:
// its place among the manifest's default_events, or the link's events[].
func eventField(reg *registration, e ghapp.Event) string {
	var events []ghapp.Event
	if reg.manifest != nil {
		events = reg.manifest.DefaultEvents
	} else {
		events = reg.config.Events
	}
	if i := slices.Index(events, e); i >= 0 {
		return elementField("default_events", i)
	}
	return "default_events"
}

// quoteValue quotes a setting's value, "(none)" when empty.
func quoteValue(s string) string {
	if s == "" {
		return "(none)"
	}
	return quote(s)
}
