// Pure helpers over Kratos UI nodes: what to show, where, and in which order. No React here.

import type { InputNode, UiContainer, UiNode, UiText } from './schema'

export function isInput(node: UiNode): node is InputNode {
  return node.attributes.node_type === 'input'
}

export function isHidden(node: UiNode): boolean {
  return isInput(node) && node.attributes.type === 'hidden'
}

export function isSubmit(node: UiNode): node is InputNode {
  return isInput(node) && node.attributes.type === 'submit'
}

/** A field the user fills in: an input that is neither hidden nor a button. */
export function isField(node: UiNode): node is InputNode {
  return isInput(node) && !['hidden', 'submit', 'button'].includes(node.attributes.type)
}

/** A node worth drawing. Scripts (WebAuthn) and JS-triggered buttons need Kratos's JS, which we do not load. */
export function isRenderable(node: UiNode): boolean {
  const kind = node.attributes.node_type
  if (kind === 'script' || kind === 'unknown') return false
  if (isInput(node) && node.attributes.type === 'button') return false
  return true
}

export function nodeName(node: UiNode): string {
  return isInput(node) ? node.attributes.name : ''
}

export function nodeLabel(node: UiNode): string {
  const label = node.meta.label?.text ?? (isInput(node) ? node.attributes.label?.text : undefined)
  return label ?? nodeName(node)
}

/** The string a native form submits for this input (Kratos values may be numbers or booleans). */
export function nodeValue(node: InputNode): string {
  const { value } = node.attributes
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean') return String(value)
  return ''
}

export function isErrorText(message: UiText): boolean {
  return message.type === 'error'
}

// Flow-level messages Kratos sends about one field. We show them under that field instead of at the top.
const FIELD_MESSAGE_TARGETS: Record<number, readonly string[]> = {
  4000006: ['password', 'identifier'], // The provided credentials are invalid…
  4000007: ['traits.email', 'identifier'], // An account with the same identifier exists already.
  4010008: ['code'], // The login code is invalid or has already been used.
  4040003: ['code'], // The registration code is invalid or has already been used.
  4060006: ['code'], // The recovery code is invalid or has already been used.
  4070006: ['code'], // The verification code is invalid or has already been used.
}

/** Moves field-specific flow messages onto the (visible) field they concern. */
export function placeMessages(ui: UiContainer): UiContainer {
  const nodes = ui.nodes.map((node) => ({ ...node, messages: [...node.messages] }))
  const flowMessages: UiText[] = []
  for (const message of ui.messages) {
    const targets = FIELD_MESSAGE_TARGETS[message.id] ?? []
    const target = targets
      .map((name) => nodes.find((node) => isField(node) && node.attributes.name === name))
      .find((node) => node !== undefined)
    if (target) target.messages.push(message)
    else flowMessages.push(message)
  }
  return { ...ui, nodes, messages: flowMessages }
}

/** The nodes that belong in a form: `filter`'s pick plus the default group's hidden inputs (csrf_token). */
export function formNodes(ui: UiContainer, filter?: (node: UiNode) => boolean): UiNode[] {
  return ui.nodes.filter((node) => (node.group === 'default' && isHidden(node)) || (filter ? filter(node) : true))
}

/** OIDC provider buttons (`name="provider"`), drawn as a strip of "Continue with …" buttons. */
export function isProviderButton(node: UiNode): node is InputNode {
  return node.group === 'oidc' && isSubmit(node) && node.attributes.name === 'provider'
}

/**
 * Splits a login or registration flow into the provider buttons and everything else. When the OIDC group also
 * asks for fields (Kratos's second registration step, when the provider did not return every trait), it stays
 * in the main form so the fields and their button submit together.
 */
export function splitProviders(nodes: UiNode[]): { providers: InputNode[]; rest: UiNode[] } {
  const oidcAsksForFields = nodes.some((node) => node.group === 'oidc' && isField(node))
  if (oidcAsksForFields) return { providers: [], rest: nodes }
  return {
    providers: nodes.filter(isProviderButton),
    rest: nodes.filter((node) => !isProviderButton(node)),
  }
}

/** A filter keeping nodes that are not in `nodes` (by identity). */
export function notIn(nodes: readonly UiNode[]): (node: UiNode) => boolean {
  const set = new Set<UiNode>(nodes)
  return (node) => !set.has(node)
}

/** A filter keeping only the nodes in `nodes` (by identity). */
export function oneOf(nodes: readonly UiNode[]): (node: UiNode) => boolean {
  const set = new Set<UiNode>(nodes)
  return (node) => set.has(node)
}

export interface NodeSection {
  group: string
  nodes: UiNode[]
}

function fieldRank(node: UiNode): number {
  if (isSubmit(node)) return 2
  if (isInput(node) && node.attributes.type === 'password') return 1
  return 0
}

/**
 * Groups a form's nodes by Kratos group in first-seen order, `default` first. Inside a group: fields, then
 * password fields, then buttons (Kratos lists the password before the name on registration).
 */
export function sectionNodes(nodes: UiNode[]): NodeSection[] {
  const groups: string[] = []
  for (const node of nodes) if (!groups.includes(node.group)) groups.push(node.group)
  groups.sort((a, b) => Number(b === 'default') - Number(a === 'default'))
  return groups.map((group) => ({
    group,
    nodes: nodes
      .map((node, index) => ({ node, index }))
      .filter(({ node }) => node.group === group)
      .sort((a, b) => fieldRank(a.node) - fieldRank(b.node) || a.index - b.index)
      .map(({ node }) => node),
  }))
}

/**
 * Whether a submit button should skip the browser's `required` checks. Only a `method` button checks, and only
 * when no other group in the same form has a required field (e.g. "email me a code" must not need the password).
 */
export function skipsValidation(button: InputNode, formNodes: UiNode[]): boolean {
  if (button.attributes.name !== 'method') return true
  return formNodes.some(
    (node) =>
      node.group !== button.group && node.group !== 'default' && isField(node) && node.attributes.required === true,
  )
}

export function submitTestId(node: InputNode): string {
  if (node.group === 'oidc') return `oidc-${nodeValue(node)}`
  if (node.attributes.name === 'method') return `submit-${node.group}`
  return `submit-${node.group}-${node.attributes.name}`
}

const KNOWN_PROVIDERS: Record<string, string> = { github: 'GitHub', google: 'Google' }

/** "GitHub", "Google", or the label Kratos has for a generic provider ("Acme SSO"). */
export function providerName(node: UiNode): string {
  const id = isInput(node) ? nodeValue(node) : ''
  const known = KNOWN_PROVIDERS[id.toLowerCase()]
  if (known) return known
  const context = node.meta.label?.context
  const label = context?.provider
  if (typeof label === 'string' && label !== '' && label !== id) return label
  return id ? id.charAt(0).toUpperCase() + id.slice(1) : 'provider'
}

/** Our wording for a few Kratos button labels; anything else keeps Kratos's text. */
export function buttonLabel(node: InputNode): string {
  if (node.group === 'oidc') {
    const name = providerName(node)
    if (node.attributes.name === 'link') return `Link ${name}`
    if (node.attributes.name === 'unlink') return `Unlink ${name}`
    return `Continue with ${name}`
  }
  if (node.meta.label?.id === 1010022) return 'Sign in' // "Sign in with password"
  return nodeLabel(node)
}

const AUTOCOMPLETE: Record<string, string> = {
  identifier: 'username',
  'traits.email': 'email',
  'traits.name': 'name',
  'traits.picture': 'photo',
  code: 'one-time-code',
  email: 'email',
}

export function autocompleteFor(node: InputNode): string | undefined {
  return node.attributes.autocomplete ?? AUTOCOMPLETE[node.attributes.name]
}
