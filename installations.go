package ghapp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// A RepositorySelection says which repositories of its account an
// installation reaches (repository_selection).
type RepositorySelection string

// The repository selections GitHub documents.
const (
	RepositorySelectionAll      RepositorySelection = "all"      // every repository, those created later too
	RepositorySelectionSelected RepositorySelection = "selected" // the repositories the account picked
)

// An Installation is an app installed on an account, as GitHub's REST API
// describes it (GET /app/installations, GET /app/installations/{id}, GET
// /user/installations).
//
// It is read as [App] is: strictly where the library relies on it (id,
// account, target_type, permissions, events, repository_selection,
// suspended_at and the single-file settings must have their documented
// types, the names must be plain, the levels GitHub's), leniently elsewhere,
// and with permission and event names the catalogue does not know kept as
// GitHub sends them.
type Installation struct {
	ID      int64   // the installation's ID (id)
	AppID   int64   // the app's ID (app_id)
	AppSlug string  // the app's slug (app_slug)
	Account Account // the account the app is installed on (account)
	// TargetID and TargetType are that account's ID and type (target_id,
	// target_type): AccountUser, AccountOrganization or AccountEnterprise.
	TargetID   int64
	TargetType string
	// Permissions are the permissions the account granted (permissions),
	// under their registration names. They lag the app's when the app asks
	// for more and the account has not accepted yet.
	Permissions Permissions
	// Events are the webhook events the installation receives (events).
	Events []Event
	// RepositorySelection says which repositories it reaches
	// (repository_selection).
	RepositorySelection RepositorySelection
	// SingleFileName and SingleFilePaths are the files the single_file
	// permission reaches (single_file_name, single_file_paths);
	// HasMultipleSingleFiles is has_multiple_single_files.
	SingleFileName         string
	SingleFilePaths        []string
	HasMultipleSingleFiles bool
	// SuspendedAt is when the installation was suspended (suspended_at),
	// the zero time when it is not; SuspendedBy is the login of who
	// suspended it (suspended_by), "" when unknown.
	SuspendedAt time.Time
	SuspendedBy string
	// HTMLURL is its settings page (html_url),
	// https://github.com/organizations/ORG/settings/installations/ID; see
	// [Installation.SettingsURL].
	HTMLURL   string
	CreatedAt time.Time // created_at
	UpdatedAt time.Time // updated_at
}

// Suspended reports whether the installation is suspended: the app cannot
// reach the account's resources until it is unsuspended.
func (i *Installation) Suspended() bool { return !i.SuspendedAt.IsZero() }

// AccountType returns the type of the account the app is installed on:
// TargetType, or the account's own type when GitHub leaves TargetType out.
func (i *Installation) AccountType() string {
	if i.TargetType != "" {
		return i.TargetType
	}
	return i.Account.Type
}

// installationWire is an installation as the library reads it.
type installationWire struct {
	ID                     int64           `json:"id"`
	AppID                  looseInt        `json:"app_id"`
	AppSlug                looseString     `json:"app_slug"`
	Account                *accountWire    `json:"account"`
	TargetID               looseInt        `json:"target_id"`
	TargetType             nullString      `json:"target_type"`
	Permissions            json.RawMessage `json:"permissions"`
	Events                 json.RawMessage `json:"events"`
	RepositorySelection    string          `json:"repository_selection"`
	SingleFileName         nullString      `json:"single_file_name"`
	SingleFilePaths        []string        `json:"single_file_paths"`
	HasMultipleSingleFiles looseBool       `json:"has_multiple_single_files"`
	SuspendedAt            nullTime        `json:"suspended_at"`
	SuspendedBy            *struct {
		Login looseString `json:"login"`
	} `json:"suspended_by"`
	HTMLURL   looseString `json:"html_url"`
	CreatedAt looseTime   `json:"created_at"`
	UpdatedAt looseTime   `json:"updated_at"`
}

// installation checks w and returns it; field prefixes the keys in errors
// ("[3]." for the fourth of a list).
func (w *installationWire) installation(field string, l *errorList) Installation {
	if w.ID <= 0 {
		l.add(fieldErr(field+"id", ErrBadResponse, "missing, or not a positive number"))
	}
	i := Installation{
		ID: w.ID, AppID: int64(w.AppID), AppSlug: string(w.AppSlug), TargetID: int64(w.TargetID),
		TargetType: string(w.TargetType), RepositorySelection: RepositorySelection(w.RepositorySelection),
		SingleFileName: string(w.SingleFileName), SingleFilePaths: w.SingleFilePaths,
		HasMultipleSingleFiles: bool(w.HasMultipleSingleFiles), SuspendedAt: time.Time(w.SuspendedAt),
		HTMLURL: string(w.HTMLURL), CreatedAt: time.Time(w.CreatedAt), UpdatedAt: time.Time(w.UpdatedAt),
	}
	if w.SuspendedBy != nil {
		i.SuspendedBy = string(w.SuspendedBy.Login)
	}
	i.Account = w.Account.account(field+"account", l)
	if i.TargetType != "" && !safeLogin(i.TargetType) {
		l.add(fieldErr(field+"target_type", ErrBadResponse, "%s is not an account type", quoteBounded(i.TargetType)))
	}
	if !plainName(w.RepositorySelection, 64) {
		l.add(fieldErr(field+"repository_selection", ErrBadResponse, "%s is not a selection such as all or selected", quoteBounded(w.RepositorySelection)))
	}
	i.Permissions = readWirePermissions(field+"permissions", w.Permissions, l.badResponse)
	i.Events = readWireEvents(field+"events", w.Events, l.badResponse)
	return i
}

// GetInstallation reads the installation with the given id of the app whose
// JSON Web Token authenticates hc's requests, with GET
// /app/installations/{id} on t's API, as [GetApp] reads the app and with
// the same errors; a 404 ([ErrNotFound]) means the app has no such
// installation. Use it to confirm the installation_id of a
// [SetupRedirect]. An id that is not positive is a [*FieldError] wrapping
// [ErrInvalidFormat], and no request is made.
func GetInstallation(ctx context.Context, hc *http.Client, t Target, id int64) (*Installation, error) {
	if id <= 0 {
		return nil, fieldErr("installation_id", ErrInvalidFormat, "%d is not an installation's ID, which is positive", id)
	}
	path := "/app/installations/" + strconv.FormatInt(id, 10)
	op := "GET " + path
	endpoint, err := apiEndpoint(t, path)
	if err != nil {
		return nil, err
	}
	body, _, err := apiGet(ctx, hc, endpoint, op)
	if err != nil {
		return nil, err
	}
	var w installationWire
	if err := decodeAnswer(body, &w, "", "an installation"); err != nil {
		return nil, err
	}
	var l errorList
	i := w.installation("", &l)
	if err := l.join(); err != nil {
		return nil, err
	}
	return &i, nil
}

// ListInstallations reads every installation of the app whose JSON Web
// Token authenticates hc's requests, with GET /app/installations on t's
// API: pages of 100, following the Link header, at most [MaxPages] of them.
// Errors are [GetApp]'s; the keys they name start with the installation's
// place in its page ("[3].permissions.checks"). A page of more than 100
// installations, or a next link that leaves the listing or names a page
// read already, wraps [ErrBadResponse]. Past MaxPages, the installations
// read (at most 10,000) come back with an error wrapping [ErrTooMany]; on
// any other error, none do.
func ListInstallations(ctx context.Context, hc *http.Client, t Target) ([]Installation, error) {
	var out []Installation
	err := getPages(ctx, hc, t, "/app/installations", "GET /app/installations", func(body []byte) ([]installationWire, error) {
		var page []installationWire
		if err := decodeAnswer(body, &page, "", "a list of installations"); err != nil {
			return nil, err
		}
		return page, nil
	}, func(page []installationWire) error { return appendInstallations(&out, page, "") })
	return listResult(out, err)
}

// ListUserInstallations reads the installations of the app that the user
// whose access token authenticates hc's requests may reach ("explicit
// permission (:read, :write, or :admin)"), with GET /user/installations on
// t's API, paged as [ListInstallations] pages, with its errors.
func ListUserInstallations(ctx context.Context, hc *http.Client, t Target) ([]Installation, error) {
	var out []Installation
	err := getPages(ctx, hc, t, "/user/installations", "GET /user/installations", func(body []byte) ([]installationWire, error) {
		var page struct {
			Installations []installationWire `json:"installations"`
		}
		if err := decodeAnswer(body, &page, "", "a list of installations"); err != nil {
			return nil, err
		}
		if page.Installations == nil {
			return nil, fieldErr("installations", ErrBadResponse, "missing")
		}
		return page.Installations, nil
	}, func(page []installationWire) error { return appendInstallations(&out, page, "installations") })
	return listResult(out, err)
}

// FindUserInstallation returns the installation with the given id if the
// user whose access token authenticates hc's requests may reach it, as GET
// /user/installations lists them ([ListUserInstallations]): the check
// GitHub's documentation advises before trusting a setup URL's
// installation_id (see [SetupRedirect]). An installation the user cannot
// reach, or that does not exist, is a [*FieldError] for "installation_id"
// wrapping [ErrNotFound]; other errors are ListUserInstallations'.
func FindUserInstallation(ctx context.Context, hc *http.Client, t Target, id int64) (*Installation, error) {
	if id <= 0 {
		return nil, fieldErr("installation_id", ErrInvalidFormat, "%d is not an installation's ID, which is positive", id)
	}
	all, err := ListUserInstallations(ctx, hc, t)
	for k := range all {
		if all[k].ID == id {
			return &all[k], nil
		}
	}
	if err != nil {
		return nil, err
	}
	return nil, fieldErr("installation_id", ErrNotFound, "installation %d is not one the user can reach", id)
}

// appendInstallations checks a page of installations and appends them to
// out; list names the page's array in errors ("" for a top-level array).
func appendInstallations(out *[]Installation, page []installationWire, list string) error {
	var l errorList
	for k := range page {
		*out = append(*out, page[k].installation(fmt.Sprintf("%s[%d].", list, k), &l))
	}
	return l.join()
}

// listResult returns what a listing read: all of it, or, past MaxPages,
// what was read with the error; nothing on any other error.
func listResult(out []Installation, err error) ([]Installation, error) {
	if err != nil && !errors.Is(err, ErrTooMany) {
		return nil, err
	}
	return out, err
}
