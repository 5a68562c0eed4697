package ghapp

import (
	"bytes"
	"io"
	"net/url"
)

// formTemplate is the page WriteForm writes. html/template escapes each
// value for where it stands: the manifest in an attribute, the action as a
// URL. The script is fixed text: no value is ever written into it.
var formTemplate = lazyTemplate{name: "form", source: formSource}

const formSource = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Register a GitHub App</title>
</head>
<body>
<form id="ghapp-manifest-form" action="{{.Action}}" method="post">
<input type="hidden" name="manifest" value="{{.Manifest}}">
<p>Register the GitHub App{{if .Name}} <strong>{{.Name}}</strong>{{end}} on {{.Host}}.</p>
<button type="submit">Register on GitHub</button>
</form>
<script>` + formScript + `</script>
</body>
</html>
`

// formScript is the form page's one script, fixed text; formScriptHash is
// its SHA-256 for a Content-Security-Policy's script-src (a test checks it).
const (
	formScript     = `document.getElementById("ghapp-manifest-form").submit();`
	formScriptHash = "'sha256-wYE3eGwLt1eBYQHv4FmtIL7tb8m/UfUcQAJdmx9+loA='"
)

// WriteForm writes a complete HTML page that registers the app of m on t
// through the manifest flow: a form that POSTs the field "manifest" (m as
// JSON) to t's registration page, with state in the action's query. The page
// submits itself when scripts run and shows a button when they do not. Every
// value is escaped for its place in the page, so no name or description can
// change the page.
//
// state must be the value the redirect back to m.RedirectURL will carry
// (see [NewState] and [CheckState]); an empty state is an error. WriteForm
// checks t and m first, as [Config.RegistrationURL] does, including the
// permissions and events of t's plan, and writes nothing if anything is
// wrong.
//
// The page's one script is fixed text, so a Content-Security-Policy can
// allow it by hash: script-src
// 'sha256-wYE3eGwLt1eBYQHv4FmtIL7tb8m/UfUcQAJdmx9+loA='. [ManifestFlow]
// serves the page with that policy, form-action limited to the target's
// origin, and the other headers it needs.
func (m Manifest) WriteForm(w io.Writer, t Target, state string) error {
	page, _, err := m.formPage(t, state)
	if err != nil {
		return err
	}
	_, err = w.Write(page)
	return err
}

// formPage returns the page WriteForm writes and the origin its form posts
// to, or the problems with t, m and state.
func (m Manifest) formPage(t Target, state string) (page []byte, origin string, err error) {
	ck := checker{src: &manifestNames}
	if state == "" {
		ck.add(fieldErr("state", ErrRequired, "the manifest flow needs a state to check the redirect against; see NewState"))
	}
	origin, plan, terr := t.check()
	if terr != nil {
		ck.add(terr)
	}
	ck.manifest(&m, plan.set())
	if err := ck.join(); err != nil {
		return nil, "", err
	}
	host, _ := url.Parse(origin)
	var b bytes.Buffer
	err = formTemplate.get().Execute(&b, struct {
		Action   string
		Manifest string
		Name     string
		Host     string
	}{
		Action:   origin + t.registrationPath() + "?state=" + url.QueryEscape(state),
		Manifest: m.String(),
		Name:     m.Name,
		Host:     host.Host,
	})
	if err != nil {
		return nil, "", err
	}
	return b.Bytes(), origin, nil
}
