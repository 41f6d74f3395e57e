// Maps a standard OpenID Connect provider's claims (company SSO: Keycloak, Okta, Entra ID, …) to
// Interview-Prep identity traits: email, name, picture. Request the scopes "openid", "email" and "profile".
// Only a verified email is taken; without one the registration fails (email is required).
local claims = { email_verified: false } + std.extVar('claims');
local has(field) = field in claims && claims[field] != null && claims[field] != '';
local name =
  if has('name') then claims.name
  else if has('preferred_username') then claims.preferred_username
  else if has('email') then std.split(claims.email, '@')[0]
  else 'User';

{
  identity: {
    traits: {
      [if has('email') && claims.email_verified then 'email' else null]: claims.email,
      name: std.substr(name, 0, 100),
      [if has('picture') then 'picture' else null]: claims.picture,
    },
  },
}
