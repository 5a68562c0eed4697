// Package browsertest holds ghapp's test in a real browser: headless
// Chromium opens the manifest flow's form page, the page submits itself, and
// the test checks what reaches a stand-in for GitHub's registration page.
//
// It is a module of its own so that the library's importers and its own
// test run never need a browser. Run it with "go test ./..." in this
// folder; it needs Debian's chromium package (/usr/bin/chromium, or the
// CHROMIUM environment variable). Without a browser it is skipped, except
// in CI (CI=true), where that is a failure.
package browsertest
