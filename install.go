package ghapp

import (
	"errors"
	"strconv"
	"strings"
)

// MaxInstallRepositories is the most repositories an installation link may
// pre-select (repository_ids[]), as GitHub's documentation says.
const MaxInstallRepositories = 100

// maxSlugLength caps an app's slug. GitHub makes a slug from the app's
// name, at most [MaxNameLength] characters, and documents no limit of its
// own; the cap leaves room for names that get longer as slugs, and keeps
// an error's input short.
const maxSlugLength = 100

// An InstallRequest is a link that installs a GitHub App: the page on which
// a person picks an account and repositories and installs the app, or, as
// a member of an organization who may not install it, asks an owner to.
// Each field is one part of the link; [InstallRequest.URL] checks them and
// writes it, and [ParseInstallURL] reads one back.
//
// GitHub documents two forms. The plain one, .../installations/new, takes
// only state. The /permissions one, .../installations/new/permissions,
// suggests an account (suggested_target_id, which it requires) and the
// repositories to select (repository_ids[]); it is written when TargetID is
// set. Links seen in the wild also use target_id and target_type there;
// GitHub's pages do not document them, so URL never writes them and
// ParseInstallURL reports them.
type InstallRequest struct {
	// App is the app's slug ("octoapp"): the last part of its public page
	// ("Public link" on its settings page, [App.Slug]). It is required.
	App string
	// State comes back to the app with the person (state): GitHub returns
	// people to it "after they install, authenticate, or accept updates",
	// for example to tie the installation to the user or account that
	// started it. Read it with [ParseSetupRedirect] and compare it with
	// [CheckState]. GitHub documents it on the plain form and does not say
	// whether the /permissions form keeps it; URL writes it on either form,
	// last. GitHub documents no limit on its length or characters; URL
	// refuses control characters only.
	State string
	// TargetID suggests the account to install the app on, by its REST API
	// ID (suggested_target_id): a user's or an organization's "id".
	// Setting it writes the /permissions form. 0 leaves the choice to the
	// person.
	TargetID int64
	// RepositoryIDs pre-select repositories of that account, by their REST
	// API IDs (repository_ids[]), at most [MaxInstallRepositories] of them;
	// none selects all repositories, as GitHub's page then does. They need
	// TargetID, which the /permissions form requires.
	RepositoryIDs []int64
}

// URL returns the link that installs the app on t's GitHub:
// https://github.com/apps/SLUG/installations/new on github.com and
// GHE.com, and https://HOST/github-apps/SLUG/installations/new on GitHub
// Enterprise Server, as GitHub's pages give them; with TargetID, the
// /permissions form:
//
//	https://github.com/apps/octoapp/installations/new/permissions?suggested_target_id=1&repository_ids[]=1296269&repository_ids[]=1296270
//
// Parameters come in a fixed order, suggested_target_id, repository_ids[],
// state, escaped as registration links are (every byte but letters,
// digits, "-._~", ":" and "/" is percent-encoded), so the same request
// always gives the same link.
//
// It returns every problem at once, joined with [errors.Join], each a
// [*FieldError] named after its part of the link: slug missing
// ([ErrRequired]), not made of lower-case letters, digits, "-" and "_"
// ([ErrInvalidFormat]) or longer than 100 bytes ([ErrTooLong]); state
// holding control characters ([ErrInvalidText]); suggested_target_id or a
// repository ID not positive ([ErrInvalidFormat]); more than
// MaxInstallRepositories repositories ([ErrTooMany]), one given twice
// ([ErrDuplicate]), or repositories without suggested_target_id
// ([ErrRequired]); and t itself ([ErrInvalidTarget]), which must name no
// organization: the link is the same for every account, and TargetID
// suggests one.
func (r InstallRequest) URL(t Target) (string, error) {
	var errs []error
	origin, plan, err := t.forEveryAccount("an install link is the same for every account; suggest one with suggested_target_id (TargetID)")
	if err != nil {
		errs = append(errs, err)
	}
	if err := r.check(); err != nil {
		errs = append(errs, err)
	}
	if len(errs) > 0 {
		return "", errors.Join(errs...)
	}
	return r.encode(origin + appPagePrefix(plan) + r.App + "/installations/new"), nil
}

// appPagePrefix returns the path under which plan serves an app's public
// and install pages: /github-apps/ on GitHub Enterprise Server, /apps/
// elsewhere.
func appPagePrefix(plan Plan) string {
	if plan.GHES() {
		return "/github-apps/"
	}
	return "/apps/"
}

// check checks r's parts, every problem at once.
func (r InstallRequest) check() error {
	var l errorList
	if err := checkSlug("slug", r.App); err != nil {
		l.add(err)
	}
	if err := checkText("state", r.State, false); err != nil {
		l.add(err)
	}
	switch {
	case r.TargetID < 0:
		l.add(fieldErr("suggested_target_id", ErrInvalidFormat, "%d is not an account's ID, which is positive", r.TargetID))
	case r.TargetID == 0 && len(r.RepositoryIDs) > 0:
		l.add(fieldErr("suggested_target_id", ErrRequired,
			"GitHub needs the account whose repositories repository_ids[] selects (TargetID)"))
	}
	checkRepositories(&l, r.RepositoryIDs, nil)
	return l.join()
}

// checkRepositories adds the problems of a link's repository IDs to l: too
// many, not positive, given twice. at, when not nil, gives the position in
// the link of ids[i], for the field's index.
func checkRepositories(l *errorList, ids []int64, at []int) {
	if n := len(ids); n > MaxInstallRepositories {
		l.add(fieldErr("repository_ids[]", ErrTooMany, "%d repositories; GitHub pre-selects at most %d", n, MaxInstallRepositories))
	}
	pos := func(i int) int {
		if at != nil {
			return at[i]
		}
		return i
	}
	seen := make(map[int64]int, len(ids))
	for i, id := range ids {
		if id <= 0 {
			l.add(fieldErr(indexed("repository_ids", pos(i)), ErrInvalidFormat, "%d is not a repository's ID, which is positive", id))
			continue
		}
		if j, dup := seen[id]; dup {
			l.add(fieldErr(indexed("repository_ids", pos(i)), ErrDuplicate, "repository %d is already repository_ids[%d]", id, pos(j)))
			continue
		}
		seen[id] = i
	}
}

// checkSlug checks an app's slug, the part of a path that names the app.
func checkSlug(field, s string) *FieldError {
	switch {
	case s == "":
		return fieldErr(field, ErrRequired, "the app's slug is required")
	case len(s) > maxSlugLength:
		return fieldErr(field, ErrTooLong, "%d bytes; an app's slug is at most %d", len(s), maxSlugLength)
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return fieldErr(field, ErrInvalidFormat,
				"%s is not an app's slug: lower-case letters, digits, - and _, as in the app's public link", quoteBounded(s))
		}
	}
	return nil
}

// encode writes page followed by r's parameters in their fixed order.
func (r InstallRequest) encode(page string) string {
	var b linkBuilder
	b.start(page, len(page)+len("/permissions?suggested_target_id=")+20+36*len(r.RepositoryIDs)+7+3*len(r.State))
	var num [20]byte
	if r.TargetID != 0 {
		b.WriteString("/permissions")
		b.param("suggested_target_id")
		b.Write(strconv.AppendInt(num[:0], r.TargetID, 10))
		for _, id := range r.RepositoryIDs {
			b.param("repository_ids[]")
			b.Write(strconv.AppendInt(num[:0], id, 10))
		}
	}
	b.text("state", r.State)
	return b.String()
}

// ParseInstallURL reads an installation link back into the InstallRequest
// and Target that [InstallRequest.URL] would make it from. It reads what
// browsers and people write: "[]" raw or as %5B%5D, a space as %20 or "+",
// parameters in any order.
//
// It checks the link with the same rules as URL, and names every mistake a
// hand-written link can hold instead of ignoring it: a page other than an
// app's install page, or /apps/ on GitHub Enterprise Server and
// /github-apps/ elsewhere ([ErrInvalidTarget]); a parameter GitHub does not
// document ([ErrUnknownParameter]), target_id among them, which links seen
// in the wild use and which the error suggests replacing with
// suggested_target_id; suggested_target_id or repository_ids[] on the
// plain form, which documents only state ([ErrUnknownParameter]), and the
// /permissions form without suggested_target_id ([ErrRequired]); a
// parameter given twice ([ErrDuplicate]); an ID that is not a positive
// number ([ErrInvalidFormat]); text after "#", a bad escape, or a raw ";",
// which parsers disagree on (some take it for "&"; write %3B)
// ([ErrMalformed]). All problems come back at once, joined, at most twenty
// of one kind and then a count of the rest, each quoting at most 80 bytes
// of the link; the request and Target then hold what could be read.
//
// The Target's BaseURL is "" for https://github.com and the origin
// otherwise; its Plan is zero, except on a loopback host, which stands in
// for any GitHub: there an /apps/ link gives [PlanGitHubCom], so that URL
// writes the same link again.
func ParseInstallURL(raw string) (InstallRequest, Target, error) {
	var (
		r    InstallRequest
		t    Target
		errs errorList
	)
	u, ok := parseLinkURL(raw, &errs)
	if !ok {
		return r, t, errs.join()
	}
	if why := checkHost(u); why != "" {
		return r, t, fieldErr("base_url", ErrInvalidTarget, "%s", why)
	}
	origin, _, _, why := originOf(u)
	if why != "" {
		return r, t, fieldErr("base_url", ErrInvalidTarget, "%s", why)
	}
	if origin != githubOrigin {
		t.BaseURL = origin
	}
	if u.User != nil {
		errs.add(fieldErr("base_url", ErrInvalidTarget, "the link holds credentials"))
	}
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		errs.add(fieldErr("#", ErrMalformed, "%s after # never reaches GitHub; escape # as %%23", quoteBounded(raw[i+1:])))
	}

	prefix, slug, form, ok := splitInstallPath(u.EscapedPath())
	if !ok {
		errs.add(fieldErr("path", ErrInvalidTarget,
			"%s is not an app's install page (/apps/SLUG/installations/new, /github-apps/SLUG/installations/new on GitHub Enterprise Server, and their /permissions forms)",
			quoteBounded(u.EscapedPath())))
	}
	r.App = slug
	if _, hostPlan, loopback, err := parseBaseURL(t.BaseURL); err != nil {
		errs.add(asFieldError(err))
	} else if ok {
		switch {
		case loopback && prefix == "/apps/":
			t.Plan = PlanGitHubCom
		case loopback:
		case hostPlan.GHES() && prefix == "/apps/":
			errs.add(fieldErr("path", ErrInvalidTarget, "GitHub Enterprise Server serves install pages under /github-apps/, not /apps/"))
		case !hostPlan.GHES() && prefix == "/github-apps/":
			errs.add(fieldErr("path", ErrInvalidTarget, "%s serves install pages under /apps/; /github-apps/ is GitHub Enterprise Server's", t.webOrigin()))
		}
	}

	if ok {
		if err := checkSlug("slug", slug); err != nil {
			errs.add(err)
		}
	}
	at := r.readQuery(u.RawQuery, form == "/permissions", &errs)
	if err := checkText("state", r.State, false); err != nil {
		errs.add(err)
	}
	if form == "/permissions" && r.TargetID == 0 && !errs.has("suggested_target_id") {
		errs.add(fieldErr("suggested_target_id", ErrRequired, "the /permissions form needs the account to install on"))
	}
	checkRepositories(&errs, r.RepositoryIDs, at)
	return r, t, errs.join()
}

// webOrigin returns t's web origin ("https://github.com" for the zero
// BaseURL), or BaseURL as it is when it is not valid.
func (t Target) webOrigin() string {
	if origin, _, _, err := parseBaseURL(t.BaseURL); err == nil {
		return origin
	}
	return t.BaseURL
}

// asFieldError returns err as a *FieldError: the errors of resolve and
// parseBaseURL are always one.
func asFieldError(err error) *FieldError {
	var fe *FieldError
	if errors.As(err, &fe) {
		return fe
	}
	return &FieldError{Err: err}
}

// splitInstallPath splits an install page's escaped path into its prefix
// ("/apps/" or "/github-apps/"), the slug, and the form ("" or
// "/permissions"). A final "/" is allowed.
func splitInstallPath(path string) (prefix, slug, form string, ok bool) {
	path = strings.TrimSuffix(path, "/")
	switch {
	case strings.HasPrefix(path, "/apps/"):
		prefix = "/apps/"
	case strings.HasPrefix(path, "/github-apps/"):
		prefix = "/github-apps/"
	default:
		return "", "", "", false
	}
	rest := path[len(prefix):]
	slug, rest, _ = strings.Cut(rest, "/")
	switch rest {
	case "installations/new":
	case "installations/new/permissions":
		form = "/permissions"
	default:
		return "", "", "", false
	}
	if slug == "" {
		return "", "", "", false
	}
	return prefix, slug, form, true
}

// readQuery sets r from an install link's raw query, adding every problem
// to errs, and returns the position among the link's repository_ids[] of
// each of r.RepositoryIDs. permissions tells whether the link is the
// /permissions form.
func (r *InstallRequest) readQuery(rawQuery string, permissions bool, errs *errorList) (at []int) {
	var seen [2]bool // state, suggested_target_id
	repos := 0       // repository_ids[] met so far
	eachQueryParam(rawQuery, true, errs, nil, func(key, val string) {
		switch key {
		case "state", "suggested_target_id":
			i := 0
			if key == "suggested_target_id" {
				i = 1
			}
			if seen[i] {
				errs.add(fieldErr(key, ErrDuplicate, "given more than once; GitHub reads one value"))
				return
			}
			seen[i] = true
		}
		switch key {
		case "state":
			r.State = val
		case "suggested_target_id", "repository_ids[]":
			pos := -1 // the place among the link's repository_ids[]
			if key == "repository_ids[]" {
				pos, repos = repos, repos+1
			}
			fieldName := func() string { // made only for an error
				if pos < 0 {
					return key
				}
				return indexed("repository_ids", pos)
			}
			if !permissions {
				errs.add(fieldErr(fieldName(), ErrUnknownParameter,
					"GitHub reads %s on the /permissions form only (.../installations/new/permissions)", key))
				return
			}
			id, err := strconv.ParseInt(val, 10, 64)
			if err != nil || id <= 0 {
				errs.add(fieldErr(fieldName(), ErrInvalidFormat, "%s is not an ID: a positive decimal number", quoteBounded(val)))
				return
			}
			if key == "suggested_target_id" {
				r.TargetID = id
			} else {
				r.RepositoryIDs = append(r.RepositoryIDs, id)
				at = append(at, pos)
			}
		case "target_id", "target_type":
			// Links seen in the wild use these on the /permissions form;
			// GitHub's pages document suggested_target_id only.
			ne := &NameError{Name: key, Suggestion: "suggested_target_id", Err: ErrUnknownParameter}
			errs.add(&FieldError{Field: key, Err: &detail{err: ne,
				msg: "not documented by GitHub, though links seen in the wild use it; the documented parameter is suggested_target_id"}})
		default:
			if !errs.room(ErrUnknownParameter) {
				return // counted, not built
			}
			suggestion := ""
			switch strings.TrimSuffix(key, "[]") {
			case "repository_ids", "repository_id", "repository_ids[", "repositories":
				suggestion = "repository_ids[]"
			case "suggested_target", "target":
				suggestion = "suggested_target_id"
			}
			errs.put(unknownKey("", key, ErrUnknownParameter, suggestion, "", ""))
		}
	})
	return at
}

// has reports whether a problem with field is in l already.
func (l *errorList) has(field string) bool {
	for _, e := range l.errs {
		if fe, ok := e.(*FieldError); ok && fe.Field == field {
			return true
		}
	}
	return false
}
