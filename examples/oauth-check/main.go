// Command oauth-check shows two checks a CI job or a support tool can make
// with ghapp.
//
// Scopes: it compares the scopes an OAuth token has (an X-OAuth-Scopes
// header value) with those a tool needs, prints what is missing, and the
// authorize URL that asks for it while keeping the scopes the token has.
// Without -scopes it asks a local stand-in for GitHub's REST API, which
// answers a request as GitHub would for a token that lacks a scope, and
// reads the response's headers instead; without -required it then checks
// the scopes that response says its endpoint accepts.
//
//	go run ./examples/oauth-check
//	go run ./examples/oauth-check -scopes 'repo:status, read:org' -required repo,read:org,workflow
//
// Permissions: given two manifest files, the registration before and after
// a change, it prints how the permissions and events differ and whether
// installations will have to approve the change. It reads each file with
// ghapp.ReadManifest, so a manifest with a mistake (a misspelt key, an
// unknown permission) is reported rather than half read.
//
//	go run ./examples/oauth-check -old old.json -new new.json
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"

	"github.com/ghapp-dev/ghapp"
)

func main() {
	if err := run(os.Stdout, os.Args[1:]); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "oauth-check:", err)
		}
		os.Exit(2)
	}
}

// options are the command's flags.
type options struct {
	required  string // scopes the tool needs
	scopes    string // an X-OAuth-Scopes header value
	hasScopes bool   // -scopes was given, perhaps empty
	clientID  string
	base      string // the Target's BaseURL
	state     string // "" for a random one
	oldFile   string // the manifest before the change
	newFile   string // the manifest after the change
}

func run(w io.Writer, args []string) error {
	var o options
	fs := flag.NewFlagSet("oauth-check", flag.ContinueOnError)
	fs.StringVar(&o.required, "required", "", "the scopes the tool needs, as in `repo,read:org` (default: what the endpoint accepts)")
	fs.StringVar(&o.scopes, "scopes", "", "the token's X-OAuth-Scopes `header` (default: ask a local stand-in for GitHub)")
	fs.StringVar(&o.clientID, "client-id", "Ov23liExampleClient", "the OAuth app's client `ID`, for the authorize URL")
	fs.StringVar(&o.base, "base", "", "GitHub Enterprise Server or GHE.com `origin` (default: https://github.com)")
	fs.StringVar(&o.state, "state", "", "the authorize URL's `state` (default: a random one)")
	fs.StringVar(&o.oldFile, "old", "", "the manifest `file` before the change")
	fs.StringVar(&o.newFile, "new", "", "the manifest `file` after the change")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	fs.Visit(func(f *flag.Flag) { o.hasScopes = o.hasScopes || f.Name == "scopes" })

	if o.oldFile != "" || o.newFile != "" {
		if o.oldFile == "" || o.newFile == "" {
			return errors.New("-old and -new go together")
		}
		return diffManifests(w, o.oldFile, o.newFile)
	}
	if o.hasScopes && o.required == "" {
		return errors.New("-scopes needs -required: the scopes to check it against")
	}
	return checkScopes(w, o)
}

// checkScopes prints what the token lacks and the authorize URL that asks
// for it.
func checkScopes(w io.Writer, o options) error {
	var required []ghapp.Scope
	if o.required != "" {
		var err error
		if required, err = ghapp.ParseScopes(o.required); err != nil {
			return err
		}
	}
	var (
		granted []ghapp.Scope
		missing *ghapp.MissingScopesError
	)
	if o.hasScopes {
		granted = ghapp.SplitScopes(o.scopes)
	} else {
		resp, err := askStandIn()
		if err != nil {
			return err
		}
		granted = ghapp.SplitScopes(strings.Join(resp.Header.Values(ghapp.HeaderOAuthScopes), ","))
		fmt.Fprintf(w, "GitHub answered %s; X-OAuth-Scopes: %s; X-Accepted-OAuth-Scopes: %s\n",
			resp.Status, resp.Header.Get(ghapp.HeaderOAuthScopes), resp.Header.Get(ghapp.HeaderAcceptedOAuthScopes))
		if o.required == "" {
			if err := ghapp.CheckResponseScopes(resp.Header); err != nil && !errors.As(err, &missing) {
				return err
			}
		}
	}
	if o.required != "" {
		if m := ghapp.MissingScopes(granted, required); m != nil {
			missing = &ghapp.MissingScopesError{Granted: granted, Missing: m}
		}
	}
	fmt.Fprintf(w, "token has: %s\n", list(granted))
	if missing == nil {
		fmt.Fprintln(w, "missing: nothing")
		return nil
	}
	fmt.Fprintf(w, "missing: %s\n", list(missing.Missing))
	if len(missing.AnyOf) > 1 {
		fmt.Fprintf(w, "  (the endpoint accepts any one of %s)\n", list(missing.AnyOf))
	}

	state := o.state
	if state == "" {
		var err error
		if state, err = ghapp.NewState(); err != nil {
			return err
		}
	}
	link, err := ghapp.AuthorizeRequest{
		ClientID: o.clientID,
		State:    state,
		Scopes:   missing.Request(),
	}.URL(ghapp.Target{BaseURL: o.base})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "authorize again, keeping what the token has: %s\n", link)
	return nil
}

// askStandIn asks a local stand-in for GitHub's REST API for the hooks of
// a repository, with a token that has repo:status and read:org. It answers
// as GitHub does when a token lacks the scope: 404, with the token's scopes
// and those the endpoint accepts in the headers.
func askStandIn() (*http.Response, error) {
	api := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(ghapp.HeaderOAuthScopes, "read:org, repo:status")
		w.Header().Set(ghapp.HeaderAcceptedOAuthScopes, "admin:repo_hook, read:repo_hook, repo, write:repo_hook")
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, `{"message":"Not Found","status":"404"}`)
	}))
	defer api.Close()
	req, err := http.NewRequest(http.MethodGet, api.URL+"/repos/octo-org/octo-repo/hooks", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer gho_stand-in")
	resp, err := api.Client().Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	_, err = io.Copy(io.Discard, resp.Body)
	return resp, err
}

// diffManifests prints how the permissions and events of two manifests
// differ.
func diffManifests(w io.Writer, oldFile, newFile string) error {
	var cs [2]ghapp.Config
	for i, name := range []string{oldFile, newFile} {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		m, err := ghapp.ReadManifest(f)
		f.Close()
		if err != nil {
			return fmt.Errorf("%s:\n%w", name, err)
		}
		if cs[i], err = m.Config(); err != nil {
			return fmt.Errorf("%s:\n%w", name, err)
		}
	}
	d := ghapp.DiffConfigs(cs[0], cs[1])
	fmt.Fprintln(w, d)
	return nil
}

func list(scopes []ghapp.Scope) string {
	if len(scopes) == 0 {
		return "(none)"
	}
	names := make([]string, len(scopes))
	for i, s := range scopes {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}
