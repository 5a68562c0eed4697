package ghapp

import (
	"cmp"
	"errors"
	"maps"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// GitHub's limits on a registration.
const (
	MaxNameLength      = 34 // characters in an app's name
	MaxCallbackURLs    = 10 // callback_urls
	MaxSingleFilePaths = 10 // single_file_paths
)

// maxUnknownName is the longest name [Config.AllowUnknown] accepts.
const maxUnknownName = 100

// Config describes a GitHub App registration: the settings GitHub's "Register
// new GitHub App" page takes, each named after its query parameter. Write it
// as a literal or build it with [New]; [Config.Validate] checks it, and
// [Config.RegistrationURL] turns it into a link that opens the page filled in.
//
// A zero field is left out of the link: the page then shows GitHub's
// default, and asks the person registering the app for anything required,
// such as the name (see [Config.Unfilled]).
//
// The webhook is two settings. What each combination gives:
//
//	WebhookURL  WebhookActive  link                              manifest
//	""          false          no webhook parameters             no hook_attributes
//	""          true           webhook_active=true (the page     hook_attributes without a url:
//	                           asks for the URL)                 an error, a manifest needs it
//	set         false          webhook_url=..., the webhook off  hook_attributes with "active": false
//	set         true           webhook_active=true&webhook_url=  hook_attributes {"url": ...}, on
//
// [Builder.WebhookURL] turns the webhook on, since whoever sets a webhook
// URL means it to receive deliveries; a later WebhookActive(false) turns it
// off again.
type Config struct {
	// Name is the app's name (name), at most 34 characters. GitHub turns it
	// into the app's slug, and it must be unique across GitHub.
	Name string
	// Description is shown to people installing the app (description).
	Description string
	// HomepageURL is the app's homepage (url).
	HomepageURL string
	// CallbackURLs are where GitHub may send users after they authorise
	// the app (callback_urls), at most 10; the first is the default.
	CallbackURLs []string
	// RequestOAuthOnInstall asks users to authorise the app while
	// installing it (request_oauth_on_install); they are then sent to the
	// first callback URL, so SetupURL cannot be used with it.
	RequestOAuthOnInstall bool
	// SetupURL is where users go after installing the app (setup_url).
	SetupURL string
	// SetupOnUpdate also sends users to SetupURL after they change an
	// installation (setup_on_update).
	SetupOnUpdate bool
	// Public lets any account install the app, not only its owner (public).
	Public bool
	// WebhookActive turns the app's webhook on (webhook_active); GitHub's
	// registration page starts with it off. See the table above.
	WebhookActive bool
	// WebhookURL receives the app's webhook deliveries (webhook_url). The
	// webhook secret cannot be set by URL: it is typed on the page.
	WebhookURL string
	// Events are the webhook events the app subscribes to (events); each
	// needs one of its [Event.RequiredPermissions].
	Events []Event
	// SingleFileName is a file the single_file permission gives access to
	// (single_file_name).
	SingleFileName string
	// SingleFilePaths are up to 10 more such files (single_file_paths).
	SingleFilePaths []string
	// Permissions are the permissions the app asks for, each at a level it
	// allows. A permission at LevelNone is the same as one left out.
	Permissions Permissions
	// AllowUnknown accepts permission and event names the catalogue does
	// not know yet, for an app that uses what GitHub added after this
	// release ([CatalogVersion]). Such a name must be well-formed: lower
	// case letters, digits and "_", at most 100 bytes. An unknown
	// permission may be asked for at read, write or admin, and an unknown
	// event needs no permission; neither is checked against a plan. Names
	// the catalogue knows keep every rule, and typos of them are still
	// errors when they are not well-formed ("pull-requests"). It is not a
	// setting of GitHub's, so links do not carry it.
	AllowUnknown bool
}

// Validate checks c against every rule GitHub applies to a registration,
// for any plan (see [Config.RegistrationURL] for one plan's), and returns
// nil or every problem at once: an [errors.Join] of [*FieldError] values,
// each naming the setting by its link parameter ("name",
// "callback_urls[10]", "permissions.workflows", "events[2]") and wrapping a
// sentinel such as [ErrInvalidURL], [ErrLevelNotAllowed] or
// [ErrEventNeedsPermission]. Past 20 problems of one kind, the rest are
// counted in one last error.
//
// The rules: the name is valid UTF-8 without control or invisible
// formatting characters, at most [MaxNameLength] characters; the
// description and paths are valid UTF-8 without control characters or
// bidirectional overrides; every URL setting is an absolute http or https
// URL with a host, without credentials, spaces or control characters (and,
// but for url, without a fragment); at most [MaxCallbackURLs] callback URLs
// and [MaxSingleFilePaths] single-file paths, none given twice; single-file
// settings need the single_file permission and are relative paths inside
// the repository; setup_url cannot be used with request_oauth_on_install,
// which needs a callback URL; setup_on_update needs setup_url; each
// permission is known (or, with AllowUnknown, well-formed) and asked for at
// a level it allows; each event is known (or well-formed), one an app can
// choose, given once, and has one of its required permissions at read or
// above (metadata counts once any permission is set, since GitHub then
// grants it). An event is not blamed for a permission whose own entry is
// in error.
//
// Values a registration page asks the person for, such as the name, may be
// left out; see [Config.Unfilled].
func (c Config) Validate() error {
	ck := checker{src: &linkNames}
	ck.config(&c, 0)
	return ck.join()
}

// Unfilled returns the wire names of the values GitHub's registration page
// requires that c leaves for the person registering the app to type before
// submitting: "name" when Name is empty, "url" when HomepageURL is empty,
// and "webhook_url" when the webhook is active without a URL. A link may
// leave them out, and a tool can warn of them without refusing the link; a
// manifest may not ([Manifest.Validate] requires url and
// hook_attributes.url, and takes the name the person types). It is nil
// when c fills them all.
func (c Config) Unfilled() []string {
	var out []string
	if c.Name == "" {
		out = append(out, pName.key())
	}
	if c.HomepageURL == "" {
		out = append(out, pHomepageURL.key())
	}
	if c.WebhookActive && c.WebhookURL == "" {
		out = append(out, pWebhookURL.key())
	}
	return out
}

// A source says how an input names its settings and where they stand in
// it, so that a problem is reported in the input's own words: a link's
// parameters, or a manifest's keys.
type source struct {
	manifest bool
	// faulted holds the permissions whose entries reading already
	// reported, so that no event is blamed for them again.
	faulted map[Permission]bool
	// text is the input, when it has positions: problems are placed by
	// byte offset, and turned into lines and columns in one pass at the end.
	text string
	// offset, when not nil, returns the byte offset in text at which
	// setting p's value stands: element i of a list (i >= 0), or
	// permission perm; -1 when it is not there. It is called only for
	// problems, after checking.
	offset func(p param, i int, perm string) int
	// holes holds the elements of lists that reading already reported (a
	// number among strings, say), which the rules pass over.
	holes map[[2]int]bool
}

// hole marks element i of list p as reported already.
func (s *source) hole(p param, i int) {
	if s.holes == nil {
		s.holes = map[[2]int]bool{}
	}
	s.holes[[2]int{int(p), i}] = true
}

// isHole reports whether element i of list p was reported already.
func (s *source) isHole(p param, i int) bool { return s.holes[[2]int{int(p), i}] }

// linkNames and manifestNames are the sources of a value built in code,
// named as a link or as a manifest names its settings. They are never
// written: readers make sources of their own.
var (
	linkNames     = source{}
	manifestNames = source{manifest: true}
)

// name returns the wire name of setting p (element i of a list when i >=
// 0; permission perm of the permissions) in s's words.
func (s *source) name(p param, i int, perm string) string {
	pi := &params()[p]
	base := pi.base()
	if s.manifest {
		base = pi.manifest
	}
	switch {
	case pi.kind == kindPerms && perm != "":
		return base + "." + boundText(perm)
	case i >= 0:
		return base + "[" + strconv.Itoa(i) + "]"
	}
	return base
}

// A checker collects the problems of one configuration.
type checker struct {
	errorList
	src *source
	// at holds, for each problem of the rules kept, where it is: its
	// setting, element and permission.
	at []location
	// placed holds the problems reading kept, with their byte offsets.
	placed []placement
}

// A placement is a problem and the byte offset it stands at.
type placement struct {
	err *FieldError
	off int
}

// place sets the line and column of each problem from its byte offset:
// a link is one line whose columns are bytes; a manifest's columns are
// characters, all found in one pass over its text.
func (s *source) place(placed []placement) {
	if !s.manifest {
		for _, pl := range placed {
			pl.err.Line, pl.err.Column = 1, pl.off+1
		}
		return
	}
	offsets := make([]int, len(placed))
	for i, pl := range placed {
		offsets[i] = pl.off
	}
	for i, pos := range positionsOf(s.text, offsets) {
		placed[i].err.Line, placed[i].err.Column = pos[0], pos[1]
	}
}

// addAt adds err, which stands at byte offset off of the input, unless 20
// of its kind are in already.
func (ck *checker) addAt(err *FieldError, off int) {
	if ck.room(sentinelOf(err.Err)) {
		ck.putAt(err, off)
	}
}

// putAt adds err, at byte offset off, for which room was made.
func (ck *checker) putAt(err *FieldError, off int) {
	ck.put(err)
	ck.placed = append(ck.placed, placement{err, off})
}

type location struct {
	err  *FieldError
	p    param
	i    int
	perm string
}

// problem adds a problem with setting p (element i, permission perm),
// named in the source's words, unless 20 of its kind are in already.
func (ck *checker) problem(p param, i int, perm string, sentinel error, format string, args ...any) {
	if ck.src.isHole(p, i) || !ck.room(sentinel) {
		return // reading reported the value already
	}
	ck.keep(fieldErr(ck.src.name(p, i, perm), sentinel, format, args...), p, i, perm)
}

// keep adds err, about setting p, element i, permission perm, for which
// room was made.
func (ck *checker) keep(err *FieldError, p param, i int, perm string) {
	ck.put(err)
	ck.at = append(ck.at, location{err, p, i, perm})
}

// join places the problems kept and returns them joined, in the order
// they stand in the input when it has positions. Every position is found
// in one pass over the input, so the cost is linear however many problems
// there are.
func (ck *checker) join() error {
	if ck.src.offset != nil {
		for _, l := range ck.at {
			if l.err.Line != 0 {
				continue
			}
			if off := ck.src.offset(l.p, l.i, l.perm); off >= 0 {
				ck.placed = append(ck.placed, placement{l.err, off})
			}
		}
		ck.src.place(ck.placed)
		ck.placed = ck.placed[:0]
		slices.SortStableFunc(ck.errs, func(a, b error) int {
			return cmp.Compare(position(a), position(b))
		})
	}
	return ck.errorList.join()
}

// position orders problems by where they stand: line, then column; those
// without a position last.
func position(err error) int {
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Line == 0 {
		return math.MaxInt
	}
	return fe.Line<<24 | min(fe.Column, 1<<24-1)
}

// config checks c; when plans is not 0, also that one of plans knows each
// permission and event.
func (ck *checker) config(c *Config, plans planSet) {
	ck.text(pName, c.Name, false)
	if n := utf8.RuneCountInString(c.Name); n > MaxNameLength && utf8.ValidString(c.Name) {
		ck.problem(pName, -1, "", ErrTooLong, "%d characters, GitHub allows %d", n, MaxNameLength)
	}
	ck.text(pDescription, c.Description, true)
	if c.HomepageURL != "" {
		ck.url(pHomepageURL, -1, c.HomepageURL, true)
	}
	ck.list(pCallbackURLs, c.CallbackURLs, MaxCallbackURLs, func(i int, s string) bool { return ck.url(pCallbackURLs, i, s, false) })
	if c.SetupURL != "" {
		ck.url(pSetupURL, -1, c.SetupURL, false)
	}
	if c.WebhookURL != "" {
		ck.url(pWebhookURL, -1, c.WebhookURL, false)
	}
	if c.SingleFileName != "" {
		ck.path(pSingleFileName, -1, c.SingleFileName)
	}
	ck.list(pSingleFilePaths, c.SingleFilePaths, MaxSingleFilePaths, func(i int, s string) bool { return ck.path(pSingleFilePaths, i, s) })

	if c.RequestOAuthOnInstall && c.SetupURL != "" {
		ck.problem(pSetupURL, -1, "", ErrConflict, "cannot be used with %s, which sends users to the callback URL instead",
			ck.src.name(pRequestOAuthOnInstall, -1, ""))
	}
	if c.RequestOAuthOnInstall && len(c.CallbackURLs) == 0 {
		ck.problem(pCallbackURLs, -1, "", ErrRequired, "%s sends users to the first callback URL, and there is none",
			ck.src.name(pRequestOAuthOnInstall, -1, ""))
	}
	if c.SetupOnUpdate && c.SetupURL == "" {
		ck.problem(pSetupURL, -1, "", ErrRequired, "%s is true, and GitHub ignores it without a setup URL",
			ck.src.name(pSetupOnUpdate, -1, ""))
	}
	if (c.SingleFileName != "" || len(c.SingleFilePaths) > 0) && c.Permissions.level(PermissionSingleFile) == LevelNone {
		ck.problem(pPermissions, -1, string(PermissionSingleFile), ErrRequired, "%s and %s need the single_file permission at read or write",
			ck.src.name(pSingleFileName, -1, ""), ck.src.name(pSingleFilePaths, -1, ""))
	}
	faulted, anyPermission := ck.permissions(c.Permissions, plans, c.AllowUnknown)
	ck.events(c, plans, faulted, anyPermission)
}

// text checks a text setting: valid UTF-8 without control characters or
// bidirectional overrides; the name also without invisible formatting;
// multiline allows line breaks and tabs.
func (ck *checker) text(p param, s string, multiline bool) {
	if err := checkTextFor(p == pName, s, multiline); err != "" {
		ck.problem(p, -1, "", ErrInvalidText, "%s", err)
	}
}

// url checks a URL setting and reports whether it is good.
func (ck *checker) url(p param, i int, s string, fragmentOK bool) bool {
	if err := checkURL("", s, fragmentOK); err != nil {
		if ck.room(ErrInvalidURL) {
			err.Field = ck.src.name(p, i, "")
			ck.keep(err, p, i, "")
		}
		return false
	}
	return true
}

// path checks a single-file path and reports whether it is good.
func (ck *checker) path(p param, i int, s string) bool {
	if why := checkRepoPath(s); why != "" {
		ck.problem(p, i, "", ErrInvalidPath, "%s", why)
		return false
	}
	return true
}

// list checks a list setting: at most limit elements, each good and given
// once. Duplicates are found with a map, so the cost is linear.
func (ck *checker) list(p param, l []string, limit int, good func(i int, s string) bool) {
	if len(l) > limit {
		ck.problem(p, -1, "", ErrTooMany, "%d values, GitHub allows %d", len(l), limit)
	}
	var first map[string]int
	for i, s := range l {
		if ck.src.isHole(p, i) || !good(i, s) {
			continue
		}
		j := -1
		if len(l) <= 16 {
			j = slices.Index(l[:i], s)
		} else {
			if first == nil {
				first = make(map[string]int, len(l))
			}
			if k, ok := first[s]; ok {
				j = k
			} else {
				first[s] = i
			}
		}
		if j >= 0 {
			ck.problem(p, i, "", ErrDuplicate, "%s is already %s", quoteBounded(s), ck.src.name(p, j, ""))
		}
	}
}

// permissions checks each permission: known (or well-formed with
// allowUnknown), at an allowed level, named once, and, when plans is not
// empty, on one of plans. Problems come sorted by name. It returns the
// permissions whose entries are in error, by registration name, and
// whether ps asks for any permission.
func (ck *checker) permissions(ps Permissions, plans planSet, allowUnknown bool) (faulted map[Permission]bool, anyPermission bool) {
	faulted, copied := ck.src.faulted, false
	if len(ps) == 0 {
		return faulted, false
	}
	fault := func(p Permission) {
		if !copied {
			faulted, copied = maps.Clone(faulted), true
			if faulted == nil {
				faulted = map[Permission]bool{}
			}
		}
		faulted[p] = true
	}
	var buf [8]Permission // most apps ask for a few permissions
	names := buf[:0]
	for p, l := range ps {
		names = append(names, p)
		anyPermission = anyPermission || l != LevelNone
	}
	if len(names) > 1 {
		slices.Sort(names)
	}
	for _, p := range names {
		l := ps[p]
		pi := p.info()
		switch {
		case pi == nil && allowUnknown && wellFormed(string(p)):
			if l > LevelAdmin {
				ck.problem(pPermissions, -1, string(p), ErrUnknownLevel, "%s is not a level GitHub has", l)
				fault(p)
			}
		case pi == nil:
			if ck.room(ErrUnknownPermission) {
				prefix := ck.src.name(pPermissions, -1, "")
				name := string(p)
				sugg, retired := suggestPermission(name), retiredPermission(name)
				err := unknownKey(prefix+".", name, ErrUnknownPermission, sugg, retired, "")
				ck.keep(newerName(err, name, sugg+retired), pPermissions, -1, name)
			}
			if wellFormed(string(p)) && retiredPermission(string(p)) == "" {
				ck.lenient++
			}
			fault(p)
		case l > LevelAdmin:
			ck.problem(pPermissions, -1, string(p), ErrUnknownLevel, "%s is not a level GitHub has", l)
			fault(pi.name)
		case !p.Allows(l):
			ck.problem(pPermissions, -1, string(p), ErrLevelNotAllowed, "%s allows %s, not %s", pi.name, levelList(pi.levels), l)
			fault(pi.name)
		case pi.name != p && hasKey(ps, pi.name):
			ck.problem(pPermissions, -1, string(p), ErrDuplicate, "%s is another name of %s, which is also set", p, pi.name)
		case plans != 0 && l != LevelNone && pi.plans&plans == 0:
			ck.problem(pPermissions, -1, string(p), ErrNotOnPlan, "%s is not on %s; it is on %s", pi.name, plans, pi.plans)
		}
	}
	return faulted, anyPermission
}

// events checks each event: known (or well-formed with AllowUnknown), one
// an app can choose, given once, on one of plans, with a permission that
// lets the app subscribe. An event is not blamed for a permission faulted
// holds; anyPermission says whether c asks for any permission.
func (ck *checker) events(c *Config, plans planSet, faulted map[Permission]bool, anyPermission bool) {
	var seen [(len(eventTable) + 63) / 64]uint64 // known events met so far, by table index
	var unknownSeen map[Event]int
	for i, e := range c.Events {
		if ck.src.isHole(pEvents, i) {
			continue
		}
		ei := e.info()
		if ei == nil {
			if c.AllowUnknown && wellFormed(string(e)) {
				if unknownSeen == nil {
					unknownSeen = map[Event]int{}
				}
				if j, dup := unknownSeen[e]; dup {
					ck.problem(pEvents, i, "", ErrDuplicate, "%s is already %s", e, ck.src.name(pEvents, j, ""))
				} else {
					unknownSeen[e] = i
				}
				continue
			}
			if ck.room(ErrUnknownEvent) {
				name := string(e)
				sugg, retired := suggestEvent(name), retiredEvent(name)
				err := unknownName(ck.src.name(pEvents, i, ""), name, ErrUnknownEvent, sugg, retired)
				ck.keep(newerName(err, name, sugg+retired), pEvents, i, "")
			}
			if wellFormed(string(e)) && retiredEvent(string(e)) == "" {
				ck.lenient++
			}
			continue
		}
		j := eventIndex(string(e))
		if seen[j/64]&(1<<(j%64)) != 0 {
			ck.problem(pEvents, i, "", ErrDuplicate, "%s is already %s", e, ck.src.name(pEvents, slices.Index(c.Events, e), ""))
			continue
		}
		seen[j/64] |= 1 << (j % 64)
		switch {
		case ei.delivery == deliveryAlways:
			ck.problem(pEvents, i, "", ErrNotSubscribable, "every app receives %s without subscribing; leave it out", e)
			continue
		case ei.delivery == deliveryNever:
			ck.problem(pEvents, i, "", ErrNotSubscribable, "apps cannot receive %s; only other kinds of webhook can", e)
			continue
		case plans != 0 && ei.plans&plans == 0:
			ck.problem(pEvents, i, "", ErrNotOnPlan, "%s is not on %s; it is on %s", e, plans, ei.plans)
		}
		if len(ei.needs) == 0 {
			continue
		}
		ok := ck.src.isHole(pPermissions, -1) // the permissions could not be read
		for _, p := range ei.needs {
			ok = ok || faulted[p] || c.Permissions.level(p) >= LevelRead || (p == PermissionMetadata && anyPermission)
		}
		if !ok {
			names := ""
			for k, p := range ei.needs {
				if k > 0 {
					names += " or "
				}
				names += string(p)
			}
			ck.problem(pEvents, i, "", ErrEventNeedsPermission, "%s needs read or above on %s", e, names)
		}
	}
}

// newerName adds to err, about the unknown name s, a word on AllowUnknown
// when s may be a name GitHub added after the catalogue: well-formed, and
// neither retired nor close to a known name (hints says so: it is the
// suggestion and the retirement, "" for none).
func newerName(err *FieldError, s, hints string) *FieldError {
	if !wellFormed(s) || hints != "" {
		return err
	}
	err.Err = &detail{err: err.Err, msg: message(err.Err) + "; if GitHub added it after ghapp's catalogue (" + CatalogVersion + "), set AllowUnknown"}
	return err
}

// wellFormed reports whether s can be a name GitHub adds later: lower case
// letters, digits and "_", 1 to 100 bytes.
func wellFormed(s string) bool {
	if s == "" || len(s) > maxUnknownName {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

func hasKey(ps Permissions, p Permission) bool {
	_, ok := ps[p]
	return ok
}

// levelList writes a level set as "read or write".
func levelList(s levelSet) string {
	var names []string
	for l := LevelRead; l <= LevelAdmin; l++ {
		if s.has(l) {
			names = append(names, l.String())
		}
	}
	if len(names) == 1 {
		return "only " + names[0]
	}
	out := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			out += " or "
		default:
			out += ", "
		}
		out += n
	}
	return out
}

// indexed returns the wire name of element i of a list: "events[2]".
func indexed(list string, i int) string { return list + "[" + strconv.Itoa(i) + "]" }
