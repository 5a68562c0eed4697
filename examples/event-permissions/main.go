// Command event-permissions prints, for each webhook event named on the
// command line, what a GitHub App needs before it may subscribe.
//
//	go run ./examples/event-permissions check_run milestone sponsorship
package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ghapp-dev/ghapp"
)

func main() {
	args := os.Args[1:]
	if len(args) == 0 {
		args = []string{"check_run", "milestone", "installation", "sponsorship"}
	}
	if err := run(os.Stdout, args); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func run(w io.Writer, names []string) error {
	for _, name := range names {
		e, err := ghapp.ParseEvent(name)
		if err != nil {
			return err
		}
		switch {
		case e.AlwaysDelivered():
			fmt.Fprintf(w, "%s: every app receives it; it cannot be chosen\n", e)
		case !e.Subscribable():
			fmt.Fprintf(w, "%s: apps cannot subscribe to it\n", e)
		case len(e.RequiredPermissions()) == 0:
			fmt.Fprintf(w, "%s: any app may subscribe\n", e)
		default:
			var alts []string
			for _, p := range e.RequiredPermissions() {
				alts = append(alts, fmt.Sprintf("%s (%s)", p, p.Resource()))
			}
			fmt.Fprintf(w, "%s: needs at least read on %s\n", e, strings.Join(alts, " or "))
		}
	}
	return nil
}
