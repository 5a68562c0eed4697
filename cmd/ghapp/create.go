package main

import "flag"

// createOptions are create's flags: the interface the manifest flow on
// loopback will have.
type createOptions struct {
	targetFlags
	readOptions
	env string
}

// createFlags defines create's flags. The flow itself waits for
// ghapp.ManifestFlow: fill in a.create, and drop the pending mark in the
// command table (commands.go).
func createFlags(fs *flag.FlagSet) func(*app, *flag.FlagSet, []string) int {
	var o createOptions
	o.targetFlags.register(fs, false)
	registerAllowUnknown(fs, &o.readOptions)
	fs.StringVar(&o.env, "env", ".env", "write the new app's credentials to the env `FILE`, mode 0600, with Probot's variable names")
	return func(a *app, _ *flag.FlagSet, args []string) int { return a.create(o, args) }
}

// create will register the app args[0] describes through the manifest
// flow: serve the form on a loopback address, print the address to open,
// take GitHub's redirect, exchange the code, write the credentials to
// o.env (never to the terminal), and print the app's page and its
// installation link. It reads its input as the other subcommands do:
//
//	regs, fs, code := a.readOne("create", args[0], o.readOptions)
//
// and the target with o.target().
func (a *app) create(o createOptions, args []string) int {
	_ = o
	_ = args
	return a.pending("create")
}
