/**
 * The route the page shows now, read from the address bar rather than from a render. A screen's effect that
 * changes the URL by itself (a redirect, the URL following the open conversation) runs after the paint, and
 * the user (or a link, or the address bar) may have moved to another screen in between: such an effect first
 * checks the page is still where it was, so it never pulls the user back.
 */
export function currentRoutePath(): string {
  return `/${window.location.hash.replace(/^#?\/?/, '')}`.split('?')[0]!;
}

/** Whether the page still shows `path` or a route under it (`/chat` covers `/chat/<id>`). */
export function isStillOn(path: string): boolean {
  const current = currentRoutePath();
  return current === path || current.startsWith(`${path}/`);
}
