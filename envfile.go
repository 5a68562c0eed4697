package ghapp

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// WriteEnv writes the credentials as an env file, with the variable names
// Probot reads: APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GITHUB_CLIENT_ID and
// GITHUB_CLIENT_SECRET. Values are double-quoted, with newlines written \n,
// as dotenv readers expect.
func (c AppCredentials) WriteEnv(w io.Writer) error {
	var b strings.Builder
	for _, kv := range [][2]string{
		{"APP_ID", strconv.FormatInt(c.ID, 10)},
		{"PRIVATE_KEY", c.PEM},
		{"WEBHOOK_SECRET", c.WebhookSecret},
		{"GITHUB_CLIENT_ID", c.ClientID},
		{"GITHUB_CLIENT_SECRET", c.ClientSecret},
	} {
		b.WriteString(kv[0] + "=" + envQuote(kv[1]) + "\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// envQuote double-quotes v for an env file.
func envQuote(v string) string {
	var b strings.Builder
	b.Grow(len(v) + 2)
	b.WriteByte('"')
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '\\', '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// WriteEnvFile writes [AppCredentials.WriteEnv]'s env file to path, readable
// and writable by its owner only (mode 0600). It refuses to replace an
// existing file, with an error wrapping [io/fs.ErrExist], unless overwrite is
// true; an overwritten file gets mode 0600 too.
func (c AppCredentials) WriteEnvFile(path string, overwrite bool) (err error) {
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if overwrite {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	f, err := os.OpenFile(path, flags, 0o600)
	if err != nil {
		return fmt.Errorf("ghapp: env file: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("ghapp: env file: %w", cerr)
		}
	}()
	if err := f.Chmod(0o600); err != nil {
		return fmt.Errorf("ghapp: env file: %w", err)
	}
	if err := c.WriteEnv(f); err != nil {
		return fmt.Errorf("ghapp: env file: %w", err)
	}
	return nil
}
