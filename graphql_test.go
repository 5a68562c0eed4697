package ghapp_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// graphqlMessage is GitHub's message for one field, as it has read since
// 2018.
func graphqlMessage(field, requires, granted string) string {
	return "Your token has not been granted the required scopes to execute this query. The '" + field +
		"' field requires one of the following scopes: " + requires + ", but your token has only been granted the: " + granted +
		" scopes. Please modify your token's scopes at: https://github.com/settings/tokens."
}

// The answers below are GitHub's, as public reports quote them; each names
// its source. Only the body is quoted: the reports' tokens and headers are
// not.
var realGraphQLAnswers = []struct {
	source string
	body   string
	want   *ghapp.MissingScopesError
}{
	{
		// 2018: no "type" yet; two scopes any one of which will do.
		source: "https://github.com/mntnr/name-your-contributors/issues/67",
		body: `{"data": null, "errors": [{"message": "` + graphqlMessage("email", "['user:email', 'read:user']", "['repo']") +
			`", "locations": [{"line": 9, "column": 1}]}]}`,
		want: &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeRepo}, Missing: []ghapp.Scope{ghapp.ScopeUserEmail},
			AnyOf: []ghapp.Scope{ghapp.ScopeUserEmail, ghapp.ScopeReadUser}},
	},
	{
		// 2018: a mutation, the token with one scope repo does not include.
		source: "https://github.com/symfony/thanks/issues/41",
		body: `{"data": null, "errors": [{"message": "` + graphqlMessage("addStar", "['public_repo', 'gist']", "['repo:status']") +
			`", "locations": [{"line": 2, "column": 1}]}]}`,
		want: &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeRepoStatus}, Missing: []ghapp.Scope{ghapp.ScopePublicRepo},
			AnyOf: []ghapp.Scope{ghapp.ScopePublicRepo, ghapp.ScopeGist}},
	},
	{
		// 2018: the token has two scopes.
		source: "https://github.com/mntnr/name-your-contributors/issues/72",
		body: `{"data": null, "errors": [{"message": "` + graphqlMessage("name", "['read:org']", "['repo', 'user']") +
			`", "locations": [{"line": 122, "column": 1}]}]}`,
		want: &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeUser}, Missing: []ghapp.Scope{ghapp.ScopeReadOrg},
			AnyOf: []ghapp.Scope{ghapp.ScopeReadOrg}},
	},
	{
		// 2022: "type": "INSUFFICIENT_SCOPES", before "locations".
		source: "https://github.com/antfu-collective/sponsorkit/pull/6",
		body: `{"errors": [{"type": "INSUFFICIENT_SCOPES", "locations": [{"line": 10, "column": 9}], "message": "` +
			graphqlMessage("createdAt", "['read:user']", "['read:org']") + `"}]}`,
		want: &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeReadOrg}, Missing: []ghapp.Scope{ghapp.ScopeReadUser},
			AnyOf: []ghapp.Scope{ghapp.ScopeReadUser}},
	},
	{
		// 2022: two fields of one query, the same scope each.
		source: "https://github.com/actions/add-to-project/issues/139",
		body: `{"errors": [{"type": "INSUFFICIENT_SCOPES", "message": "` + graphqlMessage("projectV2", "['read:project']", "['repo', 'write:org']") +
			`"}, {"type": "INSUFFICIENT_SCOPES", "message": "` + graphqlMessage("id", "['read:project']", "['repo', 'write:org']") + `"}]}`,
		want: &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeRepo, ghapp.ScopeWriteOrg}, Missing: []ghapp.Scope{ghapp.ScopeReadProject},
			AnyOf: []ghapp.Scope{ghapp.ScopeReadProject}},
	},
	{
		// 2026: gh's token has read:project, the mutation needs project.
		source: "https://github.com/cli/cli/issues/12585",
		body: `{"data": {"addProjectV2ItemById": null}, "errors": [{"type": "INSUFFICIENT_SCOPES", "path": ["addProjectV2ItemById"], "message": "` +
			graphqlMessage("addProjectV2ItemById", "['project']", "['gist', 'read:org', 'read:project', 'repo', 'workflow']") + `"}]}`,
		want: &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeGist, ghapp.ScopeReadOrg, ghapp.ScopeReadProject, ghapp.ScopeRepo, ghapp.ScopeWorkflow},
			Missing: []ghapp.Scope{ghapp.ScopeProject}, AnyOf: []ghapp.Scope{ghapp.ScopeProject}},
	},
	{
		// 2026: many fields, in a body with data and an error of
		// another type.
		source: "https://github.com/cli/cli/issues/12904",
		body: `{"data": {"repository": {"pullRequest": {"title": "x"}}}, "errors": [` +
			`{"type": "INSUFFICIENT_SCOPES", "locations": [{"line": 1, "column": 218}], "message": "` + graphqlMessage("id", "['read:project']", "['gist', 'read:org', 'repo']") + `"}, ` +
			`{"type": "NOT_FOUND", "message": "Could not resolve to a node"}, ` +
			`{"type": "INSUFFICIENT_SCOPES", "locations": [{"line": 1, "column": 232}], "message": "` + graphqlMessage("title", "['read:project']", "['gist', 'read:org', 'repo']") + `"}]}`,
		want: &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeGist, ghapp.ScopeReadOrg, ghapp.ScopeRepo},
			Missing: []ghapp.Scope{ghapp.ScopeReadProject}, AnyOf: []ghapp.Scope{ghapp.ScopeReadProject}},
	},
}

func TestCheckGraphQLScopesRealAnswers(t *testing.T) {
	for _, tt := range realGraphQLAnswers {
		t.Run(tt.source, func(t *testing.T) {
			err := ghapp.CheckGraphQLScopes([]byte(tt.body))
			var me *ghapp.MissingScopesError
			if !errors.As(err, &me) || !errors.Is(err, ghapp.ErrMissingScopes) {
				t.Fatalf("CheckGraphQLScopes = %v, want a *MissingScopesError", err)
			}
			if diff := cmp.Diff(tt.want, me); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			// Asking for what Request says gives a token GitHub's
			// requirement accepts.
			if m := ghapp.MissingScopes(me.Request(), me.Missing); m != nil {
				t.Errorf("Request() %v lacks %v", me.Request(), m)
			}
		})
	}
}

func TestCheckGraphQLScopes(t *testing.T) {
	msg := func(field, requires, granted string) string {
		return `{"type": "INSUFFICIENT_SCOPES", "message": "` + graphqlMessage(field, requires, granted) + `"}`
	}
	tests := []struct {
		name     string
		body     string
		want     *ghapp.MissingScopesError // nil: no scope error
		problems []string                  // the other problems
	}{
		{name: "success", body: `{"data": {"viewer": {"login": "octocat"}}}`},
		{name: "other errors", body: `{"errors": [{"type": "NOT_FOUND", "message": "Could not resolve to a Repository"}, {"message": "Something went wrong"}]}`},
		{name: "an empty errors array", body: `{"errors": []}`},
		{name: "a token with no scope", body: `{"errors": [` + msg("login", "['read:org']", "['']") + `]}`,
			want: &ghapp.MissingScopesError{Missing: []ghapp.Scope{ghapp.ScopeReadOrg}, AnyOf: []ghapp.Scope{ghapp.ScopeReadOrg}}},
		{name: "an empty list", body: `{"errors": [` + msg("login", "['read:org']", "[]") + `]}`,
			want: &ghapp.MissingScopesError{Missing: []ghapp.Scope{ghapp.ScopeReadOrg}, AnyOf: []ghapp.Scope{ghapp.ScopeReadOrg}}},
		{name: "fields asking for different scopes", body: `{"errors": [` + msg("email", "['user:email', 'read:user']", "['repo']") + `, ` +
			msg("login", "['read:org']", "['repo']") + `, ` + msg("avatarUrl", "['read:user']", "['repo']") + `]}`,
			want: &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeRepo}, Missing: []ghapp.Scope{ghapp.ScopeReadOrg, ghapp.ScopeReadUser, ghapp.ScopeUserEmail}}},
		{name: "the least of the alternatives", body: `{"errors": [` + msg("x", "['admin:org', 'write:org', 'read:org']", "['gist']") + `]}`,
			want: &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeGist}, Missing: []ghapp.Scope{ghapp.ScopeReadOrg},
				AnyOf: []ghapp.Scope{ghapp.ScopeAdminOrg, ghapp.ScopeWriteOrg, ghapp.ScopeReadOrg}}},
		{name: "a scope the catalogue does not know", body: `{"errors": [` + msg("x", "['read:discussion']", "['repo']") + `]}`,
			want: &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeRepo}, Missing: []ghapp.Scope{"read:discussion"}, AnyOf: []ghapp.Scope{"read:discussion"}}},
		{name: "double quotes", body: `{"errors": [{"message": "` + graphqlMessage("x", `[\"read:org\"]`, `[\"repo\"]`) + `"}]}`,
			want: &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeRepo}, Missing: []ghapp.Scope{ghapp.ScopeReadOrg}, AnyOf: []ghapp.Scope{ghapp.ScopeReadOrg}}},
		{name: "without the granted part", body: `{"errors": [{"type": "INSUFFICIENT_SCOPES", "message": "The 'x' field requires one of the following scopes: ['read:org']."}]}`,
			want: &ghapp.MissingScopesError{Missing: []ghapp.Scope{ghapp.ScopeReadOrg}, AnyOf: []ghapp.Scope{ghapp.ScopeReadOrg}}},

		{name: "not JSON", body: `<html>502</html>`, problems: []string{": ErrMalformed"}},
		{name: "errors of the wrong type", body: `{"errors": "no"}`, problems: []string{": ErrMalformed"}},
		{name: "a message this package cannot read", body: `{"errors": [{"type": "INSUFFICIENT_SCOPES", "message": "Your token lacks scopes."}]}`,
			problems: []string{"errors[0].message: ErrMissingScopes"}},
		{name: "a list with a space in a name", body: `{"errors": [{"type": "INSUFFICIENT_SCOPES", "message": "` + graphqlMessage("x", "['read org']", "['repo']") + `"}]}`,
			problems: []string{"errors[0].message: ErrMissingScopes"}},
		{name: "a list with one bad name among good ones", body: `{"errors": [{"type": "INSUFFICIENT_SCOPES", "message": "` + graphqlMessage("x", "['read:org', 'bad name']", "['repo']") + `"}]}`,
			problems: []string{"errors[0].message: ErrMissingScopes"}},
		{name: "an unclosed list", body: `{"errors": [{"type": "INSUFFICIENT_SCOPES", "message": "The 'x' field requires one of the following scopes: ['read:org'"}]}`,
			problems: []string{"errors[0].message: ErrMissingScopes"}},
		{name: "one readable, one not", body: `{"errors": [{"type": "INSUFFICIENT_SCOPES", "message": "?"}, ` + msg("x", "['gist']", "['repo']") + `]}`,
			want:     &ghapp.MissingScopesError{Granted: []ghapp.Scope{ghapp.ScopeRepo}, Missing: []ghapp.Scope{ghapp.ScopeGist}, AnyOf: []ghapp.Scope{ghapp.ScopeGist}},
			problems: []string{"errors[0].message: ErrMissingScopes"}},
		{name: "too long", body: `{"errors": [], "data": "` + strings.Repeat("a", 1<<20) + `"}`, problems: []string{": ErrTooLong"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ghapp.CheckGraphQLScopes([]byte(tt.body))
			var me *ghapp.MissingScopesError
			errors.As(err, &me)
			if diff := cmp.Diff(tt.want, me); diff != "" {
				t.Errorf("mismatch (-want +got):\n%s", diff)
			}
			var got []string
			for _, p := range problems(err) {
				if !strings.HasPrefix(p, "?: ghapp: missing scope") { // the *MissingScopesError itself
					got = append(got, p)
				}
			}
			if diff := cmp.Diff(tt.problems, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
			if err != nil && strings.Contains(err.Error(), "Please modify") {
				t.Errorf("the error %q echoes the body", err)
			}
		})
	}
}

func FuzzCheckGraphQLScopes(f *testing.F) {
	for _, a := range realGraphQLAnswers {
		f.Add([]byte(a.body))
	}
	f.Add([]byte(`{"errors": [{"type": "INSUFFICIENT_SCOPES", "message": "requires one of the following scopes: [,,'] granted the: ["}]}`))
	f.Add([]byte(`{"errors": [{"message": "requires one of the following scopes: []"}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, body []byte) {
		err := ghapp.CheckGraphQLScopes(body)
		if err == nil {
			return
		}
		var me *ghapp.MissingScopesError
		if errors.As(err, &me) {
			if len(me.Missing) == 0 {
				t.Fatalf("a *MissingScopesError with nothing missing: %+v", me)
			}
			for _, s := range append(append(me.Missing, me.Granted...), me.AnyOf...) {
				if s == "" || strings.ContainsAny(string(s), " ,'\"[]") {
					t.Fatalf("a scope name %q", s)
				}
			}
		} else if other := notFieldErrors(err); other != nil {
			t.Fatalf("problems that are not *FieldErrors: %v", other)
		}
		_ = err.Error()
	})
}

func ExampleCheckGraphQLScopes() {
	// A GraphQL answer with HTTP 200, as GitHub sends it for a token
	// without read:org.
	body := []byte(`{"data": null, "errors": [{"type": "INSUFFICIENT_SCOPES", "locations": [{"line": 1, "column": 9}],
		"message": "Your token has not been granted the required scopes to execute this query. The 'login' field requires one of the following scopes: ['read:org'], but your token has only been granted the: ['repo'] scopes. Please modify your token's scopes at: https://github.com/settings/tokens."}]}`)
	err := ghapp.CheckGraphQLScopes(body)
	fmt.Println(err)
	var missing *ghapp.MissingScopesError
	if errors.As(err, &missing) {
		fmt.Println("ask for:", missing.Request())
	}
	// Output:
	// ghapp: missing scope: read:org
	// ask for: [read:org repo]
}
