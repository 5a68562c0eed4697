package main

import (
	"flag"
	"strings"

	"github.com/ghapp-dev/ghapp"
)

// scopesOptions are the flags of scopes check.
type scopesOptions struct {
	granted, required string
	clientID, base    string
	format            string
}

func scopesFlags(fs *flag.FlagSet) func(*app, *flag.FlagSet, []string) int {
	var o scopesOptions
	fs.StringVar(&o.granted, "granted", "", "the `SCOPES` the token has, as GitHub's X-OAuth-Scopes header lists them (\"\" for none)")
	fs.StringVar(&o.required, "required", "", "the `SCOPES` the tool needs, separated by commas or spaces")
	fs.StringVar(&o.clientID, "client-id", "", "the OAuth app's client `ID`, for the authorize link that asks for what is missing")
	fs.StringVar(&o.base, "base", "", "the GitHub Enterprise Server or GHE.com web `URL` of the authorize link (default https://github.com)")
	fs.StringVar(&o.format, "format", formatText, "write the answer as `FORMAT`: text or json")
	return func(a *app, fs *flag.FlagSet, args []string) int {
		if len(args) == 0 || args[0] != "check" {
			what := "no subcommand"
			if len(args) > 0 {
				what = "unknown subcommand " + quote(args[0]) + didYouMean(args[0], []string{"check"})
			}
			return a.usageError("scopes", "%s: the subcommand is check", trusted(what))
		}
		if len(args) > 1 {
			return a.usageError("scopes", "check takes no arguments, only flags; have %s", quote(args[1]))
		}
		granted := false
		fs.Visit(func(f *flag.Flag) { granted = granted || f.Name == "granted" })
		if !granted {
			return a.usageError("scopes", "--granted is required (--granted '' for a token without scopes)")
		}
		return a.scopesCheck(o)
	}
}

// scopesCheck says what of the scopes a tool needs a token lacks, the
// scopes to ask for in a new authorization, and the link that asks.
func (a *app) scopesCheck(o scopesOptions) int {
	if err := checkFormat(o.format, formatText, formatJSON); err != nil {
		return a.usageError("scopes", "%s", err)
	}
	if strings.TrimSpace(o.required) == "" {
		return a.usageError("scopes", "--required names no scope")
	}
	required, err := ghapp.ParseScopes(o.required)
	if err != nil {
		var msgs []string
		for _, fe := range fieldErrors(err) {
			msgs = append(msgs, message(fe))
		}
		return a.usageError("scopes", "--required: %s", strings.Join(msgs, "; "))
	}
	granted := ghapp.SplitScopes(o.granted)
	var unknown []ghapp.Scope
	for _, s := range granted {
		if !s.Known() {
			unknown = append(unknown, s)
		}
	}
	missing := ghapp.MissingScopes(granted, required)
	var (
		request []ghapp.Scope
		link    string
	)
	if missing != nil {
		request = (&ghapp.MissingScopesError{Granted: granted, Missing: missing}).Request()
		if o.clientID != "" {
			link, err = ghapp.AuthorizeRequest{ClientID: o.clientID, Scopes: request}.URL(ghapp.Target{BaseURL: o.base})
			if err != nil {
				var msgs []string
				for _, fe := range fieldErrors(err) {
					msgs = append(msgs, "--"+flagOf(fe.Field)+": "+message(fe))
				}
				return a.usageError("scopes", "%s", strings.Join(msgs, "; "))
			}
		}
	}
	out := a.output(a.stdout)
	if o.format == formatJSON {
		data := marshalJSON(struct {
			Granted      []string `json:"granted"`
			Required     []string `json:"required"`
			Missing      []string `json:"missing"`
			Request      []string `json:"request"`
			AuthorizeURL string   `json:"authorize_url,omitempty"`
			Unknown      []string `json:"unknown_granted"`
		}{names(granted), names(required), names(missing), names(request), link, names(unknown)})
		out.printf("%s\n", trusted(data))
	} else {
		out.printf("granted:   %s\n", list(granted))
		out.printf("required:  %s\n", list(required))
		if len(unknown) > 0 {
			out.printf("note:      ghapp's catalogue does not know %s, granted as given: each counts only for itself\n", list(unknown))
		}
		if missing == nil {
			out.printf("missing:   %s\n", out.paint(styleGreen, "nothing"))
		} else {
			out.printf("missing:   %s\n", out.paint(styleRed, list(missing)))
			out.printf("ask for:   %s (what the token has and what it lacks: a new authorization gets only what it asks for)\n", list(request))
			if link != "" {
				out.printf("authorize: %s\n", link)
			} else {
				out.printf("authorize: give --client-id for the link that asks for them\n")
			}
		}
	}
	if out.err != nil {
		a.errorf("scopes", "%s", out.err)
		return exitInput
	}
	if missing != nil {
		return exitFindings
	}
	return exitOK
}

// flagOf names the flag an authorize request's parameter comes from.
func flagOf(param string) string {
	switch param {
	case "client_id":
		return "client-id"
	case "scope":
		return "required"
	}
	return "base"
}

func names(scopes []ghapp.Scope) []string {
	out := make([]string, len(scopes))
	for i, s := range scopes {
		out[i] = safe(string(s))
	}
	return out
}

func list(scopes []ghapp.Scope) string {
	if len(scopes) == 0 {
		return "(none)"
	}
	return strings.Join(names(scopes), ", ")
}
