package main

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

func TestRun(t *testing.T) {
	var b strings.Builder
	if err := run(&b, []string{"check_run", "milestone", "installation", "sponsorship", "meta"}); err != nil {
		t.Fatal(err)
	}
	want := `check_run: needs at least read on checks (repository)
milestone: needs at least read on issues (repository) or pull_requests (repository)
installation: every app receives it; it cannot be chosen
sponsorship: apps cannot subscribe to it
meta: any app may subscribe
`
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("output mismatch (-want +got):\n%s", diff)
	}
	if err := run(&b, []string{"check-run"}); !errors.Is(err, ghapp.ErrUnknownEvent) {
		t.Errorf("run(check-run) error = %v, want ErrUnknownEvent", err)
	}
}
