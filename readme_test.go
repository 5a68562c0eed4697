package ghapp_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEExample keeps each of the README's Go snippets a copy of the
// body of a testable example, so the README always compiles and prints what
// it says: the first is ExampleNew, the one in "## Create an app from your
// platform" is ExampleManifestFlow, the ones in "## OAuth Apps" are
// ExampleMissingScopes_request and, from the nested module oauth2test,
// Example_gitHubEnterpriseServer.
func TestREADMEExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	snippets := regexp.MustCompile("(?s)```go\n(.*?)```").FindAllSubmatch(readme, -1)
	examples := []struct {
		file, name, section string
	}{
		{"example_test.go", "ExampleNew", ""},
		{"flow_example_test.go", "ExampleManifestFlow", "## Create an app from your platform"},
		{"headers_test.go", "ExampleMissingScopes_request", "## OAuth Apps"},
		{"oauth2test/example_test.go", "Example_gitHubEnterpriseServer", "## OAuth Apps"},
	}
	if len(snippets) != len(examples) {
		t.Fatalf("README.md has %d Go snippets, want %d", len(snippets), len(examples))
	}
	for i, ex := range examples {
		if ex.section == "" {
			continue
		}
		// The snippet comes after its section's heading and before the next.
		head := strings.Index(string(readme), "\n"+ex.section+"\n")
		at := strings.Index(string(readme), string(snippets[i][0]))
		next := strings.Index(string(readme[head+1:]), "\n## ") + head + 1
		if head < 0 || at < head || next > head && at > next {
			t.Errorf("README.md: snippet %d belongs in %q", i+1, ex.section)
		}
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
