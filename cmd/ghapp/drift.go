package main

import "flag"

// driftOptions are drift's flags: the interface the comparison with the
// live app will have.
type driftOptions struct {
	readOptions
	base   string
	appID  int64
	key    string
	format string
}

// driftFlags defines drift's flags. The comparison itself waits for the
// library's reading of the live app: fill in a.drift, and drop the
// pending mark in the command table (commands.go).
func driftFlags(fs *flag.FlagSet) func(*app, *flag.FlagSet, []string) int {
	var o driftOptions
	registerAllowUnknown(fs, &o.readOptions)
	fs.StringVar(&o.base, "base", "", "the GitHub Enterprise Server or GHE.com web `URL` (default https://github.com)")
	fs.Int64Var(&o.appID, "app-id", 0, "the app's `ID`, which its JSON Web Tokens name")
	fs.StringVar(&o.key, "key", "", "the app's private key, a PEM `FILE`")
	fs.StringVar(&o.format, "format", formatText, "write the drift as `FORMAT`: text, json or github")
	return func(a *app, _ *flag.FlagSet, args []string) int { return a.drift(o, args) }
}

// drift will compare the registration args[0] describes with the live app
// and its installations, and exit 1 when they differ (exitFindings), 3
// when GitHub cannot be asked (exitInput).
func (a *app) drift(o driftOptions, args []string) int {
	_ = o
	_ = args
	return a.pending("drift")
}
