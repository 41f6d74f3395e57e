// Maps Google's OpenID Connect claims to Interview-Prep identity traits: email, name, picture.
// Request the scopes "openid", "email" and "profile". Only an email address Google marks as verified is
// taken; without one the registration fails (email is required), so nobody can sign up with an address
// they do not own.
local claims = { email_verified: false } + std.extVar('claims');
local has(field) = field in claims && claims[field] != null && claims[field] != '';
local name =
  if has('name') then claims.name
  else if has('given_name') then std.join(' ', [claims.given_name] + (if has('family_name') then [claims.family_name] else []))
  else if has('email') then std.split(claims.email, '@')[0]
  else 'Google user';

{
  identity: {
    traits: {
      [if has('email') && claims.email_verified then 'email' else null]: claims.email,
      name: std.substr(name, 0, 100),
      [if has('picture') then 'picture' else null]: claims.picture,
    },
  },
}
