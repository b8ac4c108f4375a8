// Plot labels each mark's <g> with aria-label but no role, which assistive
// technologies may ignore and checkers reject: give them the role of a group.
export function labelledGroups(node) {
  for (const g of node.querySelectorAll("g[aria-label]:not([role])"))
    g.setAttribute("role", "group");
  return node;
}

/** A scrolling table must be reachable with the keyboard. */
export function focusableScroll(node, label) {
  node.tabIndex = 0;
  if (label) node.setAttribute("aria-label", label);
  return node;
}
