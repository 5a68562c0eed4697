package ghapp_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEExample keeps each of the README's Go snippets a copy of the
// body of a testable example, so the README always compiles and prints what
// it says: the first is ExampleNew, the ones in "## OAuth Apps" are
// ExampleMissingScopes_request and, from the nested module oauth2test,
// Example_gitHubEnterpriseServer.
func TestREADMEExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	snippets := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(readme, -1)
	examples := []struct {
		file, name string
	}{
		{"example_test.go", "ExampleNew"},
		{"headers_test.go", "ExampleMissingScopes_request"},
		{"oauth2test/example_test.go", "Example_gitHubEnterpriseServer"},
	}
	if len(snippets) != len(examples) {
		t.Fatalf("README.md has %d Go snippets, want %d", len(snippets), len(examples))
	}
	if i := strings.Index(string(readme), "## OAuth Apps"); i < 0 || i > strings.Index(string(readme), string(snippets[1][0])) ||
		strings.Index(string(readme), "## The catalogue") < i {
		t.Error(`README.md: the second snippet belongs in "## OAuth Apps", just before "## The catalogue"`)
	}
	for i, ex := range examples {
		src, err := os.ReadFile(ex.file)
		if err != nil {
			t.Fatal(err)
		}
		body := regexp.MustCompile(`(?s)\nfunc ` + ex.name + `\(\) \{\n(.*?)\t// Output:`).FindSubmatch(src)
		if body == nil {
			t.Fatalf("%s not found in %s", ex.name, ex.file)
		}
		want := strings.ReplaceAll(string(body[1]), "\n\t", "\n")
		want = strings.TrimPrefix(want, "\t")
		if got := string(snippets[i][1]); got != want {
			t.Errorf("README.md's snippet %d is not a copy of %s:\n--- README\n%s--- example\n%s", i+1, ex.name, got, want)
		}
	}
}
