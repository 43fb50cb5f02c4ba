package service

import (
	"context"
	"net/mail"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/lemedia/lemedia/internal/auth"
	"github.com/lemedia/lemedia/internal/domain"
	"github.com/lemedia/lemedia/internal/store"
)

// SetupNeeded reports whether no owner exists yet. Once one does, the answer
// is kept: setup never reopens.
func (s *Service) SetupNeeded(ctx context.Context) (bool, error) {
	if s.ownerExists.get() {
		return false, nil
	}
	has, err := store.HasOwner(ctx, s.Store.DB)
	if err != nil {
		return false, err
	}
	if has {
		s.ownerExists.set()
	}
	return !has, nil
}

// AccountInput is what creating an account takes.
type AccountInput struct {
	Username, Email, Password string
}

// validate checks every field and reports every problem at once.
func (in *AccountInput) validate() error {
	in.Username, in.Email = strings.TrimSpace(in.Username), strings.TrimSpace(in.Email)
	var pw error
	if err := auth.CheckPassword(in.Password); err != nil {
		pw = fieldErr("password", err.Error())
	}
	return collect(validUsername(in.Username), validEmail(in.Email), pw)
}

func validUsername(u string) error {
	n := utf8.RuneCountInString(u)
	if n < 2 || n > 40 {
		return fieldErr("username", "must be 2 to 40 characters")
	}
	for _, r := range u {
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-' || r == '_') {
			return fieldErr("username", "may contain letters, digits, '.', '-' and '_' only")
		}
	}
	return nil
}

func validEmail(e string) error {
	a, err := mail.ParseAddress(e)
	if err != nil || a.Address != e || len(e) > 254 || !strings.Contains(e[strings.LastIndexByte(e, '@'):], ".") {
		return fieldErr("email", "must be an email address such as name@example.org")
	}
	return nil
}

// Setup creates the owner. Of two simultaneous calls exactly one succeeds:
// the database allows one owner row, and the loser gets ErrSetupDone.
func (s *Service) Setup(ctx context.Context, m Meta, in AccountInput) (domain.User, error) {
	if need, err := s.SetupNeeded(ctx); err != nil {
		return domain.User{}, err
	} else if !need {
		return domain.User{}, ErrSetupDone
	}
	if err := in.validate(); err != nil {
		return domain.User{}, err
	}
	hash, err := s.Hasher.Hash(ctx, in.Password)
	if err != nil {
		return domain.User{}, err
	}
	var u domain.User
	err = s.Store.WithTx(ctx, func(tx *store.Tx) error {
		id, err := store.CreateUser(ctx, tx, store.NewUser{Username: in.Username, Email: in.Email, PasswordHash: hash,
			Permissions: domain.PermAdmin, IsOwner: true, Now: s.Now()})
		if err != nil {
			return err
		}
		if u, err = store.UserByID(ctx, tx, id); err != nil {
			return err
		}
		return s.record(ctx, tx, m, &u, "setup.owner_create", userTarget(id), "success", nil)
	})
	if store.IsConflict(err, "owner") {
		return domain.User{}, ErrSetupDone
	}
	if err != nil {
		return domain.User{}, err
	}
	s.ownerExists.set()
	return u, nil
}

// createConflict names the field a uniqueness conflict is about.
func createConflict(err error) error {
	switch {
	case store.IsConflict(err, "username"):
		return fieldErr("username", "is already taken")
	case store.IsConflict(err, "email"):
		return fieldErr("email", "is already used by another account")
	}
	return err
}
