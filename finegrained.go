package ghapp

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// GitHub's limits on a pre-filled fine-grained personal access token.
const (
	MaxTokenNameLength        = 40   // characters in a fine-grained token's name
	MaxTokenDescriptionLength = 1024 // characters in its description
	MaxTokenExpiresIn         = 366  // days a fine-grained token may last
)

// NoExpiry, as [FineGrainedTokenRequest.ExpiresIn], asks for a token that
// never expires (expires_in=none). An organization's or enterprise's
// lifetime policy may forbid it; GitHub's page then says so.
const NoExpiry = -1

// fineGrainedPath is the page of a new fine-grained personal access token.
const fineGrainedPath = "/settings/personal-access-tokens/new"

// A FineGrainedTokenRequest is the link GitHub documents for pre-filling its
// page for a new fine-grained personal access token: the person who opens
// it reviews the settings, picks the repositories (no parameter selects
// them) and creates the token. Each field is one query parameter, and every
// one may be left out; [FineGrainedTokenRequest.URL] checks them and writes
// the link.
type FineGrainedTokenRequest struct {
	// Name is the token's name (name), at most [MaxTokenNameLength]
	// characters on one line.
	Name string
	// Description says what the token is for (description), at most
	// [MaxTokenDescriptionLength] characters; it may hold line breaks.
	Description string
	// TargetName is the login of the token's resource owner, a user or an
	// organization (target_name): the owner of the repositories the token
	// reaches. "" leaves it to the person who opens the link, with the
	// page starting at their own account. Organization permissions need
	// an organization as the owner and account permissions the user, so a
	// token cannot have both; GitHub's own example of organization
	// permissions leaves the owner out and asks the reader to pick the
	// organization on the page.
	TargetName string
	// ExpiresIn is the token's lifetime in days, 1 to
	// [MaxTokenExpiresIn] (expires_in), or [NoExpiry]. 0 leaves it to
	// GitHub: 30 days, or less where the owner's policy says so.
	ExpiresIn int
	// Permissions are the permissions asked for, each at a level it
	// allows (see [TokenPermission.Levels]). A permission at LevelNone is
	// left out. GitHub adds metadata at read to every token.
	Permissions TokenPermissions
}

// URL returns the link that opens GitHub's page for a new fine-grained
// personal access token on t, filled in with r:
// https://github.com/settings/personal-access-tokens/new, on the host of
// t.BaseURL for GHE.com. The parameters come in the order of GitHub's
// documentation, name, description, target_name, expires_in, then the
// permissions sorted by name, each as NAME=LEVEL, escaped as registration
// links are (every byte but letters, digits, "-._~", ":" and "/" is
// percent-encoded, so a space is %20):
//
//	https://github.com/settings/personal-access-tokens/new?name=Repo-reading%20token&description=Just%20contents:read&target_name=octodemo&expires_in=45&contents=read
//
// GitHub documents the link for github.com and GHE.com only; for GitHub
// Enterprise Server, and for a t naming an organization (the page is the
// user's; the organization goes in TargetName), it returns a [*FieldError]
// wrapping [ErrInvalidTarget].
//
// It returns every problem at once, joined with [errors.Join], each a
// [*FieldError] named after its parameter: name longer than 40 characters
// or description longer than 1024 ([ErrTooLong]), either holding control
// characters (a description may hold line breaks) or invalid UTF-8
// ([ErrInvalidText]); target_name not a GitHub login ([ErrInvalidFormat]);
// expires_in outside 1 to 366 ([ErrOutOfRange]); a permission tokens do not
// have ([ErrUnknownPermission], saying so for a GitHub App permission such as
// checks), at a level it does not allow ([ErrLevelNotAllowed]) or given by
// both of its names ([ErrDuplicate]); and account and organization
// permissions together, which no single resource owner allows
// ([ErrConflict]).
func (r FineGrainedTokenRequest) URL(t Target) (string, error) {
	var errs errorList
	origin, plan := fineGrainedTarget(t, &errs)
	r.check(plan, &errs)
	if errs.len() > 0 {
		return "", errs.join()
	}
	return r.encode(origin + fineGrainedPath), nil
}

// fineGrainedTarget checks t for a fine-grained token link, adding its
// problems to errs, and returns its origin and the plan to check the
// permissions against (0 on a loopback host with no plan set: any).
func fineGrainedTarget(t Target, errs *errorList) (origin string, plan Plan) {
	origin, plan, err := t.check()
	if err != nil {
		errs.add(err)
		return "", 0
	}
	if _, _, loopback, _ := parseBaseURL(t.BaseURL); loopback && t.Plan == 0 {
		plan = 0
	}
	if t.Organization != "" {
		errs.add(fieldErr("organization", ErrInvalidTarget,
			"the token page is the user's; give the organization as the token's owner in target_name (TargetName)"))
	}
	if plan.GHES() {
		errs.add(fieldErr("base_url", ErrInvalidTarget,
			"GitHub documents the pre-filled fine-grained token page for github.com and GHE.com only, not for GitHub Enterprise Server (%v)", plan))
		plan = 0 // the permissions are not on any GHES page; say it once
	}
	return origin, plan
}

// check adds the problems of r's parameters to errs; when plan is not 0,
// it also checks that plan's token page takes every permission.
func (r FineGrainedTokenRequest) check(plan Plan, errs *errorList) {
	add := func(err *FieldError) {
		if err != nil {
			errs.add(err)
		}
	}
	add(checkText("name", r.Name, false))
	if n := utf8.RuneCountInString(r.Name); n > MaxTokenNameLength {
		add(fieldErr("name", ErrTooLong, "%d characters, GitHub allows %d", n, MaxTokenNameLength))
	}
	add(checkText("description", r.Description, true))
	if n := utf8.RuneCountInString(r.Description); n > MaxTokenDescriptionLength {
		add(fieldErr("description", ErrTooLong, "%d characters, GitHub allows %d", n, MaxTokenDescriptionLength))
	}
	if r.TargetName != "" && !validLogin(r.TargetName) {
		add(fieldErr("target_name", ErrInvalidFormat,
			"%s is not a GitHub login: letters, digits and single hyphens, not at either end, at most 39 characters", quoteBounded(r.TargetName)))
	}
	if r.ExpiresIn != 0 && r.ExpiresIn != NoExpiry && (r.ExpiresIn < 1 || r.ExpiresIn > MaxTokenExpiresIn) {
		add(fieldErr("expires_in", ErrOutOfRange, "%d days; GitHub takes 1 to %d, or none (NoExpiry)", r.ExpiresIn, MaxTokenExpiresIn))
	}

	var account, organization []TokenPermission
	for _, p := range sortedTokenPermissions(r.Permissions) {
		l := r.Permissions[p]
		if l == LevelNone {
			continue
		}
		ti := p.info()
		if ti == nil {
			if errs.room(ErrUnknownPermission) { // the suggestion costs
				errs.put(unknownTokenPermissionKey(string(p)))
			}
			continue
		}
		if p != ti.name && r.Permissions[ti.name] != LevelNone {
			// Only another name can repeat a permission; the
			// permission itself is reported under its own name.
			add(fieldErr(string(ti.name), ErrDuplicate, "given as both %s and %s", ti.name, p))
			continue
		}
		switch {
		case l > LevelAdmin:
			add(unknownLevel(string(ti.name), l.String()))
		case !ti.levels.has(l):
			add(fieldErr(string(ti.name), ErrLevelNotAllowed, "%s allows %s, not %v", ti.name, levelList(ti.levels), l))
		case plan != 0 && !ti.plans.has(plan):
			add(fieldErr(string(ti.name), ErrNotOnPlan, "%s is not on %v", ti.name, plan))
		}
		switch ti.resource {
		case ResourceAccount:
			account = append(account, ti.name)
		case ResourceOrganization:
			organization = append(organization, ti.name)
		}
	}
	if len(organization) > 0 && len(account) > 0 {
		var a, o strings.Builder
		writeList(&a, account, ", ")
		writeList(&o, organization, ", ")
		add(fieldErr("target_name", ErrConflict,
			"account permissions (%s) need the user as the token's resource owner, organization permissions (%s) an organization; a token has one owner", a.String(), o.String()))
	}
}

// unknownTokenPermissionKey reports s, given as a parameter of a token link.
func unknownTokenPermissionKey(s string) *FieldError {
	if Permission(s).Known() {
		return fieldErr(boundText(s), ErrUnknownPermission,
			"%s is a GitHub App permission that fine-grained personal access tokens do not have", Permission(s).Canonical())
	}
	return unknownKey("", s, ErrUnknownPermission, suggestTokenPermission(s), "", "token permission")
}

// sortedTokenPermissions returns the names of ps, sorted.
func sortedTokenPermissions(ps TokenPermissions) []TokenPermission {
	names := make([]TokenPermission, 0, len(ps))
	for p := range ps {
		names = append(names, p)
	}
	slices.Sort(names)
	return names
}

// encode writes page followed by r's parameters in their fixed order.
func (r FineGrainedTokenRequest) encode(page string) string {
	names := make([]TokenPermission, 0, len(r.Permissions))
	for p, l := range r.Permissions {
		if l != LevelNone {
			names = append(names, p.Canonical())
		}
	}
	slices.Sort(names)
	var b linkBuilder
	b.start(page, len(page)+64+3*(len(r.Name)+len(r.Description))+len(r.TargetName)+32*len(names))
	b.text("name", r.Name)
	b.text("description", r.Description)
	b.text("target_name", r.TargetName)
	switch {
	case r.ExpiresIn == NoExpiry:
		b.param("expires_in")
		b.WriteString("none")
	case r.ExpiresIn != 0:
		b.param("expires_in")
		b.WriteString(strconv.Itoa(r.ExpiresIn))
	}
	for _, p := range names {
		b.param(string(p))
		b.WriteString(r.Permissions.level(p).String())
	}
	return b.String()
}

// level returns the level ps gives p under either of its names.
func (ps TokenPermissions) level(p TokenPermission) Level {
	if l, ok := ps[p]; ok && l != LevelNone {
		return l
	}
	for q, l := range ps {
		if l != LevelNone && q.Canonical() == p {
			return l
		}
	}
	return LevelNone
}

// fineGrainedKeys are the parameters of a fine-grained token link besides
// the permissions.
var fineGrainedKeys = [...]string{"name", "description", "target_name", "expires_in"}

// ParseFineGrainedTokenURL reads a pre-filled fine-grained token link back
// into the request and Target that [FineGrainedTokenRequest.URL] would make
// it from. It reads what browsers and people write, GitHub's own examples
// among them: a space as %20 or "+", parameters in any order. Each
// permission keeps the name the link gives it: GitHub's "Make Copilot
// requests" example asks for user_copilot_requests=read where its table
// lists copilot_requests at write, and which one the page reads is not
// confirmed, so both are token permissions of their own
// ([TokenPermissionUserCopilotRequests], [TokenPermissionCopilotRequests]).
//
// It checks the link with the same rules as URL, and names every mistake
// instead of ignoring it: a parameter given twice ([ErrDuplicate]), a
// parameter GitHub does not read ([ErrUnknownParameter], suggesting the
// right one), a permission tokens do not have ([ErrUnknownPermission]), a
// level other than read, write or admin ([ErrUnknownLevel]), expires_in
// that is not a number of days or none ([ErrInvalidFormat]), text after
// "#", a bad escape, or a raw ";", which parsers disagree on (some take it
// for "&"; write %3B) ([ErrMalformed]), and a page other than the token
// page or a GitHub Enterprise Server host ([ErrInvalidTarget]). All
// problems come back at once, joined, at most twenty of one kind and then
// a count of the rest, each quoting at most 80 bytes of the link; the
// request and Target then hold what could be read.
//
// The Target's BaseURL is "" for https://github.com and the origin
// otherwise; its Plan is zero.
func ParseFineGrainedTokenURL(raw string) (FineGrainedTokenRequest, Target, error) {
	var (
		r    FineGrainedTokenRequest
		errs errorList
	)
	t, rawQuery, ok := parseTokenLink(raw, fineGrainedPath, &errs)
	if !ok {
		return r, t, errs.join()
	}
	seen := map[string]bool{}
	eachQueryParam(rawQuery, true, &errs, nil, func(key, val string) { r.readParam(key, val, seen, &errs) })
	_, plan := fineGrainedTarget(t, &errs)
	r.check(plan, &errs)
	return r, t, errs.join()
}

// readParam sets the setting key names to val, adding its problem to
// errs; seen holds the parameters read, permissions by their names in the
// catalogue.
func (r *FineGrainedTokenRequest) readParam(key, val string, seen map[string]bool, errs *errorList) {
	field := key
	if p := TokenPermission(key); p.Known() {
		field = string(p.Canonical())
	}
	if seen[field] {
		if field != key {
			errs.add(fieldErr(field, ErrDuplicate, "given more than once (as %s); GitHub reads one value", boundText(key)))
		} else {
			errs.add(fieldErr(boundText(field), ErrDuplicate, "given more than once; GitHub reads one value"))
		}
		return
	}
	seen[field] = true
	switch key {
	case "name":
		r.Name = val
		return
	case "description":
		r.Description = val
		return
	case "target_name":
		r.TargetName = val
		return
	case "expires_in":
		days, err := parseExpiresIn(val)
		if err != nil {
			errs.add(err)
			return
		}
		r.ExpiresIn = days
		return
	}
	p := TokenPermission(key)
	if !p.Known() {
		// As ParseRegistrationURL does, the room is asked of one kind
		// before the costly suggestion says which kind it is.
		if errs.room(ErrUnknownParameter) {
			errs.put(unknownTokenParam(key, val))
		}
		return
	}
	l, err := ParseLevel(val)
	if err != nil || l == LevelNone {
		errs.add(fieldErr(field, ErrUnknownLevel, "%s is not a level; write read, write or admin, or leave the parameter out for no access", quoteBounded(val)))
		return
	}
	if r.Permissions == nil {
		r.Permissions = TokenPermissions{}
	}
	r.Permissions[p.Canonical()] = l
}

// parseExpiresIn reads expires_in: a number of days written in digits, or
// none.
func parseExpiresIn(val string) (int, *FieldError) {
	if val == "none" {
		return NoExpiry, nil
	}
	if val == "" || strings.Trim(val, "0123456789") != "" {
		return 0, fieldErr("expires_in", ErrInvalidFormat, "%s is not a number of days or none", quoteBounded(val))
	}
	days, err := strconv.Atoi(val)
	if err != nil || days < 1 || days > MaxTokenExpiresIn {
		return 0, fieldErr("expires_in", ErrOutOfRange, "%s days; GitHub takes 1 to %d, or none", boundText(val), MaxTokenExpiresIn)
	}
	return days, nil
}

// unknownTokenParam explains a key that is neither a parameter nor a token
// permission: an app permission, a token permission misspelt (or any name
// given a level), or an unknown parameter. It runs on error paths only.
func unknownTokenParam(key, val string) *FieldError {
	if Permission(key).Known() {
		return unknownTokenPermissionKey(key)
	}
	suggestion := suggest(key, func(yield func(string) bool) {
		for _, k := range fineGrainedKeys {
			if !yield(k) {
				return
			}
		}
	})
	if l, err := ParseLevel(val); suggestion == "" && (suggestTokenPermission(key) != "" || err == nil && l != LevelNone) {
		return unknownTokenPermissionKey(key)
	}
	return unknownKey("", key, ErrUnknownParameter, suggestion, "", "")
}

// parseTokenLink reads the parts of a token link that do not depend on its
// page's parameters, adding their problems to errs: the Target, and the
// raw query. ok is false when the link cannot be read at all. It does not
// check the Target: the caller does, with its page's rules.
func parseTokenLink(raw, page string, errs *errorList) (t Target, rawQuery string, ok bool) {
	u, ok := parseLinkURL(raw, errs)
	if !ok {
		return t, "", false
	}
	if host := originHost(u); u.Scheme != "https" || host != "github.com" {
		t.BaseURL = u.Scheme + "://" + host
	}
	if u.User != nil {
		errs.add(fieldErr("base_url", ErrInvalidTarget, "the link holds credentials"))
	}
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		errs.add(fieldErr("#", ErrMalformed, "%s after # never reaches GitHub; escape # as %%23", quoteBounded(raw[i+1:])))
	}
	if path := strings.TrimSuffix(u.Path, "/"); path != page {
		errs.add(fieldErr("path", ErrInvalidTarget, "%s is not the page %s", quoteBounded(path), page))
	}
	return t, u.RawQuery, true
}
