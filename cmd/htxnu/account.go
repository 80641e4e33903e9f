package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"htxnu/internal/auth"
	"htxnu/internal/coop"
	"htxnu/internal/store"
)

// stdinIfPiped returns standard input when it is a pipe or a file, so that
// a password can be given as `echo … | htxnu user add …`; nil on a terminal.
func stdinIfPiped() io.Reader {
	fi, err := os.Stdin.Stat()
	if err != nil || fi.Mode()&os.ModeCharDevice != 0 {
		return nil
	}
	return os.Stdin
}

func userCmd(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "add" {
		return errors.New("usage: htxnu user add --email E --name N --role R [--province CODE]")
	}
	c := newCommand("user add")
	email := c.String("email", "", "e-mail address (the sign-in name)")
	name := c.String("name", "", "full name")
	role := c.String("role", "", "admin, central, provincial, provincial_lead, partner or viewer")
	province := c.String("province", "", "2-digit 2025 province code for a provincial account")
	if err := c.Parse(args[1:]); err != nil {
		return err
	}
	password := ""
	if stdin != nil {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && err != io.EOF {
			return err
		}
		password = strings.TrimRight(line, "\r\n")
	}
	generated := password == ""
	if generated {
		p, err := auth.NewPassword()
		if err != nil {
			return err
		}
		password = p
	}
	db, _, err := openDB(ctx, *c.dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	u := &store.User{Email: *email, Name: *name, Role: *role, Province: *province}
	if err := db.CreateUser(ctx, coop.System, u, password); err != nil {
		return describeErr(err)
	}
	fmt.Fprintf(stdout, "created account %d: %s (%s)\n", u.ID, u.Email, u.Role)
	if generated {
		fmt.Fprintf(stdout, "password (shown once): %s\n", password)
	}
	return nil
}

func tokenCmd(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return errors.New("usage: htxnu token create --user EMAIL [--name NAME]")
	}
	c := newCommand("token create")
	email := c.String("user", "", "e-mail of the account the token acts for")
	name := c.String("name", "command line", "what the token is for")
	db, _, err := c.open(ctx, args[1:])
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, coop.System, *email)
	if err != nil {
		return describeErr(err)
	}
	token, _, err := db.CreateAPIToken(ctx, u.Actor(), *name)
	if err != nil {
		return describeErr(err)
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// describeErr turns a domain error into a readable command-line error.
func describeErr(err error) error {
	msg := coop.ErrorMessage(err)
	for k, v := range coop.ErrorFields(err) {
		msg += "\n  " + k + ": " + v
	}
	if coop.ErrorCode(err) == coop.EINTERNAL {
		return err
	}
	return errors.New(msg)
}
