// Maps GitHub's claims (see Kratos's GitHub provider) to Interview-Prep identity traits: email, name, picture.
// Request the "user:email" scope: without it GitHub does not reveal private email addresses. Only an email
// GitHub has verified is taken; without one the registration fails (email is required), which is intended:
// an unverified address would let anyone claim someone else's account.
local claims = { email_verified: false } + std.extVar('claims');
local has(field) = field in claims && claims[field] != null && claims[field] != '';
local name =
  if has('name') then claims.name
  else if has('nickname') then claims.nickname  // the GitHub login
  else if has('email') then std.split(claims.email, '@')[0]
  else 'GitHub user';

{
  identity: {
    traits: {
      [if has('email') && claims.email_verified then 'email' else null]: claims.email,
      name: std.substr(name, 0, 100),
      [if has('picture') then 'picture' else null]: claims.picture,
    },
  },
}
