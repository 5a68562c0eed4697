package ghapp

import (
	"encoding/json"
	"strconv"
	"strings"
)

// The words of GitHub's GraphQL message for a missing scope, which has read
// the same since at least 2018:
//
//	Your token has not been granted the required scopes to execute this
//	query. The 'login' field requires one of the following scopes:
//	['read:org'], but your token has only been granted the: ['repo']
//	scopes. Please modify your token's scopes at:
//	https://github.com/settings/tokens.
const (
	graphqlRequires = "requires one of the following scopes:"
	graphqlGranted  = "granted the:"
	graphqlType     = "INSUFFICIENT_SCOPES"
)

// maxGraphQLScopes caps the scope names read from one message.
const maxGraphQLScopes = 64

// CheckGraphQLScopes reports whether a GraphQL answer says that the OAuth
// token lacks scopes. GitHub's GraphQL API answers a query a token's scopes
// do not allow with HTTP 200 and, in the body's errors, one error per field
// the token cannot read: type INSUFFICIENT_SCOPES (older answers have no
// type) and a message that names the field, the scopes any one of which it
// needs, and the scopes the token has:
//
//	{"errors": [{"type": "INSUFFICIENT_SCOPES", "message": "Your token has not been
//	granted the required scopes to execute this query. The 'login' field requires
//	one of the following scopes: ['read:org'], but your token has only been granted
//	the: ['repo'] scopes. Please modify your token's scopes at:
//	https://github.com/settings/tokens."}]}
//
// body is the whole answer. It returns nil when no error is about scopes,
// and otherwise the same [*MissingScopesError] as [CheckResponseScopes]
// gives for a REST answer: Granted holds the token's scopes as the message
// names them, Missing the scope that grants least of each field's
// alternatives (normalised, one list for all the fields), and AnyOf the
// alternatives when every field asks for the same ones. Its Request and
// link methods then say what to ask for. Scope names the catalogue does not
// know are kept as GitHub wrote them.
//
// A body that is not JSON, or longer than 1 MiB, is a [*FieldError]
// wrapping [ErrMalformed] or [ErrTooLong]; an error of type
// INSUFFICIENT_SCOPES whose message does not read as above is a
// [*FieldError] for "errors[N].message" wrapping [ErrMissingScopes], which
// quotes none of it. Nothing of the body is echoed in any error. Its cost
// is linear in len(body).
func CheckGraphQLScopes(body []byte) error {
	if len(body) > maxResponse {
		return fieldErr("", ErrTooLong, "a GraphQL answer of %d bytes; at most %d are read", len(body), maxResponse)
	}
	var answer struct {
		Errors []struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &answer); err != nil {
		return fieldErr("", ErrMalformed, "the answer is not a GraphQL JSON object")
	}
	var (
		found    bool
		granted  []Scope
		missing  []Scope
		anyOf    []Scope
		sameAsks = true
		errs     errorList
	)
	for i, e := range answer.Errors {
		if e.Type != graphqlType && !strings.Contains(e.Message, graphqlRequires) {
			continue
		}
		requires, has, ok := readGraphQLScopes(e.Message)
		if !ok {
			if e.Type == graphqlType {
				errs.add(fieldErr("errors["+strconv.Itoa(i)+"].message", ErrMissingScopes,
					"GitHub says the token lacks scopes, in words this package cannot read"))
			}
			continue
		}
		if !found {
			found, granted, anyOf = true, has, requires
		} else if sameAsks && !sameScopes(anyOf, requires) {
			sameAsks = false
		}
		if len(requires) > 0 {
			missing = append(missing, leastScope(requires))
		}
	}
	if !found {
		return errs.join()
	}
	if !sameAsks {
		anyOf = nil
	}
	e := &MissingScopesError{Granted: granted, Missing: NormalizeScopes(missing), AnyOf: anyOf}
	if errs.len() == 0 {
		return e
	}
	errs.errs = append([]error{e}, errs.errs...)
	return errs.join()
}

// readGraphQLScopes reads the scopes a message says a field requires (any
// one of them) and those the token has. ok is false when the message does
// not name the required ones.
func readGraphQLScopes(msg string) (requires, granted []Scope, ok bool) {
	i := strings.Index(msg, graphqlRequires)
	if i < 0 {
		return nil, nil, false
	}
	rest := msg[i+len(graphqlRequires):]
	requires, rest, ok = readScopeList(rest)
	if !ok || len(requires) == 0 {
		return nil, nil, false
	}
	if j := strings.Index(rest, graphqlGranted); j >= 0 {
		granted, _, ok = readScopeList(rest[j+len(graphqlGranted):])
		if !ok {
			return nil, nil, false
		}
	}
	return requires, granted, true
}

// readScopeList reads a list written as GitHub writes it in these messages,
// a Python list of quoted names ("['read:org', 'repo']", "[”]", "[]"),
// after optional spaces, and returns the names and the text after it.
// Quotes are optional and either kind; an empty name is left out. ok is
// false when there is no such list or a name holds bytes no scope has.
func readScopeList(s string) (names []Scope, rest string, ok bool) {
	s = strings.TrimLeft(s, " ")
	if !strings.HasPrefix(s, "[") {
		return nil, s, false
	}
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return nil, s, false
	}
	inner, rest := s[1:end], s[end+1:]
	for item, more := inner, true; more; {
		var name string
		name, item, more = strings.Cut(item, ",")
		name = strings.Trim(strings.TrimSpace(name), `'"`)
		if name == "" {
			continue
		}
		if !validHeaderName(name) || strings.ContainsAny(name, `'",[]`) || len(names) == maxGraphQLScopes {
			return nil, rest, false
		}
		names = append(names, Scope(name))
	}
	return names, rest, true
}

// sameScopes reports whether a and b hold the same names in the same order.
func sameScopes(a, b []Scope) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
