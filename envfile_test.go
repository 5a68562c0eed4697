package ghapp_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/ghapp-dev/ghapp"
)

// envCredentials are credentials whose env file is short to compare.
func envCredentials(t testing.TB) *ghapp.AppCredentials {
	c := testCredentials(t)
	c.PEM = ghapp.NewSecret("-----BEGIN RSA PRIVATE KEY-----\nMIIB+/8=\n-----END RSA PRIVATE KEY-----\n")
	c.WebhookSecret = ghapp.NewSecret("e340154128314309424b7c8e90325147d99fdafa")
	return c
}

const wantEnv = `APP_ID="42"
PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\nMIIB+/8=\n-----END RSA PRIVATE KEY-----\n"
WEBHOOK_SECRET="e340154128314309424b7c8e90325147d99fdafa"
GITHUB_CLIENT_ID="Iv1.client"
GITHUB_CLIENT_SECRET="client-secret-value"
`

// checkEnvFile fails unless path holds want with mode 0600.
func checkEnvFile(t *testing.T, path, want string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, string(data)); diff != "" {
		t.Errorf("%s mismatch (-want +got):\n%s", path, diff)
	}
	if fi, err := os.Lstat(path); err != nil || fi.Mode() != 0o600 {
		t.Errorf("%s: mode %v, %v; want a regular file of mode 0600", path, fi.Mode(), err)
	}
}

// leftovers lists the files in dir other than those named.
func leftovers(t *testing.T, dir string, names ...string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if !strings.Contains(strings.Join(names, "\x00")+"\x00", e.Name()+"\x00") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestWriteEnvFile(t *testing.T) {
	c := envCredentials(t)
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	old := syscall.Umask(0o077 | 0o200) // a umask that would take the owner's write bit
	err := c.WriteEnvFile(path, false)
	syscall.Umask(old)
	if err != nil {
		t.Fatal(err)
	}
	checkEnvFile(t, path, wantEnv)
	if err := c.WriteEnvFile(path, false); !errors.Is(err, fs.ErrExist) || errors.Is(err, ghapp.ErrUnsafeFile) {
		t.Errorf("second write: %v, want fs.ErrExist", err)
	}
	if got := leftovers(t, dir, ".env"); got != nil {
		t.Errorf("files left behind: %v", got)
	}
	if err := c.WriteEnvFile(filepath.Join(t.TempDir(), "missing", ".env"), false); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("write into a missing folder: %v", err)
	}
}

// TestWriteEnvFileOverwrite: an existing file is replaced whole, by a new
// file: whoever has the old one open still reads the old text, which was
// never truncated.
func TestWriteEnvFileOverwrite(t *testing.T) {
	c := envCredentials(t)
	dir := t.TempDir()
	path := filepath.Join(dir, ".env")
	const oldText = "OLD=1\nMORE=2\n"
	if err := os.WriteFile(path, []byte(oldText+strings.Repeat("x", 1000)), 0o644); err != nil {
		t.Fatal(err)
	}
	open, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer open.Close()
	if err := c.WriteEnvFile(path, true); err != nil {
		t.Fatal(err)
	}
	checkEnvFile(t, path, wantEnv)
	buf := make([]byte, len(oldText))
	if _, err := open.Read(buf); err != nil || string(buf) != oldText {
		t.Errorf("the old file was changed in place: %q, %v", buf, err)
	}
	if got := leftovers(t, dir, ".env"); got != nil {
		t.Errorf("files left behind: %v", got)
	}

	// A refused value leaves the old file as it was.
	bad := *c
	bad.ClientSecret = ghapp.NewSecret("has space")
	if err := bad.WriteEnvFile(path, true); !errors.Is(err, ghapp.ErrInvalidFormat) {
		t.Errorf("refused value: %v", err)
	}
	checkEnvFile(t, path, wantEnv)
}

// TestWriteEnvFileRefusesUnsafePaths: a symbolic link (to a file, or
// dangling), a hard link, a FIFO or a folder at the path is never written
// through or replaced, overwrite or not, and what it points to is left as
// it was.
func TestWriteEnvFileRefusesUnsafePaths(t *testing.T) {
	c := envCredentials(t)
	tests := []struct {
		name  string
		setup func(t *testing.T, dir, path string) (check func(t *testing.T))
	}{
		{"symlink to a file", func(t *testing.T, dir, path string) func(*testing.T) {
			target := filepath.Join(dir, "precious")
			_ = os.WriteFile(target, []byte("keep"), 0o644)
			_ = os.Symlink(target, path)
			return func(t *testing.T) { fileIs(t, target, "keep") }
		}},
		{"dangling symlink", func(t *testing.T, dir, path string) func(*testing.T) {
			target := filepath.Join(dir, "created-through-the-link")
			_ = os.Symlink(target, path)
			return func(t *testing.T) {
				if _, err := os.Lstat(target); !errors.Is(err, fs.ErrNotExist) {
					t.Errorf("a file was created through the link: %v", err)
				}
			}
		}},
		{"hard link", func(t *testing.T, dir, path string) func(*testing.T) {
			other := filepath.Join(dir, "other-name")
			_ = os.WriteFile(other, []byte("keep"), 0o600)
			_ = os.Link(other, path)
			return func(t *testing.T) { fileIs(t, other, "keep"); fileIs(t, path, "keep") }
		}},
		{"fifo", func(t *testing.T, dir, path string) func(*testing.T) {
			if err := syscall.Mkfifo(path, 0o600); err != nil {
				t.Skip(err)
			}
			return func(t *testing.T) {
				if fi, err := os.Lstat(path); err != nil || fi.Mode()&fs.ModeNamedPipe == 0 {
					t.Errorf("the FIFO was replaced: %v", err)
				}
			}
		}},
		{"folder", func(t *testing.T, dir, path string) func(*testing.T) {
			_ = os.Mkdir(path, 0o700)
			return func(t *testing.T) {
				if fi, err := os.Lstat(path); err != nil || !fi.IsDir() {
					t.Errorf("the folder was replaced: %v", err)
				}
			}
		}},
	}
	for _, tt := range tests {
		for _, overwrite := range []bool{false, true} {
			name := tt.name
			if overwrite {
				name += " overwrite"
			}
			t.Run(name, func(t *testing.T) {
				dir := t.TempDir()
				path := filepath.Join(dir, ".env")
				check := tt.setup(t, dir, path)
				err := c.WriteEnvFile(path, overwrite)
				if !errors.Is(err, ghapp.ErrUnsafeFile) || !errors.Is(err, fs.ErrExist) {
					t.Errorf("WriteEnvFile = %v, want ErrUnsafeFile and fs.ErrExist", err)
				}
				check(t)
				for _, name := range leftovers(t, dir, ".env", "precious", "other-name") {
					t.Errorf("file left behind: %s", name)
				}
			})
		}
	}
}

func fileIs(t *testing.T, path, want string) {
	t.Helper()
	if data, err := os.ReadFile(path); err != nil || string(data) != want {
		t.Errorf("%s holds %q, %v; want %q", path, data, err, want)
	}
}

// TestWriteEnvRefusesValues: a value outside what GitHub issues is refused,
// named by its JSON key, without showing it, and nothing is written.
func TestWriteEnvRefusesValues(t *testing.T) {
	tests := []struct {
		name   string
		change func(c *ghapp.AppCredentials)
		want   []string
	}{
		{"dollar in a secret", func(c *ghapp.AppCredentials) { c.ClientSecret = ghapp.NewSecret("abc$HOME") }, []string{"client_secret: ErrInvalidFormat"}},
		{"quote", func(c *ghapp.AppCredentials) { c.WebhookSecret = ghapp.NewSecret(`abc"def`) }, []string{"webhook_secret: ErrInvalidFormat"}},
		{"backslash", func(c *ghapp.AppCredentials) { c.WebhookSecret = ghapp.NewSecret(`abc\ndef`) }, []string{"webhook_secret: ErrInvalidFormat"}},
		{"newline", func(c *ghapp.AppCredentials) { c.ClientID = "Iv1\nEVIL=1" }, []string{"client_id: ErrInvalidFormat"}},
		{"backtick", func(c *ghapp.AppCredentials) { c.ClientSecret = ghapp.NewSecret("`id`") }, []string{"client_secret: ErrInvalidFormat"}},
		{"space", func(c *ghapp.AppCredentials) { c.ClientID = "a b" }, []string{"client_id: ErrInvalidFormat"}},
		{"escape", func(c *ghapp.AppCredentials) { c.ClientID = "a\x1b[2J" }, []string{"client_id: ErrInvalidFormat"}},
		{"too long", func(c *ghapp.AppCredentials) { c.ClientSecret = ghapp.NewSecret(strings.Repeat("a", 1025)) }, []string{"client_secret: ErrInvalidFormat"}},
		{"pem with a dollar", func(c *ghapp.AppCredentials) {
			c.PEM = ghapp.NewSecret("-----BEGIN RSA PRIVATE KEY-----\n$(id)\n-----END RSA PRIVATE KEY-----\n")
		}, []string{"pem: ErrInvalidFormat"}},
		{"pem with a quote", func(c *ghapp.AppCredentials) {
			c.PEM = ghapp.NewSecret("-----BEGIN RSA PRIVATE KEY-----\nAA\"\n-----END RSA PRIVATE KEY-----\n")
		}, []string{"pem: ErrInvalidFormat"}},
		{"pem with CR", func(c *ghapp.AppCredentials) {
			c.PEM = ghapp.NewSecret("-----BEGIN RSA PRIVATE KEY-----\r\nAA\r\n-----END RSA PRIVATE KEY-----\r\n")
		}, []string{"pem: ErrInvalidFormat"}},
		{"not pem", func(c *ghapp.AppCredentials) { c.PEM = ghapp.NewSecret("just-a-token") }, []string{"pem: ErrInvalidFormat"}},
		{"no pem block", func(c *ghapp.AppCredentials) { c.PEM = ghapp.NewSecret("-----BEGIN RSA PRIVATE KEY-----\nAAA\n") }, []string{"pem: ErrInvalidFormat"}},
		{"empty", func(c *ghapp.AppCredentials) {
			c.ID, c.ClientID, c.ClientSecret, c.PEM, c.WebhookSecret = 0, "", ghapp.Secret{}, ghapp.Secret{}, ghapp.Secret{}
		}, []string{"id: ErrInvalidFormat", "pem: ErrRequired", "client_id: ErrRequired", "client_secret: ErrRequired"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := envCredentials(t)
			tt.change(c)
			var b strings.Builder
			err := c.WriteEnv(&b)
			if diff := cmp.Diff(tt.want, problems(err)); diff != "" {
				t.Errorf("problems mismatch (-want +got):\n%s", diff)
			}
			if b.Len() != 0 {
				t.Errorf("wrote %q despite the error", b.String())
			}
			for _, s := range []string{"HOME", "EVIL", "id`", "$(id)", strings.Repeat("a", 100)} {
				if err != nil && strings.Contains(err.Error(), s) {
					t.Errorf("the error %q shows the value", err)
				}
			}
			dir := t.TempDir()
			if err := c.WriteEnvFile(filepath.Join(dir, ".env"), false); err == nil {
				t.Error("WriteEnvFile wrote the value")
			}
			if got := leftovers(t, dir); got != nil {
				t.Errorf("files made: %v", got)
			}
		})
	}
	// An empty webhook secret is allowed: GitHub may make none.
	c := envCredentials(t)
	c.WebhookSecret = ghapp.Secret{}
	var b strings.Builder
	if err := c.WriteEnv(&b); err != nil || !strings.Contains(b.String(), "WEBHOOK_SECRET=\"\"\n") {
		t.Errorf("empty webhook secret: %v\n%s", err, b.String())
	}
}

// TestWriteEnvFileDocumentedExample: GitHub's documented answer writes.
func TestWriteEnvFileDocumentedExample(t *testing.T) {
	c, err := ghapp.ParseCredentials(conversionExample(t))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), ".env")
	if err := c.WriteEnvFile(path, false); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), `GITHUB_CLIENT_SECRET="`+exampleClientSecret+`"`) || !strings.Contains(string(data), `PRIVATE_KEY="-----BEGIN RSA PRIVATE KEY-----\n`) {
		t.Errorf("env file:\n%s", data)
	}
}

// envLine is a line a dotenv reader reads the same way whatever its
// dialect: KEY="VALUE", VALUE free of $, `, ", \ and whitespace but spaces,
// except \n escapes.
var envLine = regexp.MustCompile(`^([A-Z_]+)="((?:[^"$` + "`" + `\\\s]| |\\n)*)"$`)

// FuzzWriteEnv: WriteEnv either refuses the credentials, writing nothing
// and showing no value, or writes lines every dotenv reader reads back as
// the same values.
func FuzzWriteEnv(f *testing.F) {
	f.Add(int64(1), "-----BEGIN RSA PRIVATE KEY-----\nMIIB+/8=\n-----END RSA PRIVATE KEY-----\n", "e340154128314309424b", "Iv1.8a61f9b3", "1726be1638095a19")
	f.Add(int64(7), "-----BEGIN RSA PRIVATE KEY-----\n$(id)\n-----END RSA PRIVATE KEY-----\n", `we"ird`, "a\nb=1", "x`y`")
	f.Add(int64(-1), "", "", "", "")
	f.Fuzz(func(t *testing.T, id int64, pemText, webhook, clientID, clientSecret string) {
		c := ghapp.AppCredentials{ID: id, PEM: ghapp.NewSecret(pemText), WebhookSecret: ghapp.NewSecret(webhook), ClientID: clientID, ClientSecret: ghapp.NewSecret(clientSecret)}
		var b strings.Builder
		err := c.WriteEnv(&b)
		if err != nil {
			if b.Len() != 0 || !errors.Is(err, ghapp.ErrInvalidFormat) && !errors.Is(err, ghapp.ErrRequired) {
				t.Fatalf("WriteEnv = %v, wrote %d bytes", err, b.Len())
			}
			// A value in the error text shows a leak, unless the text holds
			// it by chance ("-----BE" in "-----BEGIN"): then a value of the
			// same shape but other letters is not in the text either.
			for i, v := range []string{pemText, webhook, clientSecret} {
				if len(v) < 6 || !strings.Contains(err.Error(), v) {
					continue
				}
				other := c
				switch w := ghapp.NewSecret(shifted(v)); i {
				case 0:
					other.PEM = w
				case 1:
					other.WebhookSecret = w
				case 2:
					other.ClientSecret = w
				}
				if err2 := other.WriteEnv(io.Discard); err2 != nil && strings.Contains(err2.Error(), shifted(v)) {
					t.Errorf("the error %q shows a value", err)
				}
			}
			return
		}
		got := map[string]string{}
		for _, line := range strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n") {
			m := envLine.FindStringSubmatch(line)
			if m == nil {
				t.Fatalf("line %q is not KEY=\"VALUE\" of safe characters", line)
			}
			got[m[1]] = strings.ReplaceAll(m[2], `\n`, "\n")
		}
		want := map[string]string{"APP_ID": strconv.FormatInt(id, 10), "PRIVATE_KEY": pemText, "WEBHOOK_SECRET": webhook, "GITHUB_CLIENT_ID": clientID, "GITHUB_CLIENT_SECRET": clientSecret}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("env file reads back mismatch (-want +got):\n%s", diff)
		}
	})
}

// shifted returns s with each letter and digit moved one along its
// alphabet: the same shape of text, other characters.
func shifted(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r < 'z', r >= 'A' && r < 'Z', r >= '0' && r < '9':
			return r + 1
		case r == 'z':
			return 'a'
		case r == 'Z':
			return 'A'
		case r == '9':
			return '0'
		}
		return r
	}, s)
}
