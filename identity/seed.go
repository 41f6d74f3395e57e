package identity

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// DemoPassword is every demo account's password. It passes Kratos's password
// policy (8+ characters, not too similar to the email), which seed_test.go
// checks against a real Kratos.
const DemoPassword = "interview-prep-demo"

// DemoLogin is one demo account, for the dev banner.
type DemoLogin struct {
	Email    string
	Password string
	Role     Role
}

// demoUsers are the accounts `make dev` offers; the admin comes first so
// that role changes below never meet "last admin".
var demoUsers = []struct {
	email, name string
	role        Role
}{
	{"admin@interviewprep.dev", "Demo Admin", RoleAdmin},
	{"ada@interviewprep.dev", "Ada Lovelace", RoleInterviewer},
	{"alan@interviewprep.dev", "Alan Turing", RoleInterviewer},
	{"grace@interviewprep.dev", "Grace Hopper", RoleCandidate},
	{"linus@interviewprep.dev", "Linus Torvalds", RoleCandidate},
}

// SeedDemo creates the demo accounts, idempotently: each gets a Kratos
// identity (created through the admin API at kratosAdminURL with a verified
// email and DemoPassword, or the existing identity with that email reused,
// password unchanged) and a user with its demo role.
func SeedDemo(ctx context.Context, kratosAdminURL string, svc *Service) ([]DemoLogin, error) {
	adm, err := baseURL("Kratos admin URL", kratosAdminURL)
	if err != nil {
		return nil, err
	}
	k := &kratos{publicURL: svc.kratos.publicURL, adminURL: adm, http: svc.kratos.http}
	logins := make([]DemoLogin, 0, len(demoUsers))
	for _, d := range demoUsers {
		id, err := demoIdentity(ctx, k, d.email, d.name)
		if err != nil {
			return nil, err
		}
		if _, err := svc.EnsureUser(ctx, id.identity()); err != nil {
			return nil, fmt.Errorf("identity: seed %s: %w", d.email, err)
		}
		if _, err := svc.changeRole(ctx, id.ID, d.role); err != nil {
			return nil, fmt.Errorf("identity: seed %s as %s: %w", d.email, d.role, err)
		}
		logins = append(logins, DemoLogin{Email: d.email, Password: DemoPassword, Role: d.role})
	}
	svc.logger.InfoContext(ctx, "demo users ready", "count", len(logins))
	return logins, nil
}

// demoIdentity returns the identity with email, creating it if missing.
func demoIdentity(ctx context.Context, k *kratos, email, name string) (adminIdentity, error) {
	id, ok, err := k.identityByEmail(ctx, email)
	if err != nil || ok {
		return id, err
	}
	id, err = k.createIdentity(ctx, newIdentity{
		Traits: Traits{Email: email, Name: name}, Password: DemoPassword, Verified: true,
	})
	if errors.Is(err, errIdentityExists) {
		// Created concurrently (or under another case): look again.
		if id, ok, err = k.identityByEmail(ctx, strings.ToLower(email)); err == nil && !ok {
			err = fmt.Errorf("identity: seed %s: Kratos reports it exists but cannot find it", email)
		}
	}
	return id, err
}
