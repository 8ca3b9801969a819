/**
 * Small DOM builders. Feed text only ever reaches the page through `textContent` and
 * attributes set with `setAttribute`: nothing here parses HTML.
 */

export type Child = Node | string | null | undefined | false;

export interface ElementOptions {
  className?: string;
  text?: string;
  attrs?: Record<string, string | number | null | undefined>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.attrs) setAttrs(node, options.attrs);
  append(node, children);
  return node;
}

export function setAttrs(node: Element, attrs: Record<string, string | number | null | undefined>): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined) node.removeAttribute(name);
    else node.setAttribute(name, String(value));
  }
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

/** Replace every child of `parent` with `children`. */
export function replaceChildren(parent: Element, children: readonly Child[]): void {
  const nodes: (Node | string)[] = [];
  for (const child of children) if (child !== null && child !== undefined && child !== false) nodes.push(child);
  parent.replaceChildren(...nodes);
}
