package ghapp_test

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEExample keeps the README's Go snippet a copy of the body of the
// testable example ExampleNew, so the README always compiles and prints what
// it says.
func TestREADMEExample(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	src, err := os.ReadFile("example_test.go")
	if err != nil {
		t.Fatal(err)
	}
	body := regexp.MustCompile(`(?s)\nfunc ExampleNew\(\) \{\n(.*?)\t// Output:`).FindSubmatch(src)
	if body == nil {
		t.Fatal("ExampleNew not found")
	}
	snippet := regexp.MustCompile("(?s)```go\n(.*?)```").FindSubmatch(readme)
	if snippet == nil {
		t.Fatal("README.md has no Go snippet")
	}
	want := strings.ReplaceAll(string(body[1]), "\n\t", "\n")
	want = strings.TrimPrefix(want, "\t")
	if got := string(snippet[1]); got != want {
		t.Errorf("README.md's snippet is not a copy of ExampleNew:\n--- README\n%s--- example\n%s", got, want)
	}
}
