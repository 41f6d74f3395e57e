// Body of Kratos's registration `after` web_hook to POST /internal/kratos/hook (identity package).
function(ctx) {
  identity: {
    id: ctx.identity.id,
    traits: ctx.identity.traits,
  },
}
