package ghapp

import (
	"html/template"
	"io"
	"net/url"
	"sync"
)

// formPage returns the page WriteForm writes, parsed on first use so that
// importing the package costs nothing. html/template escapes each value for
// where it stands: the manifest in an attribute, the action as a URL. The
// script is fixed text: no value is ever written into it.
func formPage() *template.Template {
	formOnce.Do(func() { formTemplate = template.Must(template.New("form").Parse(formSource)) })
	return formTemplate
}

var (
	formOnce     sync.Once
	formTemplate *template.Template
)

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
<script>document.getElementById("ghapp-manifest-form").submit();</script>
</body>
</html>
`

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
func (m Manifest) WriteForm(w io.Writer, t Target, state string) error {
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
		return err
	}
	host, _ := url.Parse(origin)
	return formPage().Execute(w, struct {
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
}
