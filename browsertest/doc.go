// Package browsertest holds ghapp's tests in a real browser, headless
// Chromium driven over the DevTools protocol with chromedp:
//
//   - TestManifestFlowInChromium runs the whole manifest flow:
//     ghapp.ManifestFlow serves the start page on http://127.0.0.1:PORT,
//     the page submits itself to a stand-in for GitHub's registration page
//     on http://localhost:PORT2 (another site, as github.com is), a click
//     there sends the browser back with a code, and the handler checks the
//     flow's cookie, exchanges the code with the stand-in's API (GitHub's
//     documented answer) and sends the browser to the installation page;
//   - TestFormSubmitsItselfInChromium checks that Manifest.WriteForm's page
//     posts a hostile manifest and state byte for byte.
//
// It is a module of its own so that the library's importers and its own
// test run never download chromedp or need a browser. Run it with
// "go test ./..." in this folder; it needs Debian's chromium package
// (/usr/bin/chromium, or the CHROMIUM environment variable). Without a
// browser it is skipped, except in CI (CI=true), where that is a failure.
package browsertest
