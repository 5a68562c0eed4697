package ghapp

import (
	"encoding/pem"
	"io"
	"strconv"
	"strings"
)

// WriteEnv writes the credentials as an env file, with the variable names
// Probot reads: APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, GITHUB_CLIENT_ID and
// GITHUB_CLIENT_SECRET. Values are double-quoted, with the private key's
// newlines written \n, as dotenv readers expect.
//
// Only values of the kind GitHub issues are written, so that no dotenv
// reader can expand, split or end one early: a positive ID; PEM text (lines
// of base64 between "-----BEGIN" and "-----END" lines) for the key; letters,
// digits, ".", "_" and "-" for the client ID and the secrets. Anything else
// (a "$", a quote, a backslash, a space, a control character) is refused
// with a [*FieldError] naming the credential's JSON key (id, pem,
// client_id, client_secret, webhook_secret) and wrapping [ErrInvalidFormat],
// or [ErrRequired] for an empty one (webhook_secret may be empty); the
// error never shows the value, and nothing is written.
func (c AppCredentials) WriteEnv(w io.Writer) error {
	data, err := c.envFile()
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// envFile returns the env file's text, or the problems with the values.
func (c AppCredentials) envFile() ([]byte, error) {
	var errs errorList
	if c.ID <= 0 {
		errs.add(fieldErr("id", ErrInvalidFormat, "not a positive app ID"))
	}
	key := c.PEM.Reveal()
	switch {
	case key == "":
		errs.add(fieldErr("pem", ErrRequired, "no private key"))
	case !pemText(key):
		errs.add(fieldErr("pem", ErrInvalidFormat, "not PEM text: lines of base64 between -----BEGIN and -----END lines"))
	}
	for _, v := range [...]struct {
		key, value string
		optional   bool
	}{
		{"webhook_secret", c.WebhookSecret.Reveal(), true},
		{"client_id", c.ClientID, false},
		{"client_secret", c.ClientSecret.Reveal(), false},
	} {
		switch {
		case v.value == "" && !v.optional:
			errs.add(fieldErr(v.key, ErrRequired, "empty"))
		case v.value != "" && !credentialToken(v.value):
			errs.add(fieldErr(v.key, ErrInvalidFormat, "not of the kind GitHub issues: 1 to 1024 letters, digits, \".\", \"_\" and \"-\""))
		}
	}
	if errs.len() > 0 {
		return nil, errs.join()
	}
	var b strings.Builder
	for _, kv := range [...][2]string{
		{"APP_ID", strconv.FormatInt(c.ID, 10)},
		{"PRIVATE_KEY", strings.ReplaceAll(key, "\n", `\n`)},
		{"WEBHOOK_SECRET", c.WebhookSecret.Reveal()},
		{"GITHUB_CLIENT_ID", c.ClientID},
		{"GITHUB_CLIENT_SECRET", c.ClientSecret.Reveal()},
	} {
		b.WriteString(kv[0] + `="` + kv[1] + "\"\n")
	}
	return []byte(b.String()), nil
}

// credentialToken reports whether s is a client ID or secret of the kind
// GitHub issues: letters, digits, ".", "_" and "-", at most 1024.
func credentialToken(s string) bool {
	if len(s) == 0 || len(s) > 1024 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '.' && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// pemText reports whether s is PEM text as GitHub issues keys: only
// base64's letters, the header's letters, spaces and hyphens, and "\n"
// line ends, beginning with a "-----BEGIN " line, and holding a PEM block.
func pemText(s string) bool {
	if !strings.HasPrefix(s, "-----BEGIN ") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '+' && c != '/' && c != '=' && c != '-' && c != ' ' && c != '\n' {
			return false
		}
	}
	block, _ := pem.Decode([]byte(s))
	return block != nil
}

// WriteEnvFile writes [AppCredentials.WriteEnv]'s env file to path,
// readable and writable by its owner only (mode 0600), atomically: the text
// goes to a new temporary file in the same folder, created with O_EXCL and
// O_NOFOLLOW and synced, which then takes path's name, so that path never
// holds a part of the file, and an existing file is replaced only once the
// new one is complete.
//
// It refuses to replace an existing file, with an error wrapping
// [io/fs.ErrExist], unless overwrite is true. It never writes through or
// replaces a symbolic link, a file with other hard links, a FIFO or
// anything else that is not a regular file: those are errors wrapping
// [ErrUnsafeFile] (and fs.ErrExist). Values WriteEnv refuses are refused
// before any file is made. Other errors are the file system's, wrapped.
func (c AppCredentials) WriteEnvFile(path string, overwrite bool) error {
	data, err := c.envFile()
	if err != nil {
		return err
	}
	return writeFileAtomic(path, data, overwrite, "env file")
}
