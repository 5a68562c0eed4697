package ghapp

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
)

// manifestOrder is the order of a manifest's keys, GitHub's documented
// one; the webhook URL stands for the hook_attributes object.
var manifestOrder = [...]param{pName, pHomepageURL, pWebhookURL, pRedirectURL, pCallbackURLs, pSetupURL,
	pDescription, pPublic, pEvents, pPermissions, pRequestOAuthOnInstall, pSetupOnUpdate}

// MarshalJSON writes m as GitHub reads it, keys in GitHub's documented
// order: default_permissions under their registration names, without the
// permissions at LevelNone (GitHub has no "none"); a permission set under
// both of its names is written once, at the registration name's level.
// url is always written, the other keys only when set.
func (m Manifest) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	first := true
	key := func(k string) {
		if !first {
			b.WriteByte(',')
		}
		first = false
		writeJSON(&b, k)
		b.WriteByte(':')
	}
	c := m.config()
	reg := c.bind(&m.RedirectURL)
	for _, p := range manifestOrder {
		pi := &params()[p]
		switch p {
		case pHomepageURL:
			key(pi.manifest)
			writeJSON(&b, m.URL)
			continue
		case pWebhookURL:
			h := m.HookAttributes
			if h == nil {
				continue
			}
			object, urlKey, _ := strings.Cut(pi.manifest, ".")
			_, activeKey, _ := strings.Cut(params()[pWebhookActive].manifest, ".")
			key(object)
			b.WriteByte('{')
			writeJSON(&b, urlKey)
			b.WriteByte(':')
			writeJSON(&b, h.URL)
			if h.Active != nil {
				b.WriteByte(',')
				writeJSON(&b, activeKey)
				b.WriteByte(':')
				writeJSON(&b, *h.Active)
			}
			b.WriteByte('}')
			continue
		}
		f := reg.field(p)
		if f.empty() {
			continue
		}
		key(pi.manifest)
		switch f := f.(type) {
		case flag:
			b.WriteString("true")
		case perms:
			b.WriteByte('{')
			names := make([]Permission, 0, len(*f.p))
			f.p.each(func(p Permission, _ Level) { names = append(names, p) })
			sortPermissions(names)
			ps := f.p.canonical()
			for i, p := range names {
				if i > 0 {
					b.WriteByte(',')
				}
				writeJSON(&b, string(p))
				b.WriteByte(':')
				writeJSON(&b, ps[p].String())
			}
			b.WriteByte('}')
		case events:
			writeJSON(&b, *f.p)
		case links:
			writeJSON(&b, *f.p)
		default:
			writeJSON(&b, f.(interface{ String() string }).String())
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// writeJSON writes v as encoding/json writes it; v is a string, a bool or
// a slice of strings, which it cannot fail on.
func writeJSON(b *bytes.Buffer, v any) {
	data, _ := json.Marshal(v)
	b.Write(data)
}

// ReadManifest reads a manifest as JSON from r, strictly, and checks it
// with [Manifest.Validate]'s rules; json.Unmarshal into a Manifest does the
// same. Every problem comes back at once, each a [*FieldError] named by
// the manifest's keys ("default_permissions.issues", "default_events[2]")
// with the line and column (from 1) of the key or value it is about:
//
//   - text that is not JSON wraps [ErrMalformed] and keeps the
//     *json.SyntaxError for [errors.As]; text that is not valid UTF-8, or
//     holds a lone UTF-16 surrogate, wraps ErrMalformed too, and nothing is
//     replaced by U+FFFD;
//   - an unknown key (a typo such as default_permission, or a registration
//     link's name such as events) wraps [ErrUnknownParameter] and suggests
//     the key meant; a key given twice, or a permission given under both of
//     its names, [ErrDuplicate]; a value of the wrong type, null among
//     them, [ErrMalformed] or [ErrInvalidBool]; a webhook secret
//     [ErrNotSettable] (GitHub makes it);
//   - an unknown level wraps [ErrUnknownLevel], an unknown permission or
//     event [ErrUnknownPermission] or [ErrUnknownEvent]; the good entries
//     of a map or list are kept while the bad ones are reported, and no
//     event is blamed for a permission whose own entry is in error.
//
// When the only problems are well-formed names the catalogue does not know,
// the Manifest comes back holding everything the input said, unknown names
// included, with the error: a caller that wants GitHub's newest names sets
// [Manifest.AllowUnknown] and calls [Manifest.Validate]. With any other
// problem, the Manifest is zero.
func ReadManifest(r io.Reader) (Manifest, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return Manifest{}, err
	}
	var m Manifest
	err = m.UnmarshalJSON(data)
	return m, err
}

// UnmarshalJSON reads a manifest as [ReadManifest] does, with the same
// checks and errors; positions count from the start of data. m is set when
// there is no problem, or only well-formed names the catalogue does not
// know; otherwise it is left as it was.
func (m *Manifest) UnmarshalJSON(data []byte) error {
	n, ck := readManifest(data)
	err := ck.join()
	if err == nil || ck.onlyLenient() {
		*m = n
	}
	return err
}

// readManifest reads and checks the manifest in data.
func readManifest(data []byte) (Manifest, *checker) {
	mr := &manifestReader{jsonReader: jsonReader{data: data}}
	ck := &checker{src: &source{manifest: true, offset: mr.offset}}
	if err := checkJSON(data); err != nil {
		ck.add(err)
		return Manifest{}, ck
	}
	if b := mr.peek(); b != '{' {
		ck.src.text = string(data)
		ck.addAt(fieldErr("", ErrMalformed, "a manifest is a JSON object, not %s", kindOf(b)), mr.pos)
		return Manifest{}, ck
	}
	m := mr.read(ck)
	ck.src.faulted = mr.faulted
	ck.src.text = string(data)
	ck.manifest(&m, 0)
	return m, ck
}

// A manifestReader reads a manifest, keeping where each value stands.
type manifestReader struct {
	jsonReader
	values  [nParams][]int      // the offsets of each setting's value, or of each element of a list
	perms   map[Permission]int  // the offset of each permission's key
	hookAt  int                 // the offset of hook_attributes's key
	faulted map[Permission]bool // the permissions whose entries are in error
	seen    [nParams]bool       // the settings read
}

// read reads the manifest's object.
func (mr *manifestReader) read(ck *checker) Manifest {
	var (
		c        Config
		redirect string
		hook     *HookAttributes
	)
	reg := c.bind(&redirect)
	mr.object(func(key string, keyAt int) {
		mr.space()
		valueAt := mr.pos
		if key == "hook_attributes" {
			if mr.seenKey(ck, key, keyAt, pWebhookURL) {
				return
			}
			mr.hookAt = keyAt
			hook = &HookAttributes{}
			mr.hook(ck, hook)
			return
		}
		p, ok := manifestParam(key)
		if !ok || strings.Contains(key, ".") {
			mr.unknownKey(ck, "", key, keyAt)
			mr.skip()
			return
		}
		if mr.seenKey(ck, key, keyAt, p) {
			return
		}
		mr.values[p] = append(mr.values[p][:0], valueAt)
		mr.value(ck, p, reg.field(p), key)
	})
	m := c.Manifest()
	m.RedirectURL = redirect
	m.HookAttributes = hook
	m.DefaultPermissions = c.Permissions // as read: REST API names stay for Validate to see
	return m
}

// seenKey reports a key given twice, and skips its value.
func (mr *manifestReader) seenKey(ck *checker, key string, at int, p param) bool {
	if !mr.seen[p] {
		mr.seen[p] = true
		return false
	}
	ck.addAt(fieldErr(boundText(key), ErrDuplicate, "given more than once"), at)
	mr.skip()
	return true
}

// unknownKey reports a key a manifest does not have, after prefix
// ("hook_attributes."), suggesting the key meant.
func (mr *manifestReader) unknownKey(ck *checker, prefix, key string, at int) {
	switch key {
	case "webhook_secret", "secret":
		ck.addAt(fieldErr(prefix+key, ErrNotSettable, "GitHub creates the webhook secret in the manifest flow; ConvertManifestCode returns it"), at)
		return
	}
	if prefix == "" {
		if p, ok := paramNamed(key); ok && params()[p].manifest == "" {
			ck.addAt(fieldErr(key, ErrNotSettable, "a manifest cannot set %s; register such an app with a registration link", key), at)
			return
		}
	}
	if !ck.room(ErrUnknownParameter) {
		return
	}
	var suggestion string
	if prefix == "" {
		suggestion = suggestManifestKey(key)
	} else {
		suggestion = suggest(key, func(yield func(string) bool) {
			for i := range params() {
				if k, ok := strings.CutPrefix(params()[i].manifest, prefix); ok && !yield(k) {
					return
				}
			}
		})
	}
	ck.putAt(unknownKey(prefix, key, ErrUnknownParameter, suggestion, "", "key"), at)
}

// suggestManifestKey suggests a manifest key for an unknown one, knowing
// the registration link's names for the same settings.
func suggestManifestKey(key string) string {
	l := strings.TrimSuffix(loose(key), "[]")
	for i := range params() {
		pi := &params()[i]
		if pi.manifest == "" {
			continue
		}
		m, _, _ := strings.Cut(pi.manifest, ".")
		if l == m || l == pi.base() || l+"s" == m || l == strings.TrimSuffix(pi.base(), "s") {
			return m // events -> default_events, webhook_url -> hook_attributes
		}
	}
	switch l {
	case "homepage_url", "homepage":
		return params()[pHomepageURL].manifest
	case "webhook", "hook_url", "hook":
		m, _, _ := strings.Cut(params()[pWebhookURL].manifest, ".")
		return m
	}
	return suggest(key, func(yield func(string) bool) {
		for i := range params() {
			m, _, _ := strings.Cut(params()[i].manifest, ".")
			if m != "" && !yield(m) {
				return
			}
		}
	})
}

// wrongType reports a value of the wrong JSON type at offset at, and skips
// it.
func (mr *manifestReader) wrongType(ck *checker, field, want string, sentinel error) {
	at := mr.pos
	got := kindOf(mr.peek())
	ck.addAt(fieldErr(field, sentinel, "want %s, not %s", want, got), at)
	mr.skip()
}

// text reads a string value; ok is false when it was not one.
func (mr *manifestReader) text(ck *checker, field string) (string, bool) {
	if mr.peek() != '"' {
		mr.wrongType(ck, field, "a string", ErrMalformed)
		return "", false
	}
	at := mr.pos
	s, bad := mr.str()
	if bad != "" {
		ck.addAt(fieldErr(field, ErrMalformed, "%s", bad), at)
		return "", false
	}
	return s, true
}

// value reads setting p's value into f. A value that cannot be read is
// marked, so that no rule reports it missing as well.
func (mr *manifestReader) value(ck *checker, p param, f setting, key string) {
	ok := true
	switch f := f.(type) {
	case flag:
		if b := mr.peek(); b != 't' && b != 'f' {
			mr.wrongType(ck, key, "true or false", ErrInvalidBool)
			ok = false
			break
		}
		*f.p = mr.boolean()
	case perms:
		ok = mr.permissions(ck, f.p, key)
	case events:
		ok = mr.list(ck, p, key, func(s string) { *f.p = append(*f.p, Event(s)) })
	case links:
		ok = mr.list(ck, p, key, func(s string) { *f.p = append(*f.p, s) })
	default:
		var s string
		if s, ok = mr.text(ck, key); ok {
			f.set(s)
		}
	}
	if !ok {
		ck.src.hole(p, -1)
	}
}

// list reads an array of strings, adding each good one; it reports
// whether the value was an array.
func (mr *manifestReader) list(ck *checker, p param, key string, add func(string)) bool {
	if mr.peek() != '[' {
		mr.wrongType(ck, key, "an array", ErrMalformed)
		return false
	}
	mr.values[p] = mr.values[p][:0]
	good := 0
	mr.array(func(i, at int) {
		mr.values[p] = append(mr.values[p], at)
		field := key + "[" + itoa(i) + "]"
		if s, ok := mr.text(ck, field); ok {
			add(s)
			good++
		} else {
			// Keep the indexes of later elements as written: a bad element
			// leaves a hole, which the rules pass over.
			add("")
			ck.src.hole(p, i)
		}
	})
	return true
}

// permissions reads default_permissions into ps: each good entry is kept,
// each bad one reported. It reports whether the value was an object.
func (mr *manifestReader) permissions(ck *checker, ps *Permissions, key string) bool {
	if mr.peek() != '{' {
		mr.wrongType(ck, key, "an object of permission levels", ErrMalformed)
		return false
	}
	asGiven := map[Permission]string{}
	mr.object(func(name string, at int) {
		field := key + "." + boundText(name)
		p := Permission(name).Canonical()
		if mr.perms == nil {
			mr.perms = map[Permission]int{}
		}
		if prev, dup := asGiven[p]; dup {
			why := "given more than once"
			if prev != name {
				why = "the same permission as " + quoteBounded(prev) + ", given already"
			}
			ck.addAt(fieldErr(field, ErrDuplicate, "%s", why), at)
			mr.skip()
			return
		}
		asGiven[p] = name
		mr.perms[Permission(name)] = at
		if !p.Known() && (!wellFormed(name) || retiredPermission(name) != "") {
			// Not a name GitHub could add: report it here, with its
			// suggestion or its retirement, and keep it out of the rules;
			// its level says nothing more.
			if ck.room(ErrUnknownPermission) {
				ck.putAt(unknownPermissionKey(key+".", name), at)
			}
			mr.fault(p)
			mr.skip()
			return
		}
		if mr.peek() != '"' {
			what := "a level (read, write or admin)"
			mr.wrongType(ck, field, what, ErrUnknownLevel)
			mr.fault(p)
			return
		}
		valueAt := mr.pos
		s, bad := mr.str()
		l, err := ParseLevel(s)
		switch {
		case bad != "":
			ck.addAt(fieldErr(field, ErrMalformed, "%s", bad), valueAt)
			mr.fault(p)
			return
		case err != nil || s == "":
			if ck.room(ErrUnknownLevel) {
				ck.putAt(unknownLevel(field, s), valueAt)
			}
			mr.fault(p)
			return
		case l == LevelNone:
			return
		}
		if *ps == nil {
			*ps = Permissions{}
		}
		(*ps)[Permission(name)] = l
	})
	return true
}

// fault marks p's entry as reported.
func (mr *manifestReader) fault(p Permission) {
	if mr.faulted == nil {
		mr.faulted = map[Permission]bool{}
	}
	mr.faulted[p] = true
}

// hook reads the hook_attributes object into h.
func (mr *manifestReader) hook(ck *checker, h *HookAttributes) {
	object, _, _ := strings.Cut(params()[pWebhookURL].manifest, ".")
	prefix := object + "."
	if mr.peek() != '{' {
		mr.wrongType(ck, object, "an object", ErrMalformed)
		ck.src.hole(pWebhookURL, -1)
		return
	}
	var seen [nParams]bool
	mr.object(func(key string, keyAt int) {
		mr.space()
		valueAt := mr.pos
		p, ok := manifestParam(prefix + key)
		if !ok {
			mr.unknownKey(ck, prefix, key, keyAt)
			mr.skip()
			return
		}
		if seen[p] {
			ck.addAt(fieldErr(prefix+boundText(key), ErrDuplicate, "given more than once"), keyAt)
			mr.skip()
			return
		}
		seen[p] = true
		mr.values[p] = append(mr.values[p][:0], valueAt)
		switch p {
		case pWebhookURL:
			if s, ok := mr.text(ck, prefix+key); ok {
				h.URL = s
			} else {
				ck.src.hole(p, -1)
			}
		case pWebhookActive:
			if b := mr.peek(); b != 't' && b != 'f' {
				mr.wrongType(ck, prefix+key, "true or false", ErrInvalidBool)
				return
			}
			on := mr.boolean()
			h.Active = &on
		}
	})
}

// offset returns the byte offset at which setting p (element i,
// permission perm) stands in the manifest; a setting that is missing is
// placed at the object that should hold it.
func (mr *manifestReader) offset(p param, i int, perm string) int {
	if p == pPermissions && perm != "" {
		if at, ok := mr.perms[Permission(perm)]; ok {
			return at
		}
	}
	switch {
	case i >= 0 && i < len(mr.values[p]):
		return mr.values[p][i]
	case len(mr.values[p]) > 0:
		return mr.values[p][0]
	case p == pWebhookURL || p == pWebhookActive:
		return mr.hookAt
	}
	return 0
}
