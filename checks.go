package ghapp

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// checkText checks that s is valid UTF-8 without control characters or
// bidirectional overrides; multiline allows line breaks and tabs. It
// returns a *FieldError for field wrapping ErrInvalidText, or nil.
func checkText(field, s string, multiline bool) *FieldError {
	if why := checkTextFor(false, s, multiline); why != "" {
		return fieldErr(field, ErrInvalidText, "%s", why)
	}
	return nil
}

// checkTextFor says what is wrong with the text s, or "": invalid UTF-8, a
// control character, or a bidirectional override (which can make a name
// read as another); for a name shown to installers, any invisible
// formatting character too (zero-width spaces and joiners, soft hyphens,
// byte order marks).
func checkTextFor(name bool, s string, multiline bool) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
		if (c < 0x20 || c == 0x7f) && !(multiline && (c == '\n' || c == '\r' || c == '\t')) {
			return "control character " + runeName(rune(c)) + " at byte " + itoa(i)
		}
	}
	if ascii {
		return ""
	}
	if !utf8.ValidString(s) {
		return "not valid UTF-8"
	}
	for i, r := range s {
		switch {
		case multiline && (r == '\n' || r == '\r' || r == '\t'):
		case unicode.IsControl(r):
			return "control character " + runeName(r) + " at byte " + itoa(i)
		case isBidiControl(r):
			return "bidirectional formatting character " + runeName(r) + " at byte " + itoa(i) + ", which can make text read as other text"
		case name && unicode.Is(unicode.Cf, r):
			return "invisible formatting character " + runeName(r) + " at byte " + itoa(i)
		}
	}
	return ""
}

// isBidiControl reports whether r is one of Unicode's bidirectional
// formatting characters: the marks, embeddings, overrides and isolates.
func isBidiControl(r rune) bool {
	return r == '\u061C' || r == '\u200E' || r == '\u200F' || '\u202A' <= r && r <= '\u202E' || '\u2066' <= r && r <= '\u2069'
}

// runeName writes r as U+XXXX.
func runeName(r rune) string { return fmt.Sprintf("%U", r) }

func itoa(i int) string { return strconv.Itoa(i) }

// checkURL checks a URL setting: absolute http or https with a host, no
// credentials, no spaces or control characters, and no fragment unless
// fragmentOK. It returns a *FieldError for field wrapping ErrInvalidURL, or
// nil.
func checkURL(field, s string, fragmentOK bool) *FieldError {
	if plainURL(s) {
		return nil
	}
	return checkURLFully(field, s, fragmentOK)
}

// checkURLFully is checkURL without the shortcut for plain URLs.
func checkURLFully(field, s string, fragmentOK bool) *FieldError {
	bad := func(format string, args ...any) *FieldError { return fieldErr(field, ErrInvalidURL, format, args...) }
	if s == "" {
		return bad("empty")
	}
	if !utf8.ValidString(s) {
		return bad("not valid UTF-8")
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c <= ' ' || c == 0x7f || c >= utf8.RuneSelf && spaceOrControlAt(s, i) {
			return bad("%s holds a space or control character at byte %d; escape it", quoteURL(s), i)
		}
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return bad("%s does not parse: %v", quoteURL(s), errors.Unwrap(err))
	case u.Scheme != "http" && u.Scheme != "https":
		return bad("%s is not an absolute http or https URL", quoteURL(s))
	case u.Opaque != "" || u.Host == "" || u.Hostname() == "":
		return bad("%s has no host", quoteURL(s))
	case u.User != nil:
		return bad("%s holds credentials; GitHub would show them to everyone", quoteURL(s))
	case !fragmentOK && (u.Fragment != "" || strings.HasSuffix(s, "#")):
		return bad("%s has a fragment, which GitHub does not send", quoteURL(s))
	}
	if why := checkHost(u); why != "" {
		return bad("%s: %s", quoteURL(s), why)
	}
	return nil
}

// plainURL reports whether s is an http or https URL of the plainest
// kind, which checkURL would accept: a host name of letters, digits,
// hyphens and dots (with an optional port), then a path and query of
// URL-safe characters and valid escapes, and no fragment. It allocates
// nothing, and saves url.Parse for the links most settings hold; anything
// else gets the full check.
func plainURL(s string) bool {
	rest, ok := strings.CutPrefix(s, "https://")
	if !ok {
		if rest, ok = strings.CutPrefix(s, "http://"); !ok {
			return false
		}
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	host := rest[:end]
	if host == "" || strings.ContainsAny(host, "@[%") || checkHostText(host) != "" {
		return false
	}
	for i := end; i < len(rest); i++ {
		c := rest[i]
		switch {
		case isAlnum(c) || strings.IndexByte("-._~!$&'()*+,;=:@/?", c) >= 0:
		case c == '%' && i+2 < len(rest) && isHex(rest[i+1]) && isHex(rest[i+2]):
			i += 2
		default:
			return false
		}
	}
	return true
}

func isHex(c byte) bool { return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// spaceOrControlAt reports whether the rune at byte i of s is a space,
// a control or a bidirectional formatting character.
func spaceOrControlAt(s string, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[i:])
	return unicode.IsControl(r) || unicode.IsSpace(r) || isBidiControl(r)
}

// checkRepoPath says what is wrong with a single-file path, or "": it must
// be relative, inside the repository, and valid text.
func checkRepoPath(p string) string {
	if why := checkTextFor(false, p, false); why != "" {
		return why
	}
	switch {
	case p == "":
		return "empty"
	case strings.HasPrefix(p, "/") || strings.HasPrefix(p, `\`):
		return quoteBounded(p) + " starts with a slash; write the path from the repository root without one"
	}
	for _, seg := range strings.FieldsFunc(p, func(r rune) bool { return r == '/' || r == '\\' }) {
		if seg == ".." {
			return quoteBounded(p) + " leaves the repository with .."
		}
	}
	return ""
}
