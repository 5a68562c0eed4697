package ghapp

// classicPath is the page of a new classic personal access token.
const classicPath = "/settings/tokens/new"

// A ClassicTokenRequest is a link that pre-fills GitHub's page for a new
// personal access token (classic) with its scopes and note:
//
//	https://github.com/settings/tokens/new?scopes=repo,gist&description=NAME
//
// GitHub does not document this link or its two parameters, scopes and
// description; it is what GitHub's own gh CLI and many other tools print,
// and GitHub's page has read it for years, but GitHub may change it without
// notice. GitHub documents a pre-filled link for fine-grained tokens only
// (see [FineGrainedTokenRequest]), and recommends those.
type ClassicTokenRequest struct {
	// Description is the token's note (description), on one line.
	Description string
	// Scopes are the scopes the token is to have (scopes). The link holds
	// the smallest set that grants them all: [NormalizeScopes] of them.
	Scopes []Scope
}

// URL returns the link that opens GitHub's page for a new personal access
// token (classic) on t, filled in with r: https://github.com/settings/tokens/new,
// on t's host for GitHub Enterprise Server and GHE.com, with scopes (the
// normalised scopes, sorted, separated by commas) and then description,
// escaped as registration links are.
//
// It returns every problem at once, joined with [errors.Join], each a
// [*FieldError] named after its parameter: a scope the catalogue does not
// know or GitHub retired ([ErrUnknownScope], [ErrRetired]), one t's plan
// lacks ([ErrNotOnPlan]), offline_access, which only the OAuth flow takes
// ([ErrNotSettable]); a description holding control characters
// ([ErrInvalidText]); and t itself ([ErrInvalidTarget]), which must name no
// organization: the page is the user's.
func (r ClassicTokenRequest) URL(t Target) (string, error) {
	var errs errorList
	origin, plan, err := t.check()
	switch {
	case err != nil:
		errs.add(err)
	case t.Organization != "":
		errs.add(fieldErr("organization", ErrInvalidTarget,
			"the token page is the user's; leave the organization out"))
	}
	var plans planSet // 0: any, for a loopback host without a plan
	if _, _, loopback, _ := parseBaseURL(t.BaseURL); plan != 0 && !(loopback && t.Plan == 0) {
		plans = plan.set()
	}
	r.check(plans, &errs)
	if errs.len() > 0 {
		return "", errs.join()
	}
	return r.encode(origin + classicPath), nil
}

// check adds the problems of r's parameters to errs; when plans is not 0,
// it also checks that one of them knows each scope.
func (r ClassicTokenRequest) check(plans planSet, errs *errorList) {
	for _, s := range r.Scopes {
		switch {
		case !s.Known():
			if errs.room(ErrUnknownScope) { // the suggestion costs
				errs.put(unknownScope("scopes", string(s)))
			}
		case !s.Reported():
			errs.add(fieldErr("scopes", ErrNotSettable, "%s asks the OAuth flow for an expiring token; a personal access token has no such scope", s))
		case plans != 0 && s.info().plans&plans == 0:
			errs.add(fieldErr("scopes", ErrNotOnPlan, "%s is not on %v", s, plans))
		}
	}
	if err := checkText("description", r.Description, false); err != nil {
		errs.add(err)
	}
}

// encode writes page followed by r's parameters.
func (r ClassicTokenRequest) encode(page string) string {
	scopes := NormalizeScopes(r.Scopes)
	var b linkBuilder
	b.start(page, len(page)+32+3*len(r.Description)+16*len(scopes))
	if len(scopes) > 0 {
		b.param("scopes")
		for i, s := range scopes {
			if i > 0 {
				b.WriteByte(',')
			}
			b.escaped(string(s))
		}
	}
	b.text("description", r.Description)
	return b.String()
}

// ParseClassicTokenURL reads a pre-filled classic token link back into the
// request and Target that [ClassicTokenRequest.URL] would make it from: the
// scopes in the order the link gives them (separated by commas, spaces or
// both), and the description. As for URL, GitHub does not document the link.
//
// It names every mistake instead of ignoring it: a scope the catalogue does
// not know ([ErrUnknownScope]), a parameter given twice ([ErrDuplicate]) or
// one the page does not read ([ErrUnknownParameter], suggesting scopes for
// scope and description for note), text after "#", a bad escape, or a raw
// ";", which parsers disagree on (write %3B) ([ErrMalformed]), and a page
// other than the token page ([ErrInvalidTarget]), with the other rules of
// URL. All problems come back at once, joined, at most twenty of one kind
// and then a count of the rest, each quoting at most 80 bytes of the link;
// the request and Target then hold what could be read. The Target's
// BaseURL is "" for https://github.com and the origin otherwise; its Plan
// is zero.
func ParseClassicTokenURL(raw string) (ClassicTokenRequest, Target, error) {
	var (
		r    ClassicTokenRequest
		errs errorList
	)
	t, rawQuery, ok := parseTokenLink(raw, classicPath, &errs)
	if !ok {
		return r, t, errs.join()
	}
	var plans planSet // the plans the link may be for, as for registration links
	if _, _, terr := t.check(); terr != nil {
		errs.add(terr)
	} else if _, hostPlan, loopback, err := parseBaseURL(t.BaseURL); err == nil {
		plans = linkPlans(hostPlan, loopback)
	}
	var seenScopes, seenDescription bool
	eachQueryParam(rawQuery, true, &errs, nil, func(key, val string) {
		switch key {
		case "scopes", "description":
			seen := &seenScopes
			if key == "description" {
				seen = &seenDescription
			}
			if *seen {
				errs.add(fieldErr(key, ErrDuplicate, "given more than once; GitHub reads one value"))
				return
			}
			*seen = true
		}
		switch key {
		case "scopes":
			f := scopeFields{s: val}
			for name, more := f.next(); more; name, more = f.next() {
				r.Scopes = append(r.Scopes, Scope(name))
			}
		case "description":
			r.Description = val
		case "scope":
			errs.add(unknownKey("", key, ErrUnknownParameter, "scopes", "", ""))
		case "note":
			errs.add(unknownKey("", key, ErrUnknownParameter, "description", "", ""))
		default:
			if errs.room(ErrUnknownParameter) { // the suggestion costs
				errs.put(unknownKey("", key, ErrUnknownParameter, suggest(key, func(yield func(string) bool) {
					_ = yield("scopes") && yield("description")
				}), "", ""))
			}
		}
	})
	r.check(plans, &errs)
	if r.Scopes != nil {
		// Unknown names were reported; keep them out of the request, as
		// the other parse functions do.
		known := r.Scopes[:0]
		for _, s := range r.Scopes {
			if s.Known() {
				known = append(known, s)
			}
		}
		r.Scopes = known
		if len(known) == 0 {
			r.Scopes = nil
		}
	}
	return r, t, errs.join()
}
