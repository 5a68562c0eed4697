package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// buildBinary builds the command into a temporary directory and returns
// its path.
func buildBinary(tb testing.TB) string {
	tb.Helper()
	bin := filepath.Join(tb.TempDir(), "ghapp")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		tb.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestBinary builds the command and runs it as a user would: its exit
// codes and output are those of run, which the other tests call in-process.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	bin := buildBinary(t)
	for _, args := range [][]string{
		{"lint", in("manifest-bad.json"), in("app-bad.yml"), in("links-bad.txt")},
		{"lint", "--format", "github", in("app-good.yml")},
		{"url", in("app-good.yml")},
		{"lnit"},
		{"lint", in("nope.json")},
		{"help"},
		{"create", "--timeout", "5s", in("manifest-bad.json")},
		{"drift", "--app-id", "1", "--key", in("not-a-key.pem"), in("app-good.yml")},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			cmd := exec.Command(bin, args...)
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			cmd.Env = append(os.Environ(), "NO_COLOR=")
			code := 0
			if err := cmd.Run(); err != nil {
				var ee *exec.ExitError
				if !errors.As(err, &ee) {
					t.Fatal(err)
				}
				code = ee.ExitCode()
			}
			var wantOut, wantErr bytes.Buffer
			wantCode := run(args, strings.NewReader(""), &wantOut, &wantErr)
			if code != wantCode || stdout.String() != wantOut.String() || stderr.String() != wantErr.String() {
				t.Errorf("the binary exits %d with\n%s%s\nrun exits %d with\n%s%s", code, &stdout, &stderr, wantCode, &wantOut, &wantErr)
			}
		})
	}
}

// TestBinaryInterrupt runs ghapp create as a person at a terminal does and
// presses Ctrl-C (SIGINT) while it waits for GitHub: it stops, says so,
// exits 3 and writes no env file.
func TestBinaryInterrupt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	if runtime.GOOS == "windows" {
		t.Skip("os.Interrupt cannot be sent to a process on Windows")
	}
	bin := buildBinary(t)
	env := filepath.Join(t.TempDir(), ".env")
	cmd := exec.Command(bin, "create", "--env", env, "--base", "http://127.0.0.1:1", in("app-good.yml"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	out := bufio.NewReader(stdout)
	first, err := out.ReadString('\n')
	if err != nil || !strings.HasPrefix(first, "Open http://127.0.0.1:") {
		_ = cmd.Process.Kill()
		t.Fatalf("first line %q, %v", first, err)
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	_, _ = io.ReadAll(out)
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != exitInput || !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("ghapp create ended with %v, want exit %d saying it was interrupted\nstderr:\n%s", err, exitInput, &stderr)
	}
	if _, err := os.Lstat(env); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("an env file was left: %v", err)
	}
}

// writeManifests writes n valid manifests, each of its own name, into dir
// and returns their paths.
func writeManifests(tb testing.TB, dir string, n int) []string {
	tb.Helper()
	paths := make([]string, n)
	for i := range paths {
		paths[i] = filepath.Join(dir, fmt.Sprintf("app-%04d.json", i))
		m := fmt.Sprintf(`{
  "name": "octoapp-%04d",
  "url": "https://example.com/%d",
  "hook_attributes": {"url": "https://example.com/%d/hooks"},
  "redirect_url": "https://example.com/%d/setup",
  "description": "Checks pull requests.",
  "default_events": ["check_run", "check_suite", "pull_request", "push", "issues"],
  "default_permissions": {"checks": "write", "contents": "read", "pull_requests": "write", "issues": "read"}
}
`, i, i, i, i)
		if err := os.WriteFile(paths[i], []byte(m), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return paths
}

// BenchmarkLint measures ghapp lint of one manifest and of 1,000, run in
// the test's process: the cost of checking alone, without start-up.
func BenchmarkLint(b *testing.B) {
	paths := writeManifests(b, b.TempDir(), 1000)
	for _, n := range []int{1, 1000} {
		b.Run(fmt.Sprintf("files=%d", n), func(b *testing.B) {
			args := append([]string{"lint"}, paths[:n]...)
			for b.Loop() {
				var stdout, stderr bytes.Buffer
				if code := run(args, strings.NewReader(""), &stdout, &stderr); code != exitOK {
					b.Fatalf("exit code %d: %s%s", code, &stdout, &stderr)
				}
			}
		})
	}
}

// BenchmarkBinary measures the built command as a CI job runs it: ghapp
// help (start-up and nothing else), ghapp lint of one manifest, and of
// 1,000. The difference between help and lint-1000 is the checking.
func BenchmarkBinary(b *testing.B) {
	bin := buildBinary(b)
	paths := writeManifests(b, b.TempDir(), 1000)
	for _, c := range []struct {
		name string
		args []string
	}{
		{"help", []string{"help"}},
		{"lint-1", []string{"lint", paths[0]}},
		{"lint-1000", append([]string{"lint"}, paths...)},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				cmd := exec.Command(bin, c.args...)
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v: %s", err, out)
				}
			}
		})
	}
}
