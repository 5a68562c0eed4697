package ghapp

import (
	"net/url"
	"strings"
)

// rawSemicolonMessage is the problem of a raw ";" in a link's query, in the
// words ParseRegistrationURL uses.
const rawSemicolonMessage = "a raw \";\" separates parameters for some readers and not for others; write it as %3B"

// eachQueryParam calls each with the unescaped key and value of every
// parameter of rawQuery (the text after "?", without "#"), in order, and
// adds to errs the parameters it cannot read, as ParseRegistrationURL
// reports them: a raw ";", which some readers take for a separator and
// others for text, a bad escape and, for a link (link set), a value
// without a name ([ErrMalformed]). secret, when not nil, tells the keys
// whose values no message may show.
func eachQueryParam(rawQuery string, link bool, errs *errorList, secret func(key string) bool, each func(key, val string)) {
	for rest := rawQuery; rest != ""; {
		var part string
		part, rest, _ = strings.Cut(rest, "&")
		if part == "" {
			continue
		}
		rawKey, rawVal, _ := strings.Cut(part, "=")
		key, kerr := queryUnescape(rawKey)
		if strings.IndexByte(part, ';') >= 0 {
			if kerr != nil {
				key = rawKey
			}
			if errs.room(ErrMalformed) {
				errs.put(fieldErr(boundText(key), ErrMalformed, "%s", rawSemicolonMessage))
			}
			continue
		}
		val, verr := queryUnescape(rawVal)
		switch {
		case kerr == nil && verr == nil && (key != "" || !link):
			each(key, val)
		case !errs.room(ErrMalformed):
		case kerr == nil && verr == nil:
			errs.put(fieldErr("", ErrMalformed, "%s is a value without a parameter name", quoteBounded(part)))
		case kerr == nil && secret != nil && secret(key):
			errs.put(fieldErr(boundText(key), ErrMalformed, "not validly escaped"))
		default:
			errs.put(fieldErr(boundText(rawKey), ErrMalformed, "%s is not validly escaped", quoteBounded(part)))
		}
	}
}

// parseLinkURL parses raw, a link to one of GitHub's pages, and adds to
// errs the problem that stops it from being read any further: not a URL,
// or not an http or https one. ok is false then.
func parseLinkURL(raw string, errs *errorList) (u *url.URL, ok bool) {
	u, err := url.Parse(raw)
	if err != nil {
		// The parser's own words may quote the whole of a long part (a
		// port, a host); the link, cut, says where the problem is.
		errs.add(fieldErr("", ErrMalformed, "malformed URL: %s", quoteURL(raw)))
		return nil, false
	}
	if u.Scheme != "https" && u.Scheme != "http" || u.Host == "" {
		errs.add(fieldErr("base_url", ErrInvalidTarget, "%s is not an http or https link", quoteURL(raw)))
		return nil, false
	}
	return u, true
}
