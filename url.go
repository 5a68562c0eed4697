package ghapp

import (
	"net/url"
	"slices"
	"strings"

	"github.com/google/go-querystring/query"
)

// RegistrationURL returns the link that opens GitHub's "Register new GitHub
// App" page for t filled in with c: https://github.com/settings/apps/new, or
// /organizations/ORG/settings/apps/new for an organization, on t's host.
//
// Parameters come in the order GitHub's documentation uses, permissions
// among them sorted by name, and each value is escaped readably: every byte
// but letters, digits, "-._~", ":" and "/" is percent-encoded, so a space is
// %20, and array keys keep their "[]". The same Config always gives the
// same link. Values the page asks the person for may be left out (see
// [Config.Unfilled]).
//
// It returns every problem at once, as [Config.Validate] does, adding those
// with t (wrapping [ErrInvalidTarget]) and the permissions and events t's
// plan lacks (wrapping [ErrNotOnPlan], naming the plans that have them).
func (c Config) RegistrationURL(t Target) (string, error) {
	origin, plan, terr := t.check()
	ck := checker{src: &linkNames}
	if terr != nil {
		ck.add(terr)
	}
	ck.config(&c, plan.set())
	if err := ck.join(); err != nil {
		return "", err
	}
	return c.encode(origin + t.registrationPath()), nil
}

// encode writes page followed by c's parameters in the documented order,
// as go-querystring encodes the table bound to c.
func (c *Config) encode(page string) string {
	v, _ := query.Values(c.wire()) // every field is an Encoder that cannot fail
	var buf [16]Permission
	names := buf[:0] // the permissions, sorted as they are written
	c.Permissions.each(func(p Permission, _ Level) { names = append(names, p) })
	sortPermissions(names)

	size := len(page)
	for key, vals := range v {
		for _, val := range vals {
			size += len(key) + 2 + escapedLen(val)
		}
	}
	var b strings.Builder
	b.Grow(size)
	b.WriteString(page)
	sep := byte('?')
	write := func(key string) {
		for _, val := range v[key] {
			b.WriteByte(sep)
			sep = '&'
			b.WriteString(key) // keys are plain names, with "[]" for lists
			b.WriteByte('=')
			writeEscaped(&b, val)
		}
	}
	for i := range params() {
		switch pi := &params()[i]; {
		case pi.kind == kindPerms:
			for _, p := range names {
				write(string(p))
			}
		case pi.key != "":
			write(pi.key)
		}
	}
	return b.String()
}

// sortPermissions sorts names by name: known ones by their precomputed
// rank, unless an unknown name is among them.
func sortPermissions(names []Permission) {
	var buf [16]uint8
	ranks := buf[:0]
	for _, p := range names {
		i := permissionIndex(string(p))
		if i < 0 || permissionTable[i].name != p {
			slices.Sort(names)
			return
		}
		ranks = append(ranks, permissionRank[i])
	}
	if slices.IsSorted(ranks) {
		return
	}
	slices.SortFunc(names, func(a, b Permission) int {
		return int(permissionRank[permissionIndex(string(a))]) - int(permissionRank[permissionIndex(string(b))])
	})
}

// unescaped reports whether writeEscaped writes c as it is.
func unescaped(c byte) bool {
	return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == ':' || c == '/'
}

// escapedLen returns the length of s as writeEscaped writes it.
func escapedLen(s string) int {
	n := len(s)
	for i := 0; i < len(s); i++ {
		if !unescaped(s[i]) {
			n += 2
		}
	}
	return n
}

// writeEscaped writes s with every byte percent-encoded except letters,
// digits, "-._~", ":" and "/", in runs rather than byte by byte.
// A linkBuilder writes a link: its page, then parameters, the first after
// "?" and the others after "&".
type linkBuilder struct {
	strings.Builder
	started bool // a parameter is written
}

// start starts the link at page, with room for about size bytes.
func (b *linkBuilder) start(page string, size int) {
	b.Grow(size)
	b.WriteString(page)
}

// param starts the parameter key: its separator, key and "=".
func (b *linkBuilder) param(key string) {
	if b.started {
		b.WriteByte('&')
	} else {
		b.WriteByte('?')
		b.started = true
	}
	b.WriteString(key)
	b.WriteByte('=')
}

// text writes the parameter key with value escaped, unless value is "".
func (b *linkBuilder) text(key, value string) {
	if value != "" {
		b.param(key)
		b.escaped(value)
	}
}

// escaped writes s escaped as a query value.
func (b *linkBuilder) escaped(s string) { writeEscaped(&b.Builder, s) }

func writeEscaped(b *strings.Builder, s string) {
	const hex = "0123456789ABCDEF"
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unescaped(c) {
			continue
		}
		b.WriteString(s[start:i])
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
		start = i + 1
	}
	b.WriteString(s[start:])
}

// ParseRegistrationURL reads a registration link back into the Config and
// Target that [Config.RegistrationURL] would make it from. It reads what
// browsers and people write: "[]" raw or as %5B%5D, a space as %20 or "+",
// parameters in any order, the REST API's permission names.
//
// It checks the link with the same rules as RegistrationURL, and names every
// mistake a hand-written link can hold instead of ignoring it:
// "events=" or "callback_urls=" without "[]" and "callback_url"
// ([ErrUnknownParameter], suggesting the right name); webhook_secret or a
// manifest's key ([ErrNotSettable]); a parameter given twice
// ([ErrDuplicate]); a boolean other than true or false ([ErrInvalidBool]);
// a level GitHub does not have ([ErrUnknownLevel]); text after "#", which
// browsers never send, a bad escape, a raw ";", which parsers disagree on,
// or an escaped path ([ErrMalformed]); a page other than a registration
// page, a host that is not a GitHub host, or a scheme other than http(s)
// ([ErrInvalidTarget]). Each problem is a [*FieldError] whose Field names
// the parameter (an element of a list by its index, "events[3]") and whose
// Column is the byte of the link at which the parameter starts (Line is 1).
// All problems come back at once, joined.
//
// When the only problems are well-formed names the catalogue does not know
// (a permission "brand_new_permission=write", an event
// "events[]=brand_new_event"), the Config and Target come back holding
// everything the link said, unknown names included, with the error (which
// wraps [ErrUnknownPermission] or [ErrUnknownEvent]): a caller that wants
// GitHub's newest names sets [Config.AllowUnknown] on the Config and calls
// [Config.Validate]. With any other problem, they are zero.
//
// The Target's BaseURL is "" for https://github.com and the origin
// otherwise; its Plan is zero.
func ParseRegistrationURL(raw string) (Config, Target, error) {
	var (
		c Config
		t Target
	)
	p := linkParser{raw: raw, query: -1}
	ck := checker{src: &source{offset: p.offset}}
	plans, ok := p.page(&ck, &t)
	if !ok {
		return Config{}, Target{}, ck.join()
	}
	ck.src.faulted = p.readQuery(&ck, &c)
	ck.config(&c, plans)
	err := ck.join()
	if err != nil && !ck.onlyLenient() {
		return Config{}, Target{}, err
	}
	return c, t, err
}

// A linkParser reads one registration link.
type linkParser struct {
	raw   string
	query int         // the offset of the query in raw, -1 when there is none
	index *queryIndex // where each parameter starts, read on the first problem
}

// linkField reports a problem with the link at byte offset at.
func linkField(field string, at int, sentinel error, format string, args ...any) *FieldError {
	err := fieldErr(field, sentinel, format, args...)
	err.Line, err.Column = 1, at+1
	return err
}

// page reads the link's scheme, host and path into t and returns the plans
// the link may be for (0: any). ok is false when the link cannot be read
// further.
func (lp *linkParser) page(ck *checker, t *Target) (plans planSet, ok bool) {
	raw := lp.raw
	if i := strings.IndexByte(raw, '?'); i >= 0 {
		lp.query = i + 1
	}
	u, err := url.Parse(raw)
	if err != nil {
		ck.add(linkField("", 0, ErrMalformed, "malformed URL: %s", quoteURL(raw)))
		return 0, false
	}
	if u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		ck.add(linkField("base_url", 0, ErrInvalidTarget, "%s is not an http or https link", quoteURL(raw)))
		return 0, false
	}
	if u.User != nil {
		ck.add(linkField("base_url", 0, ErrInvalidTarget, "the link holds credentials"))
	}
	if why := checkHost(u); why != "" {
		ck.add(linkField("base_url", 0, ErrInvalidTarget, "%s", why))
		return 0, false
	}
	origin, hostPlan, loopback, why := originOf(u)
	if why != "" {
		ck.add(linkField("base_url", 0, ErrInvalidTarget, "%s", why))
		return 0, false
	}
	if origin != githubOrigin {
		t.BaseURL = origin
	}
	if i := strings.IndexByte(raw, '#'); i >= 0 {
		ck.add(linkField("#", i, ErrMalformed, "%s after # never reaches GitHub; escape # as %%23", quoteBounded(raw[i+1:])))
	}
	pathAt := strings.Index(raw, "://") + 3 + len(u.Host)
	if raw := strings.ToLower(u.RawPath); strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") {
		ck.add(linkField("path", pathAt, ErrMalformed, "the path %s holds an escaped slash, which readers take for a slash or not; write the path plainly", quoteBounded(u.RawPath)))
	}
	switch path := strings.TrimSuffix(u.Path, "/"); {
	case path == "/settings/apps/new":
	case strings.HasPrefix(path, "/organizations/") && strings.HasSuffix(path, "/settings/apps/new") &&
		len(path) > len("/organizations//settings/apps/new"):
		t.Organization = path[len("/organizations/") : len(path)-len("/settings/apps/new")]
		if !validLogin(t.Organization) {
			ck.add(linkField("organization", pathAt, ErrInvalidTarget,
				"%s is not a GitHub login: letters, digits and single hyphens, not at either end, at most 39 characters", quoteBounded(t.Organization)))
		}
	default:
		ck.add(linkField("path", pathAt, ErrInvalidTarget,
			"%s is not a registration page (/settings/apps/new or /organizations/ORG/settings/apps/new)", quoteBounded(path)))
	}
	return linkPlans(hostPlan, loopback), true
}

// linkPlans returns the plans a registration link on a host of hostPlan may
// have been made for, since a link does not name its plan: github.com
// serves github.com and enterprise accounts (GHEC), GHES hosts any GHES
// version, and a loopback host stands in for any plan (0).
func linkPlans(hostPlan Plan, loopback bool) planSet {
	switch {
	case loopback:
		return 0
	case hostPlan == PlanGitHubCom:
		return 1<<PlanGitHubCom | 1<<PlanGHEC
	case hostPlan.GHES():
		var s planSet
		for _, p := range KnownPlans() {
			if p.GHES() {
				s |= 1 << p
			}
		}
		return s
	}
	return 1 << hostPlan
}

// queryParts walks the parameters of the link's query, calling each with
// a parameter's raw text and its offset in the link, until each returns
// false.
func (lp *linkParser) queryParts(each func(part string, at int) bool) {
	if lp.query < 0 {
		return
	}
	q := lp.raw[lp.query:]
	if i := strings.IndexByte(q, '#'); i >= 0 {
		q = q[:i]
	}
	for at := lp.query; ; {
		part, rest, more := strings.Cut(q, "&")
		if part != "" && !each(part, at) {
			return
		}
		if !more {
			return
		}
		at += len(part) + 1
		q = rest
	}
}

// readQuery sets c from the link's query and returns the permissions whose
// entries it reported, so that no event is blamed for them.
func (lp *linkParser) readQuery(ck *checker, c *Config) map[Permission]bool {
	var (
		seen    [nParams]bool
		unset   map[Permission]bool // permissions read at no level, by registration name
		faulted map[Permission]bool
	)
	lp.queryParts(func(part string, at int) bool {
		if i := strings.IndexByte(part, ';'); i >= 0 {
			rawKey, _, _ := strings.Cut(part, "=")
			key, err := url.QueryUnescape(rawKey)
			if err != nil {
				key = rawKey
			}
			ck.add(linkField(boundText(key), at+i, ErrMalformed, "%s", rawSemicolonMessage))
			return true
		}
		rawKey, rawVal, _ := strings.Cut(part, "=")
		key, kerr := queryUnescape(rawKey)
		val, verr := queryUnescape(rawVal)
		switch {
		case kerr != nil || verr != nil:
			ck.add(linkField(boundText(rawKey), at, ErrMalformed, "%s is not validly escaped", quoteBounded(part)))
			return true
		case key == "":
			ck.add(linkField("", at, ErrMalformed, "%s is a value without a parameter name", quoteBounded(part)))
			return true
		}
		if p, ok := paramNamed(key); ok {
			pi := &params()[p]
			if !pi.list() {
				if seen[p] {
					ck.add(linkField(key, at, ErrDuplicate, "given more than once; GitHub reads one value"))
					return true
				}
				seen[p] = true
			}
			if pi.kind == kindBool && val != "true" && val != "false" {
				ck.add(linkField(key, at, ErrInvalidBool, "%s is not true or false", quoteBounded(val)))
				return true
			}
			c.setParam(p, val)
			return true
		}
		name := Permission(key).Canonical()
		l, levelErr := ParseLevel(val)
		if !name.Known() {
			if why := notSettable(key); why != "" {
				ck.add(linkField(boundText(key), at, ErrNotSettable, "%s", why))
				return true
			}
			if !wellFormed(key) || levelErr != nil || val == "" {
				if ck.room(ErrUnknownParameter) {
					err := unknownParam(key, val)
					err.Line, err.Column = 1, at+1
					ck.put(err)
				}
				return true
			}
		}
		field := func() string { return pPermissions.key() + "." + boundText(string(name)) } // on error paths only
		if _, dup := c.Permissions[name]; dup || unset[name] {
			ck.add(linkField(field(), at, ErrDuplicate, "given more than once (as %s); GitHub reads one value", boundText(key)))
			return true
		}
		switch {
		case val == "":
			ck.add(linkField(field(), at, ErrUnknownLevel, "%s has no level; write read or write, or leave it out for no access", boundText(key)))
		case levelErr != nil:
			err := unknownLevel(field(), boundText(val))
			err.Line, err.Column = 1, at+1
			ck.add(err)
		}
		if l == LevelNone {
			if unset == nil {
				unset = map[Permission]bool{}
			}
			unset[name] = true
			if val != "none" {
				if faulted == nil {
					faulted = map[Permission]bool{}
				}
				faulted[name] = true
			}
			return true
		}
		if c.Permissions == nil {
			c.Permissions = make(Permissions, 4)
		}
		c.Permissions[name] = l
		return true
	})
	return faulted
}

// queryUnescape is url.QueryUnescape, without its work for text that has
// nothing to unescape.
func queryUnescape(s string) (string, error) {
	if strings.IndexByte(s, '%') < 0 && strings.IndexByte(s, '+') < 0 {
		return s, nil
	}
	return url.QueryUnescape(s)
}

// offset returns the byte offset in the link at which setting p (element
// i, permission perm) starts, or -1 when it is not there. The first call
// indexes the query in one pass, so placing every problem costs time
// linear in the link.
func (lp *linkParser) offset(p param, i int, perm string) int {
	if lp.index == nil {
		lp.indexQuery()
	}
	if params()[p].kind == kindPerms && perm != "" {
		if at, ok := lp.index.perms[Permission(perm)]; ok {
			return at
		}
		return -1
	}
	at := lp.index.values[p]
	switch {
	case len(at) == 0:
		return -1
	case i < 0:
		return at[0]
	case i < len(at):
		return at[i]
	}
	return -1
}

// A queryIndex holds where each parameter of a link's query starts.
type queryIndex struct {
	values [nParams][]int     // the offsets of each setting's parameters, in order
	perms  map[Permission]int // the offset of each permission's first parameter
}

// indexQuery reads where every parameter of the query starts.
func (lp *linkParser) indexQuery() {
	ix := &queryIndex{perms: map[Permission]int{}}
	byKey := make(map[string]param, nParams)
	for p := range params() {
		if k := params()[p].key; k != "" {
			byKey[k] = param(p)
		}
	}
	lp.queryParts(func(part string, at int) bool {
		rawKey, _, _ := strings.Cut(part, "=")
		key, err := queryUnescape(rawKey)
		if err != nil {
			return true
		}
		if p, ok := byKey[key]; ok {
			ix.values[p] = append(ix.values[p], at)
			return true
		}
		if c := Permission(key).Canonical(); c != "" {
			if _, ok := ix.perms[c]; !ok {
				ix.perms[c] = at
			}
		}
		return true
	})
	lp.index = ix
}

// notSettable explains the keys a registration link cannot hold, or says
// "": a webhook secret, and a manifest's own keys.
func notSettable(key string) string {
	base := strings.TrimSuffix(key, "[]")
	switch base {
	case "webhook_secret", "secret":
		return "a webhook secret can never be set through the URL; type it on the registration page"
	case "manifest":
		return "manifest is the manifest flow's form field, not a registration link's parameter"
	}
	head, _, _ := strings.Cut(base, ".")
	for i := range params() {
		pi := &params()[i]
		m, _, _ := strings.Cut(pi.manifest, ".")
		if m != "" && m != pi.base() && (base == m || head == m) {
			if pi.key == "" {
				return base + " belongs to the manifest flow, not to registration links"
			}
			return base + " is a manifest's key; a registration link writes " + pi.key
		}
	}
	return ""
}

// unknownParam explains a key that is neither a parameter nor a permission:
// an unknown permission when the value is a level or the closest name is a
// permission, an unknown parameter otherwise. It runs on error paths only.
func unknownParam(key, val string) *FieldError {
	if retiredPermission(key) != "" {
		return unknownPermissionKey(pPermissions.key()+".", key)
	}
	base := strings.TrimSuffix(key, "[]")
	if i := strings.IndexByte(base, '['); i > 0 && strings.HasSuffix(base, "]") {
		base = base[:i] // events[0]
	}
	suggestion := ""
	for i := range params() {
		pi := &params()[i]
		if pi.key == "" || pi.kind == kindPerms {
			continue
		}
		name := pi.base()
		if base == name || base+"s" == name || loose(base) == name || loose(base)+"s" == name {
			suggestion = pi.key // events -> events[], callback_url -> callback_urls[]
			break
		}
	}
	if suggestion == "" {
		suggestion = suggest(base, func(yield func(string) bool) {
			for i := range params() {
				if pi := &params()[i]; pi.key != "" && pi.kind != kindPerms && !yield(pi.key) {
					return
				}
			}
		})
	}
	_, levelErr := ParseLevel(val)
	if suggestion == "" {
		if s := suggestPermission(key); s != "" || levelErr == nil {
			return unknownKey(pPermissions.key()+".", key, ErrUnknownPermission, s, "", "")
		}
	}
	return unknownKey("", key, ErrUnknownParameter, suggestion, "", "")
}
