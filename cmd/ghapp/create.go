package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"time"

	"github.com/ghapp-dev/ghapp"
)

// createOptions are create's flags.
type createOptions struct {
	targetFlags
	readOptions
	env       string
	overwrite bool
	timeout   time.Duration
}

// createFlags defines create's flags.
func createFlags(fs *flag.FlagSet) func(*app, *flag.FlagSet, []string) int {
	var o createOptions
	o.targetFlags.register(fs, true)
	registerAllowUnknown(fs, &o.readOptions)
	fs.StringVar(&o.env, "env", ".env", "write the new app's credentials to the env `FILE`, mode 0600, with Probot's variable names")
	fs.BoolVar(&o.overwrite, "overwrite", false, "replace an existing env file, once the new one is complete (without it, an existing file is refused before anything is served)")
	fs.DurationVar(&o.timeout, "timeout", ghapp.DefaultLoopbackTimeout, "give up after `DURATION` without an app created; an exchange under way is let finish")
	return func(a *app, _ *flag.FlagSet, args []string) int { return a.create(o, args) }
}

// loopbackRedirect stands for the address ServeLoopback listens on while
// the manifest is checked, before it listens: the flow replaces it.
const loopbackRedirect = "http://127.0.0.1/callback"

// create registers the app args[0] describes through the manifest flow:
// it checks the manifest for the target and the env file, serves the flow
// on a loopback address, prints the address to open, and once GitHub has
// sent the browser back and the code is exchanged, writes the credentials
// to o.env (never to the terminal) and prints the app's page and its
// installation link.
func (a *app) create(o createOptions, args []string) int {
	const cmd = "create"
	if len(args) != 1 {
		return a.usageError(cmd, "want one FILE or LINK, have %d", len(args))
	}
	if o.env == "" {
		return a.usageError(cmd, "--env names no file")
	}
	if o.timeout <= 0 {
		return a.usageError(cmd, "--timeout %s: not a positive duration", trusted(o.timeout.String()))
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
		return a.report(cmd, formatText, reg.name, fs)
	}
	if reg.form == formLink && !o.targetFlags.given() {
		t = reg.target // a link names its own GitHub and account
	}
	m := a.manifestOf(reg, &fs)
	if m.RedirectURL != "" {
		fs = append(fs, newFinding(newProblem("redirect_url", ghapp.ErrNotSettable,
			"ghapp create sends GitHub back to its own loopback address; this redirect_url is not used"),
			reg.placeOf(&ghapp.FieldError{Field: "redirect_url"}), severityWarning))
	}
	// Check the manifest as the flow will post it to the target, before
	// anything is served.
	check := m
	check.RedirectURL = loopbackRedirect
	if err := check.WriteForm(io.Discard, t, "ghapp-create"); err != nil && !hasErrors(fs) {
		fs = append(fs, findingsOf(err, reg.placeOf, severityError)...)
	}
	if code := a.report(cmd, formatText, reg.name, fs); code != exitOK {
		return code
	}
	if code, err := checkEnvFile(o.env, o.overwrite); err != nil {
		if code == exitUsage {
			return a.usageError(cmd, "%s", err)
		}
		a.errorf(cmd, "%s", err)
		return code
	}

	// From here on, requests run while the command waits: its output is
	// written by one goroutine at a time.
	a = a.locked()
	ctx, stop := a.interrupt(context.Background())
	defer stop()
	// The deadline is the command's own, on ctx, so that a timeout of the
	// whole run tells itself apart from a timeout of the code's exchange,
	// which wraps context.DeadlineExceeded too; ServeLoopback's own bound
	// is set beyond it.
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	var (
		saved  savedCredentials
		served bool // Ready was called: the flow listens
	)
	flow := &ghapp.ManifestFlow{
		Manifest: func(*http.Request) (ghapp.Manifest, ghapp.Target, error) { return m, t, nil },
		// ServeLoopback replaces it with its own address.
		RedirectURL: loopbackRedirect,
		Created: func(_ http.ResponseWriter, _ *http.Request, c *ghapp.AppCredentials) error {
			return saved.save(c, o.env, o.overwrite)
		},
		OnError: func(_ *http.Request, err error) {
			if !errors.Is(err, errNotSaved) { // said once the flow ends
				a.errorf(cmd, "%s", err)
			}
		},
	}
	creds, err := ghapp.ServeLoopback(ctx, flow, ghapp.LoopbackOptions{
		Timeout: o.timeout + time.Minute,
		Ready: func(startURL string) {
			served = true
			account := "your personal account"
			if t.Organization != "" {
				account = "the organization " + t.Organization
			}
			name := "the app"
			if m.Name != "" {
				name = quote(m.Name)
			}
			out := a.output(a.stdout)
			out.printf("Open %s in a browser to register %s on %s, for %s.\n", startURL, trusted(name), originOf(t), account)
			out.printf("Waiting for GitHub to send the browser back (Ctrl-C stops; ghapp gives up after %s).\n", trusted(o.timeout.String()))
		},
	})
	if creds == nil {
		return a.flowFailed(ctx, err, served, o.timeout)
	}
	return a.created(creds, t, &saved, o.env)
}

// flowFailed says why the flow ended without an app, and returns
// exitInput. Once it served, only an interruption, the timeout or a
// failed exchange of GitHub's code end it.
func (a *app) flowFailed(ctx context.Context, err error, served bool, timeout time.Duration) int {
	const cmd = "create"
	switch stopped := ctx.Err(); {
	case !served:
		a.errorf(cmd, "cannot serve the manifest flow: %s", err)
	case stopped != nil && errors.Is(err, stopped) && errors.Is(stopped, context.Canceled):
		a.errorf(cmd, "interrupted before GitHub sent the browser back: no credentials came, and nothing was written")
	case stopped != nil && errors.Is(err, stopped):
		a.errorf(cmd, "no app was created within --timeout %s: no credentials came, and nothing was written", trusted(timeout.String()))
	default:
		// OnError has said what failed.
		a.errorf(cmd, "the code GitHub sent back could not be exchanged, and nothing was written; if you confirmed the app on GitHub, it may exist without its credentials: find it among the GitHub Apps of your account's (or organization's) developer settings and generate a private key and a client secret there")
	}
	return exitInput
}

// created says what became of the new app and its credentials: where they
// were written, the app's page and its installation link; and when they
// could not be written where asked, where they are or how to get new
// ones. It returns exitOK only when they are in the env file.
func (a *app) created(c *ghapp.AppCredentials, t ghapp.Target, s *savedCredentials, env string) int {
	const cmd = "create"
	s.mu.Lock()
	defer s.mu.Unlock()
	out := a.output(a.stdout)
	owner := ""
	if c.Owner.Login != "" {
		owner = ", owned by " + c.Owner.Login
	}
	out.printf("Created %s (app ID %d)%s.\n", trusted(quote(c.Name)), c.ID, owner)
	code := exitOK
	switch {
	case s.path == env:
		out.printf("Credentials written to %s (mode 0600): APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET.\n", env)
	case s.path != "":
		a.errorf(cmd, "writing the credentials to %s failed: %s", env, s.err)
		out.printf("Credentials written to %s instead (mode 0600); rename it to %s once that is fixed.\n", s.path, env)
		code = exitInput
	default:
		a.errorf(cmd, "writing the credentials to %s failed: %s", env, s.err)
		if s.fallback != "" {
			a.errorf(cmd, "and to %s: %s", s.fallback, s.fbErr)
		}
		settings := c.HTMLURL
		if u, err := (&ghapp.App{Slug: c.Slug, Owner: c.Owner}).SettingsURL(ghapp.Target{BaseURL: t.BaseURL, Plan: t.Plan}); err == nil {
			settings = u
		}
		a.errorf(cmd, "the app exists, but GitHub gives its secrets only once, and ghapp prints none: on the app's settings page, %s, generate a new private key and a new client secret (and set a webhook secret) to act as the app", settings)
		code = exitInput
	}
	if c.HTMLURL != "" {
		out.printf("App page:   %s\n", c.HTMLURL)
		out.printf("Install it: %s\n", c.InstallURL())
	}
	if out.err != nil {
		a.errorf(cmd, "%s", out.err)
		code = exitInput
	}
	return code
}

// errNotSaved marks the error Created returns when the credentials could
// be written nowhere.
var errNotSaved = errors.New("the credentials could not be saved")

// savedCredentials is where Created saved the credentials, for create to
// say once the flow has ended.
type savedCredentials struct {
	mu       sync.Mutex
	path     string // where they are, "" when nowhere
	err      error  // writing the env file
	fallback string // the other file tried, when writing the env file failed
	fbErr    error  // writing the other file
}

// save writes c to the env file env; when that fails, to a new file next
// to it, so that the credentials GitHub gives once are not lost. It
// returns an error wrapping errNotSaved when neither could be written.
func (s *savedCredentials) save(c *ghapp.AppCredentials, env string, overwrite bool) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err = c.WriteEnvFile(env, overwrite); s.err == nil {
		s.path = env
		return nil
	}
	for i := 0; i < 10; i++ {
		s.fallback = fallbackName(env, c.ID, i)
		s.fbErr = c.WriteEnvFile(s.fallback, false)
		if s.fbErr == nil {
			s.path = s.fallback
			return nil
		}
		if !errors.Is(s.fbErr, fs.ErrExist) {
			break
		}
	}
	return fmt.Errorf("%w: %w", errNotSaved, s.err)
}

// fallbackName returns the i-th name to try next to env for an app's
// credentials that could not be written to env: ".env.app-12345",
// ".env.app-12345-1", ...
func fallbackName(env string, id int64, i int) string {
	name := env + ".app-" + strconv.FormatInt(id, 10)
	if i > 0 {
		name += "-" + strconv.Itoa(i)
	}
	return name
}

// checkEnvFile reports, before anything is served, an env file that could
// not be written once the app exists: one that exists, without overwrite
// (exitUsage); one that is not a regular file, or a folder that takes no
// new file (exitInput). WriteEnvFile checks again when it writes.
func checkEnvFile(path string, overwrite bool) (int, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return exitInput, err
	case !fi.Mode().IsRegular():
		return exitInput, fmt.Errorf("--env %s is not a regular file (a link, a folder, a FIFO): ghapp writes no credentials through it", path)
	case !overwrite:
		return exitUsage, fmt.Errorf("--env %s exists: give --overwrite to replace it once the new credentials are complete, or name another file", path)
	}
	// Make sure the folder takes a new file (WriteEnvFile writes one there
	// and renames it), rather than find out once the app exists.
	probe, err := os.CreateTemp(filepath.Dir(path), ".ghapp-probe-*")
	if err != nil {
		return exitInput, fmt.Errorf("--env %s: cannot write a file in its folder: %w", path, err)
	}
	name := probe.Name()
	probe.Close()
	if err := os.Remove(name); err != nil {
		return exitInput, fmt.Errorf("--env %s: %w", path, err)
	}
	return exitOK, nil
}

// A lockedWriter lets one goroutine at a time write to w.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// locked returns a copy of a whose stdout and stderr take one write at a
// time, for a command whose requests write while it waits.
func (a *app) locked() *app {
	mu := &sync.Mutex{}
	b := *a
	b.stdout = &lockedWriter{mu, a.stdout}
	b.stderr = &lockedWriter{mu, a.stderr}
	return &b
}
